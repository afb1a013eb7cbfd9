import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { RequestContext } from '../../lib/context.js';

/** The customer's wish lists for their data export and erasure (docs/privacy.md). */
export const wishlistDataRepository = {
  list(ctx: RequestContext, customerId: string) {
    return ctx.db
      .selectFrom('wishlists as w')
      .select(['w.id', 'w.name', 'w.createdAt', 'w.updatedAt'])
      .select((eb) =>
        jsonArrayFrom(
          eb
            .selectFrom('wishlistItems as i')
            .select(['i.id', 'i.sku', 'i.name', 'i.quantity', 'i.note', 'i.createdAt', 'i.updatedAt'])
            .whereRef('i.tenantId', '=', 'w.tenantId')
            .whereRef('i.wishlistId', '=', 'w.id')
            .orderBy('i.id'),
        ).as('items'),
      )
      .where('w.tenantId', '=', ctx.tenantId)
      .where('w.customerId', '=', customerId)
      .orderBy('w.id')
      .execute();
  },

  /** Items go with their list (on delete cascade). */
  async deleteAll(ctx: RequestContext, customerId: string) {
    const result = await ctx.db
      .deleteFrom('wishlists')
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  },
};
