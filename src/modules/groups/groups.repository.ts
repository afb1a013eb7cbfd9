import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/database.js';
import type { DB, GroupRow } from '../../db/types.js';
import type { RequestContext } from '../../lib/context.js';
import { afterCursor, orderTerms } from '../../lib/list/list-builder.js';
import { keyColumns, type ListSpec, type PageWindow } from '../../lib/list/paginate.js';
import { activeNow } from './roles.repository.js';

/** Groups by code (groups_code), name or creation; few per tenant, so only code has an index. */
export const groupList: ListSpec = {
  sortFields: {
    code: { expression: sql`lower(groups.code)`, type: 'text' },
    name: { expression: sql`lower(groups.name)`, type: 'text' },
    createdAt: { expression: sql`groups.created_at`, type: 'timestamptz' },
  },
  defaultSort: 'code',
};

/** The group's role ids in the same query (group_roles' primary key), never one query per group. */
const roleIdsOf = (eb: ExpressionBuilder<DB, 'groups'>) =>
  eb
    .fn<string[]>('array', [
      eb
        .selectFrom('groupRoles')
        .select('groupRoles.roleId')
        .whereRef('groupRoles.tenantId', '=', 'groups.tenantId')
        .whereRef('groupRoles.groupId', '=', 'groups.id')
        .orderBy('groupRoles.roleId'),
    ])
    .as('roleIds');

const groupsOf = (ctx: RequestContext) =>
  ctx.db
    .selectFrom('groups')
    .selectAll('groups')
    .select(roleIdsOf)
    .where('groups.tenantId', '=', ctx.tenantId);

export type GroupRecord = GroupRow & { roleIds: string[] };
type GroupFields = Pick<GroupRow, 'code' | 'name' | 'description' | 'reminderDays'>;

export interface MembershipPeriod {
  validFrom: Date;
  validTo: Date | null;
}

