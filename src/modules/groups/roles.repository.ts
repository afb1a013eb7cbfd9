import { type SqlBool, sql } from 'kysely';
import type { RoleRow } from '../../db/types.js';
import type { RequestContext } from '../../lib/context.js';
import { afterCursor, orderTerms } from '../../lib/list/list-builder.js';
import { keyColumns, type ListSpec, type PageWindow } from '../../lib/list/paginate.js';

/** Roles by code (roles_code), name or creation; few per tenant, so only code has an index. */
export const roleList: ListSpec = {
  sortFields: {
    code: { expression: sql`lower(roles.code)`, type: 'text' },
    name: { expression: sql`lower(roles.name)`, type: 'text' },
    createdAt: { expression: sql`roles.created_at`, type: 'timestamptz' },
  },
  defaultSort: 'code',
};

/** A membership that holds at this moment (the statement's time). */
export const activeNow = sql<SqlBool>`(gm.valid_from <= now() and (gm.valid_to is null or gm.valid_to > now()))`;

const NIL = '00000000-0000-0000-0000-000000000000';

export const rolesRepository = {
  list(ctx: RequestContext, { keys, after, rows }: PageWindow) {
    let query = ctx.db
      .selectFrom('roles')
      .selectAll('roles')
      .select(keyColumns(keys))
      .where('roles.tenantId', '=', ctx.tenantId);
    if (after) query = query.where(afterCursor(keys, after.values, after.id, sql`roles.id`));
    return query.orderBy(orderTerms(keys, sql`roles.id`)).limit(rows).execute();
  },

  find(ctx: RequestContext, id: string) {
    return ctx.db
      .selectFrom('roles')
      .selectAll()
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  /** Which of these ids are roles of this tenant. */
  async existing(ctx: RequestContext, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await ctx.db
      .selectFrom('roles')
      .select('id')
      .where('tenantId', '=', ctx.tenantId)
      .where('id', 'in', ids)
      .execute();
    return new Set(rows.map((r) => r.id));
  },

  insert(ctx: RequestContext, row: Pick<RoleRow, 'id' | 'code' | 'name' | 'description'>) {
    return ctx.db
      .insertInto('roles')
      .values({ ...row, tenantId: ctx.tenantId })
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  update(ctx: RequestContext, id: string, changes: Partial<Pick<RoleRow, 'code' | 'name' | 'description'>>) {
    return ctx.db
      .updateTable('roles')
      .set({ ...changes, updatedAt: new Date() })
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  },

  /** Removes the role; group_roles and customer_roles rows go with it (cascade). */
  async delete(ctx: RequestContext, id: string): Promise<boolean> {
    const result = await ctx.db
      .deleteFrom('roles')
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },

  async countAssignments(ctx: RequestContext, customerId: string): Promise<number> {
    const row = await ctx.db
      .selectFrom('customerRoles')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  /** Inserts the assignment unless the customer holds the role on that site already; true when new. */
  async assign(
    ctx: RequestContext,
    row: { id: string; customerId: string; roleId: string; siteId: string | null },
  ): Promise<boolean> {
    // The conflict target is customer_roles_assignment's expression.
    const result = await sql`
      insert into customer_roles (tenant_id, id, customer_id, role_id, site_id)
      values (${ctx.tenantId}, ${row.id}, ${row.customerId}, ${row.roleId}, ${row.siteId})
      on conflict (tenant_id, customer_id, role_id, coalesce(site_id, ${sql.lit(NIL)}::uuid)) do nothing`.execute(
      ctx.db,
    );
    return Number(result.numAffectedRows ?? 0) > 0;
  },

  /** Removes the direct assignments of a role (on one site, or all); answers their sites. */
  async unassign(ctx: RequestContext, customerId: string, roleId: string, siteId: string | undefined) {
    let query = ctx.db
      .deleteFrom('customerRoles')
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .where('roleId', '=', roleId);
    if (siteId !== undefined) query = query.where('siteId', '=', siteId);
    return (await query.returning('siteId').execute()).map((r) => r.siteId);
  },

  /** The customer's direct assignments, by code (customer_roles_assignment). */
  direct(ctx: RequestContext, customerId: string) {
    return ctx.db
      .selectFrom('customerRoles as cr')
      .innerJoin('roles as r', (join) =>
        join.onRef('r.tenantId', '=', 'cr.tenantId').onRef('r.id', '=', 'cr.roleId'),
      )
      .select(['cr.roleId', 'r.code', 'r.name', 'cr.siteId'])
      .where('cr.tenantId', '=', ctx.tenantId)
      .where('cr.customerId', '=', customerId)
      .orderBy(sql`lower(r.code)`)
      .orderBy('cr.siteId')
      .execute();
  },

  /** Roles the customer holds through groups whose membership is active now, by code. */
  throughGroups(ctx: RequestContext, customerId: string) {
    return ctx.db
      .selectFrom('groupMembers as gm')
      .innerJoin('groupRoles as gr', (join) =>
        join.onRef('gr.tenantId', '=', 'gm.tenantId').onRef('gr.groupId', '=', 'gm.groupId'),
      )
      .innerJoin('roles as r', (join) =>
        join.onRef('r.tenantId', '=', 'gr.tenantId').onRef('r.id', '=', 'gr.roleId'),
      )
      .select(['gr.roleId', 'r.code', 'r.name', 'gm.groupId'])
      .where('gm.tenantId', '=', ctx.tenantId)
      .where('gm.customerId', '=', customerId)
      .where(activeNow)
      .orderBy(sql`lower(r.code)`)
      .orderBy('gm.groupId')
      .execute();
  },

  /**
   * The codes of the roles the customer holds on a site now: direct ones for every site or this
   * one, and those of active memberships. One statement for the storefront's /me.
   */
  async codesOnSite(ctx: RequestContext, customerId: string, siteId: string): Promise<string[]> {
    const result = await sql<{ code: string }>`
      select r.code from roles r
      where r.tenant_id = ${ctx.tenantId}
        and (exists (select 1 from customer_roles cr
                     where cr.tenant_id = r.tenant_id and cr.customer_id = ${customerId} and cr.role_id = r.id
                       and (cr.site_id is null or cr.site_id = ${siteId}))
          or exists (select 1 from group_members gm
                     join group_roles gr on gr.tenant_id = gm.tenant_id and gr.group_id = gm.group_id
                     where gm.tenant_id = r.tenant_id and gm.customer_id = ${customerId} and gr.role_id = r.id
                       and ${activeNow}))
      order by lower(r.code)`.execute(ctx.db);
    return result.rows.map((r) => r.code);
  },

  /** A merge: role assignments the survivor lacks (same role and site) move to it. */
  async moveAssignmentsToCustomer(ctx: RequestContext, fromId: string, toId: string): Promise<number> {
    const result = await sql`
      update customer_roles moving set customer_id = ${toId}, updated_at = now()
      where moving.tenant_id = ${ctx.tenantId} and moving.customer_id = ${fromId}
        and not exists (
          select 1 from customer_roles held
          where held.tenant_id = moving.tenant_id and held.customer_id = ${toId}
            and held.role_id = moving.role_id and held.site_id is not distinct from moving.site_id)`.execute(
      ctx.db,
    );
    return Number(result.numAffectedRows ?? 0);
  },
};
