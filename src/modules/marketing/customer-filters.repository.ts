import { type Expression, type SqlBool, sql } from 'kysely';
import type { RequestContext } from '../../lib/context.js';
import { FilterError } from '../../lib/filter/filter-error.js';
import type { CompareOp, FilterValue } from '../../lib/filter/filter-parser.js';
import type { FilterAttribute, FilterAttributes } from '../../lib/filter/filter-sql.js';

/**
 * `acceptsMarketing` and `subscribedTo` in the customer filter language, as EXISTS subqueries:
 * the customer's contact through contacts_email (tenant, lower(email)), then its subscriptions
 * through subscriptions_contact_status (tenant, contact, status). A customer without an email
 * has no contact and accepts nothing. Codes are unique per site, so `subscribedTo eq "news"`
 * matches the newsletter of that code on any site of the tenant.
 */
export function marketingFilterAttributes(ctx: RequestContext): FilterAttributes {
  const t = ctx.tenantId;
  const subscribed = (code: string | null) =>
    sql<SqlBool>`exists (select 1 from contacts mc join subscriptions ms on ms.tenant_id = mc.tenant_id and ms.contact_id = mc.id
      where mc.tenant_id = ${t} and lower(mc.email) = lower(customers.email) and ms.status = 'SUBSCRIBED'${
        code === null
          ? sql``
          : sql` and ms.newsletter_id in (select n.id from newsletters n where n.tenant_id = ${t} and lower(n.code) = lower(${code}))`
      })`;
  return { acceptsMarketing: acceptsAttribute(subscribed), subscribedTo: subscribedToAttribute(subscribed) };
}

// The conditions are never NULL, so `not` and `ne` are exact complements.
const negate = (condition: Expression<SqlBool>) => sql<SqlBool>`(not ${condition})`;

function acceptsAttribute(subscribed: (code: string | null) => Expression<SqlBool>): FilterAttribute {
  return {
    type: 'custom',
    ops: 'all',
    compile: (op: CompareOp | 'pr', value: FilterValue, position: number) => {
      if (op === 'pr') return sql<SqlBool>`true`;
      if ((op !== 'eq' && op !== 'ne') || typeof value !== 'boolean')
        throw new FilterError(
          position,
          '"acceptsMarketing" takes eq or ne with true or false, e.g. acceptsMarketing eq true',
        );
      return value === (op === 'eq') ? subscribed(null) : negate(subscribed(null));
    },
  };
}

function subscribedToAttribute(subscribed: (code: string | null) => Expression<SqlBool>): FilterAttribute {
  return {
    type: 'custom',
    ops: 'all',
    compile: (op: CompareOp | 'pr', value: FilterValue, position: number) => {
      if (op === 'pr') return subscribed(null);
      if (op !== 'eq' && op !== 'ne')
        throw new FilterError(
          position,
          `operator "${op}" cannot be used on "subscribedTo" (eq, ne and pr can)`,
        );
      if (value === null) return op === 'eq' ? negate(subscribed(null)) : subscribed(null);
      if (typeof value !== 'string')
        throw new FilterError(
          position,
          '"subscribedTo" needs a newsletter code in quotes, e.g. subscribedTo eq "weekly"',
        );
      return op === 'eq' ? subscribed(value) : negate(subscribed(value));
    },
  };
}
