import type { RequestContext } from '../../lib/context.js';

/** The customer's addresses for their data export and erasure (docs/privacy.md). */
export const addressDataRepository = {
  list(ctx: RequestContext, customerId: string) {
    return ctx.db
      .selectFrom('addresses')
      .selectAll()
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .orderBy('id')
      .execute();
  },

  async deleteAll(ctx: RequestContext, customerId: string) {
    const result = await ctx.db
      .deleteFrom('addresses')
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  },
};
