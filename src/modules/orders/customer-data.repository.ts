import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { RequestContext } from '../../lib/context.js';

/** The customer's orders for their data export and erasure (docs/privacy.md). */
export const orderDataRepository = {
  list(ctx: RequestContext, customerId: string) {
    return ctx.db
      .selectFrom('orders as o')
      .selectAll('o')
      .select((eb) => [
        jsonArrayFrom(
          eb
            .selectFrom('orderLines as l')
            .select([
              'l.lineNo',
              'l.sku',
              'l.name',
              'l.quantity',
              'l.unitPriceMinor',
              'l.discountMinor',
              'l.taxMinor',
              'l.totalMinor',
            ])
            .whereRef('l.tenantId', '=', 'o.tenantId')
            .whereRef('l.orderId', '=', 'o.id')
            .orderBy('l.lineNo'),
        ).as('lines'),
        jsonArrayFrom(
          eb
            .selectFrom('orderStatusChanges as s')
            .select([
              's.id',
              's.fromStatus',
              's.toStatus',
              's.amountMinor',
              's.note',
              's.actorType',
              's.actorId',
              's.createdAt',
            ])
            .whereRef('s.tenantId', '=', 'o.tenantId')
            .whereRef('s.orderId', '=', 'o.id')
            .orderBy('s.id'),
        ).as('statusChanges'),
      ])
      .where('o.tenantId', '=', ctx.tenantId)
      .where('o.customerId', '=', customerId)
      .orderBy('o.placedAt')
      .orderBy('o.id')
      .execute();
  },

  /** The email and the address snapshots copied onto the orders; numbers, lines, totals, dates and statuses stay. */
  async blankPersonal(ctx: RequestContext, customerId: string) {
    const result = await ctx.db
      .updateTable('orders')
      .set({ email: null, billingAddress: null, shippingAddress: null, updatedAt: new Date() })
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .where((eb) =>
        eb.or([
          eb('email', 'is not', null),
          eb('billingAddress', 'is not', null),
          eb('shippingAddress', 'is not', null),
        ]),
      )
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  },

  /**
   * Staff's notes on the orders' status changes are free text that may name the person; the
   * changes themselves (statuses, amounts, times) are sales facts and stay.
   */
  async blankStatusNotes(ctx: RequestContext, customerId: string) {
    const result = await ctx.db
      .updateTable('orderStatusChanges')
      .set({ note: null })
      .where('tenantId', '=', ctx.tenantId)
      .where('note', 'is not', null)
      .where('orderId', 'in', (eb) =>
        eb
          .selectFrom('orders')
          .select('id')
          .where('tenantId', '=', ctx.tenantId)
          .where('customerId', '=', customerId),
      )
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  },
};
