import type { RequestContext } from '../../lib/context.js';

/** The customer's staff notes for their data export and erasure (docs/privacy.md). */
export const noteDataRepository = {
  list(ctx: RequestContext, customerId: string) {
    return ctx.db
      .selectFrom('customerNotes')
      .selectAll()
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .orderBy('createdAt')
      .orderBy('id')
      .execute();
  },

  async deleteAll(ctx: RequestContext, customerId: string) {
    const result = await ctx.db
      .deleteFrom('customerNotes')
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  },
};
