import { type Expression, type SqlBool, sql } from 'kysely';
import type { RequestContext } from '../../lib/context.js';
import { FilterError } from '../../lib/filter/filter-error.js';
import type { CompareOp, FilterValue } from '../../lib/filter/filter-parser.js';
import type { FilterAttribute, FilterAttributes } from '../../lib/filter/filter-sql.js';
import { activeNow } from './roles.repository.js';

// The customer list's row, which these conditions are correlated with.
const customerId = sql.ref('customers.id');

/**
 * `group` and `role` in the customer filter language, as EXISTS subqueries on this module's
 * tables. The code is resolved to its id once (groups_code / roles_code), so a group with
 * millions of members is read through group_members_group (tenant_id, group_id, customer_id)
 * and a customer's memberships through group_members_customer, whichever the plan prefers.
 */
export function belongingFilterAttributes(ctx: RequestContext): FilterAttributes {
  const t = ctx.tenantId;
  const groupId = (code: string) =>
    sql`(select g.id from groups g where g.tenant_id = ${t} and lower(g.code) = lower(${code}))`;
  const roleId = (code: string) =>
    sql`(select r.id from roles r where r.tenant_id = ${t} and lower(r.code) = lower(${code}))`;
  const membership = (extra: Expression<SqlBool> | null) =>
    sql<SqlBool>`exists (select 1 from group_members gm where gm.tenant_id = ${t} and gm.customer_id = ${customerId}${extra ? sql` and ${extra}` : sql``} and ${activeNow})`;
  const inGroup = (code: string | null) =>
    membership(code === null ? null : sql<SqlBool>`gm.group_id = ${groupId(code)}`);

  const direct = (code: string | null) =>
    sql<SqlBool>`exists (select 1 from customer_roles cr where cr.tenant_id = ${t} and cr.customer_id = ${customerId}${code === null ? sql`` : sql` and cr.role_id = ${roleId(code)}`})`;
  const throughGroup = (code: string | null) =>
    membership(
      sql<SqlBool>`exists (select 1 from group_roles gr where gr.tenant_id = gm.tenant_id and gr.group_id = gm.group_id${code === null ? sql`` : sql` and gr.role_id = ${roleId(code)}`})`,
    );
  const holdsRole = (code: string | null) => sql<SqlBool>`(${direct(code)} or ${throughGroup(code)})`;

  return { group: membershipAttribute('group', inGroup), role: membershipAttribute('role', holdsRole) };
}

/**
 * eq/ne a code, pr (holds any), and `eq null` / `ne null` as "holds none" / "holds any", as the
 * language reads null for other attributes. The conditions are never NULL, so `not` and `ne`
 * are exact complements.
 */
function membershipAttribute(
  name: string,
  holds: (code: string | null) => Expression<SqlBool>,
): FilterAttribute {
  return {
    type: 'custom',
    ops: 'all',
    compile: (op: CompareOp | 'pr', value: FilterValue, position: number) => {
      if (op === 'pr') return holds(null);
      if (op !== 'eq' && op !== 'ne')
        throw new FilterError(position, `operator "${op}" cannot be used on "${name}" (eq, ne and pr can)`);
      if (value !== null && typeof value !== 'string')
        throw new FilterError(position, `"${name}" needs a ${name} code in quotes, e.g. ${name} eq "vip"`);
      const condition = holds(value);
      const positive = value === null ? op === 'ne' : op === 'eq';
      return positive ? condition : sql<SqlBool>`(not ${condition})`;
    },
  };
}
