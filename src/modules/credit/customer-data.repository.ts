import type { RequestContext } from '../../lib/context.js';

/** The customer's store-credit ledger and balances for their data export (docs/privacy.md). */
export const creditDataRepository = {
  entries(ctx: RequestContext, customerId: string) {
    return ctx.db
      .selectFrom('creditEntries')
      .selectAll()
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .orderBy('id')
      .execute();
  },

  balances(ctx: RequestContext, customerId: string) {
    return ctx.db
      .selectFrom('creditBalances')
      .selectAll()
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .orderBy('currency')
      .execute();
  },
};
