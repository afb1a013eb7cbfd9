import type { RequestContext } from '../../lib/context.js';

/** The customer's memberships and direct roles for their data export and erasure (docs/privacy.md). */
export const groupDataRepository = {
  memberships(ctx: RequestContext, customerId: string) {
    return ctx.db
      .selectFrom('groupMembers as m')
      .innerJoin('groups as g', (join) =>
        join.onRef('g.tenantId', '=', 'm.tenantId').onRef('g.id', '=', 'm.groupId'),
      )
      .select([
        'm.id',
        'm.groupId',
        'g.code',
        'g.name',
        'm.validFrom',
        'm.validTo',
        'm.endedAt',
        'm.createdAt',
      ])
      .where('m.tenantId', '=', ctx.tenantId)
      .where('m.customerId', '=', customerId)
      .orderBy('m.id')
      .execute();
  },

  roles(ctx: RequestContext, customerId: string) {
    return ctx.db
      .selectFrom('customerRoles as cr')
      .innerJoin('roles as r', (join) =>
        join.onRef('r.tenantId', '=', 'cr.tenantId').onRef('r.id', '=', 'cr.roleId'),
      )
      .select(['cr.id', 'cr.roleId', 'r.code', 'r.name', 'cr.siteId', 'cr.createdAt'])
      .where('cr.tenantId', '=', ctx.tenantId)
      .where('cr.customerId', '=', customerId)
      .orderBy('cr.id')
      .execute();
  },

  async deleteMemberships(ctx: RequestContext, customerId: string) {
    const result = await ctx.db
      .deleteFrom('groupMembers')
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  },

  async deleteRoles(ctx: RequestContext, customerId: string) {
    const result = await ctx.db
      .deleteFrom('customerRoles')
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  },
};
