import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { RequestContext } from '../../lib/context.js';

/** The customer's carts for their data export and erasure (docs/privacy.md). */
export const cartDataRepository = {
  list(ctx: RequestContext, customerId: string) {
    return ctx.db
      .selectFrom('carts as c')
      .select([
        'c.id',
        'c.siteId',
        'c.currency',
        'c.subtotalMinor',
        'c.lineCount',
        'c.lastActivityAt',
        'c.convertedOrderId',
        'c.convertedAt',
        'c.reminderSentAt',
        'c.createdAt',
        'c.updatedAt',
      ])
      .select((eb) =>
        jsonArrayFrom(
          eb
            .selectFrom('cartLines as l')
            .select(['l.lineNo', 'l.sku', 'l.name', 'l.quantity', 'l.unitPriceMinor'])
            .whereRef('l.tenantId', '=', 'c.tenantId')
            .whereRef('l.cartId', '=', 'c.id')
            .orderBy('l.lineNo'),
        ).as('lines'),
      )
      .where('c.tenantId', '=', ctx.tenantId)
      .where('c.customerId', '=', customerId)
      .orderBy('c.id')
      .execute();
  },

  /** Lines go with their cart (on delete cascade); an order a cart became keeps its own lines. */
  async deleteAll(ctx: RequestContext, customerId: string) {
    const result = await ctx.db
      .deleteFrom('carts')
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  },
};
