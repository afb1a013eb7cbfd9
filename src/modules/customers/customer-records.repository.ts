import type { RequestContext } from '../../lib/context.js';
import { plannedRows } from '../../lib/list/estimate.js';

// Reads of customer rows that other modules make through customer-records.service.ts (and the
// tenant's size for customer-filters.service.ts): each takes a batch of ids, so another module's
// list page costs one query here, not one per row.

export const customerRecordsRepository = {
  /** Names and emails of some customers of this tenant, by primary key. */
  names(ctx: RequestContext, ids: readonly string[]) {
    return ctx.db
      .selectFrom('customers')
      .select(['id', 'firstName', 'lastName', 'email'])
      .where('tenantId', '=', ctx.tenantId)
      .where('id', 'in', ids)
      .execute();
  },

  /** Guests whose history this registered customer took over, in id order. */
  async linkedGuestIds(ctx: RequestContext, customerId: string) {
    const rows = await ctx.db
      .selectFrom('customers')
      .select('id')
      .where('tenantId', '=', ctx.tenantId)
      // Served by customers_registered_customer (tenant_id, registered_customer_id).
      .where('registeredCustomerId', '=', customerId)
      .orderBy('id')
      .execute();
    return rows.map((r) => r.id);
  },

  /**
   * The planner's estimate of the tenant's customers, from the statistics ANALYZE keeps on
   * tenant_id (a third of a millisecond, whatever the size): for a share of a tenant too large to
   * count within a request. Rough for a small tenant, which is counted exactly instead.
   */
  estimateAll(ctx: RequestContext): Promise<number> {
    return plannedRows(ctx.db.selectFrom('customers').select('id').where('tenantId', '=', ctx.tenantId));
  },
};
