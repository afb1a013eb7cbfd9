import type { AddressRow, NewAddressRow } from '../../db/types.js';
import type { RequestContext } from '../../lib/context.js';

export const addressesRepository = {
  listForCustomer(ctx: RequestContext, customerId: string) {
    return ctx.db
      .selectFrom('addresses')
      .selectAll()
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .orderBy('id')
      .execute();
  },

  find(ctx: RequestContext, customerId: string, id: string) {
    return ctx.db
      .selectFrom('addresses')
      .selectAll()
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  insert(ctx: RequestContext, rows: Omit<NewAddressRow, 'tenantId'>[]) {
    if (rows.length === 0) return Promise.resolve([] as AddressRow[]);
    return ctx.db
      .insertInto('addresses')
      .values(rows.map((row) => ({ ...row, tenantId: ctx.tenantId })))
      .returningAll()
      .execute();
  },

  update(
    ctx: RequestContext,
    customerId: string,
    id: string,
    changes: Partial<Omit<NewAddressRow, 'tenantId'>>,
  ) {
    return ctx.db
      .updateTable('addresses')
      .set({ ...changes, updatedAt: new Date() })
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  },

  async delete(ctx: RequestContext, customerId: string, id: string) {
    const result = await ctx.db
      .deleteFrom('addresses')
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },

  /** Clears a default flag on the customer's other addresses before another takes it. */
  clearDefault(
    ctx: RequestContext,
    customerId: string,
    flag: 'isDefaultBilling' | 'isDefaultShipping',
    exceptId?: string,
  ) {
    let query = ctx.db
      .updateTable('addresses')
      .set({ [flag]: false, updatedAt: new Date() })
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .where(flag, '=', true);
    if (exceptId) query = query.where('id', '!=', exceptId);
    return query.execute();
  },

  defaultBilling(ctx: RequestContext, customerId: string) {
    return ctx.db
      .selectFrom('addresses')
      .select(['countryCode', 'stateCode'])
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .where('isDefaultBilling', '=', true)
      .executeTakeFirst();
  },

  /**
   * Moves guests' addresses to the registered customer that took over their history. They
   * arrive without default flags; the caller decides the defaults.
   */
  reassign(ctx: RequestContext, fromCustomerIds: readonly string[], toCustomerId: string) {
    if (fromCustomerIds.length === 0) return Promise.resolve([]);
    return ctx.db
      .updateTable('addresses')
      .set({
        customerId: toCustomerId,
        isDefaultBilling: false,
        isDefaultShipping: false,
        updatedAt: new Date(),
      })
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', 'in', fromCustomerIds)
      .returning(['id', 'countryCode', 'stateCode'])
      .execute();
  },
};