export const groupsRepository = {
  list(ctx: RequestContext, { keys, after, rows }: PageWindow): Promise<GroupRecord[]> {
    let query = groupsOf(ctx).select(keyColumns(keys));
    if (after) query = query.where(afterCursor(keys, after.values, after.id, sql`groups.id`));
    return query.orderBy(orderTerms(keys, sql`groups.id`)).limit(rows).execute();
  },

  find(ctx: RequestContext, id: string): Promise<GroupRecord | undefined> {
    return groupsOf(ctx).where('groups.id', '=', id).executeTakeFirst();
  },

  async insert(ctx: RequestContext, row: GroupFields & { id: string }) {
    await ctx.db
      .insertInto('groups')
      .values({ ...row, tenantId: ctx.tenantId })
      .execute();
  },

  async update(ctx: RequestContext, id: string, changes: Partial<GroupFields>): Promise<boolean> {
    const result = await ctx.db
      .updateTable('groups')
      .set({ ...changes, updatedAt: new Date() })
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  },

  /** Removes the group; its memberships and role links go with it (cascade). */
  async delete(ctx: RequestContext, id: string): Promise<boolean> {
    const result = await ctx.db
      .deleteFrom('groups')
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },

  /** Replaces the group's roles (the caller checked they are this tenant's). */
  async setRoles(ctx: RequestContext, groupId: string, roleIds: readonly string[]) {
    await ctx.db
      .deleteFrom('groupRoles')
      .where('tenantId', '=', ctx.tenantId)
      .where('groupId', '=', groupId)
      .execute();
    if (roleIds.length === 0) return;
    await ctx.db
      .insertInto('groupRoles')
      .values(roleIds.map((roleId) => ({ tenantId: ctx.tenantId, groupId, roleId })))
      .execute();
  },

  /**
   * The database's time for this transaction: a membership starting "now" starts at the instant
   * `activeNow` compares with, whatever the app server's clock says.
   */
  async now(ctx: RequestContext): Promise<Date> {
    const { rows } = await sql<{ now: Date }>`select now() as now`.execute(ctx.db);
    return new Date(rows[0]!.now);
  },

  /** The customer's memberships (or the one of `groupId`) with their group, by code (group_members_customer). */
  memberships(ctx: RequestContext, customerId: string, groupId?: string) {
    let query = ctx.db
      .selectFrom('groupMembers as gm')
      .innerJoin('groups as g', (join) =>
        join.onRef('g.tenantId', '=', 'gm.tenantId').onRef('g.id', '=', 'gm.groupId'),
      )
      .select(['gm.groupId', 'g.code', 'g.name', 'gm.validFrom', 'gm.validTo', 'gm.endedAt'])
      .select(sql<boolean>`${activeNow}`.as('active'))
      .where('gm.tenantId', '=', ctx.tenantId)
      .where('gm.customerId', '=', customerId);
    if (groupId) query = query.where('gm.groupId', '=', groupId);
    return query.orderBy(sql`lower(g.code)`).execute();
  },

  /**
   * The codes of the groups the customer `customerId` names is an active member of now, A to Z, as
   * a subquery (on group_members_customer) for a page of customers to select beside its own columns.
   */
  activeCodesOf(ctx: RequestContext, customerId: Expression<unknown>) {
    return sql<string[]>`array(select g.code from group_members gm
      join groups g on g.tenant_id = gm.tenant_id and g.id = gm.group_id
      where gm.tenant_id = ${ctx.tenantId} and gm.customer_id = ${customerId} and ${activeNow}
      order by lower(g.code))`;
  },

  /** The membership, locked for the caller's change. */
  findMembership(ctx: RequestContext, customerId: string, groupId: string) {
    return ctx.db
      .selectFrom('groupMembers')
      .select(['id', 'validFrom', 'validTo', 'endedAt'])
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .where('groupId', '=', groupId)
      .forUpdate()
      .executeTakeFirst();
  },

  async countMemberships(ctx: RequestContext, customerId: string): Promise<number> {
    const row = await ctx.db
      .selectFrom('groupMembers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  async insertMembership(
    ctx: RequestContext,
    row: MembershipPeriod & { id: string; customerId: string; groupId: string },
  ) {
    await ctx.db
      .insertInto('groupMembers')
      .values({ ...row, tenantId: ctx.tenantId })
      .execute();
  },

  /** A new period: the worker looks at it afresh (a new end, a new reminder). */
  async updateMembership(ctx: RequestContext, id: string, period: MembershipPeriod) {
    await ctx.db
      .updateTable('groupMembers')
      .set({ ...period, endedAt: null, reminderSentAt: null, updatedAt: new Date() })
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .execute();
  },

  async deleteMembership(ctx: RequestContext, id: string) {
    await ctx.db
      .deleteFrom('groupMembers')
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .execute();
  },

  /**
   * Claims up to `limit` memberships past their end, across tenants (group_members_due): marks
   * them ended and answers them. Skip locked, so two workers never claim one twice.
   */
  claimExpired(db: Database, now: Date, limit: number) {
    const due = db
      .selectFrom('groupMembers')
      .select(['tenantId', 'id'])
      .where('endedAt', 'is', null)
      .where('validTo', 'is not', null)
      .where('validTo', '<=', now)
      .orderBy('validTo')
      .limit(limit)
      .forUpdate()
      .skipLocked();
    return db
      .with('due', () => due)
      .updateTable('groupMembers as gm')
      .from('due')
      .innerJoin('groups as g', (join) => join.onRef('g.tenantId', '=', 'due.tenantId'))
      .set({ endedAt: now })
      .whereRef('gm.tenantId', '=', 'due.tenantId')
      .whereRef('gm.id', '=', 'due.id')
      .whereRef('g.id', '=', 'gm.groupId')
      .returning(['gm.tenantId', 'gm.customerId', 'gm.groupId', 'g.code', 'gm.validFrom', 'gm.validTo'])
      .execute();
  },

  /**
   * Claims up to `limit` memberships whose group asks for a reminder and whose end is within
   * the group's reminder days of `now`, not yet reminded; marks them reminded and answers them.
   */
  claimReminders(db: Database, now: Date, limit: number) {
    const due = db
      .selectFrom('groupMembers as gm')
      .innerJoin('groups as g', (join) =>
        join.onRef('g.tenantId', '=', 'gm.tenantId').onRef('g.id', '=', 'gm.groupId'),
      )
      .select(['gm.tenantId', 'gm.id'])
      // group_members_due: memberships with an end not yet processed, by end.
      .where('gm.endedAt', 'is', null)
      .where('gm.validTo', 'is not', null)
      .where('gm.validTo', '>', now)
      .where('gm.reminderSentAt', 'is', null)
      .where('g.reminderDays', 'is not', null)
      .where(
        sql<SqlBool>`gm.valid_to <= cast(${now.toISOString()} as timestamptz) + g.reminder_days * interval '1 day'`,
      )
      .orderBy('gm.validTo')
      .limit(limit)
      .forUpdate(['gm'])
      .skipLocked();
    return db
      .with('due', () => due)
      .updateTable('groupMembers as gm')
      .from('due')
      .innerJoin('groups as g', (join) => join.onRef('g.tenantId', '=', 'due.tenantId'))
      .set({ reminderSentAt: now })
      .whereRef('gm.tenantId', '=', 'due.tenantId')
      .whereRef('gm.id', '=', 'due.id')
      .whereRef('g.id', '=', 'gm.groupId')
      .returning(['gm.tenantId', 'gm.customerId', 'gm.groupId', 'g.name', 'gm.validTo'])
      .execute();
  },

  /**
   * A merge: memberships of groups the survivor is not in move to it; where both are members the
   * survivor's own membership (and its period) stays and the other goes with its customer.
   */
  async moveMembershipsToCustomer(ctx: RequestContext, fromId: string, toId: string): Promise<number> {
    const result = await ctx.db
      .updateTable('groupMembers')
      .set({ customerId: toId, updatedAt: new Date() })
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', fromId)
      .where((eb) =>
        eb(
          'groupId',
          'not in',
          eb
            .selectFrom('groupMembers as held')
            .select('held.groupId')
            .where('held.tenantId', '=', ctx.tenantId)
            .where('held.customerId', '=', toId),
        ),
      )
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  },
};
