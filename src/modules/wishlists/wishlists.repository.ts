import { type ExpressionBuilder, sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { DB } from '../../db/types.js';
import type { RequestContext } from '../../lib/context.js';

const itemColumns = [
  'wishlistItems.id',
  'wishlistItems.sku',
  'wishlistItems.name',
  'wishlistItems.quantity',
  'wishlistItems.note',
  'wishlistItems.createdAt',
  'wishlistItems.updatedAt',
] as const;

/** The list's items, oldest first, as one JSON array (no query per list). */
const itemsOf = (eb: ExpressionBuilder<DB, 'wishlists'>) =>
  jsonArrayFrom(
    eb
      .selectFrom('wishlistItems')
      .select(itemColumns)
      .whereRef('wishlistItems.tenantId', '=', 'wishlists.tenantId')
      .whereRef('wishlistItems.wishlistId', '=', 'wishlists.id')
      .orderBy('wishlistItems.id'),
  ).as('items');

/** A customer's lists with their items; every query names the customer as well as the tenant. */
const listsOf = (ctx: RequestContext, customerId: string) =>
  ctx.db
    .selectFrom('wishlists')
    .select(['wishlists.id', 'wishlists.name', 'wishlists.createdAt', 'wishlists.updatedAt'])
    .select(itemsOf)
    .where('wishlists.tenantId', '=', ctx.tenantId)
    .where('wishlists.customerId', '=', customerId);

export type WishlistRecord = Awaited<ReturnType<typeof wishlistsRepository.list>>[number];
export interface WishlistItemRecord {
  id: string;
  sku: string;
  name: string;
  quantity: number;
  note: string | null;
  createdAt: Date | string;
  updatedAt: Date | string;
}

export const wishlistsRepository = {
  /** Served by wishlists_name, which leads with (tenant_id, customer_id). */
  list(ctx: RequestContext, customerId: string) {
    return listsOf(ctx, customerId).orderBy('wishlists.id').execute();
  },

  find(ctx: RequestContext, customerId: string, id: string) {
    return listsOf(ctx, customerId).where('wishlists.id', '=', id).executeTakeFirst();
  },

  /** The customer's list, row-locked so that concurrent item additions count one after the other. */
  lockOwned(ctx: RequestContext, customerId: string, id: string) {
    return ctx.db
      .selectFrom('wishlists')
      .select('id')
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  },

  async countLists(ctx: RequestContext, customerId: string): Promise<number> {
    const row = await ctx.db
      .selectFrom('wishlists')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  async countItems(ctx: RequestContext, wishlistId: string): Promise<number> {
    const row = await ctx.db
      .selectFrom('wishlistItems')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenantId', '=', ctx.tenantId)
      .where('wishlistId', '=', wishlistId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  insert(ctx: RequestContext, row: { id: string; customerId: string; name: string }) {
    return ctx.db
      .insertInto('wishlists')
      .values({ ...row, tenantId: ctx.tenantId })
      .execute();
  },

  async rename(ctx: RequestContext, customerId: string, id: string, name: string): Promise<boolean> {
    const result = await ctx.db
      .updateTable('wishlists')
      .set({ name, updatedAt: new Date() })
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  },

  /** A change to an item is a change to its list. */
  touch(ctx: RequestContext, id: string) {
    return ctx.db
      .updateTable('wishlists')
      .set({ updatedAt: new Date() })
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .execute();
  },

  async delete(ctx: RequestContext, customerId: string, id: string): Promise<boolean> {
    const result = await ctx.db
      .deleteFrom('wishlists')
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },

  insertItem(
    ctx: RequestContext,
    row: { id: string; wishlistId: string; sku: string; name: string; quantity: number; note: string | null },
  ) {
    return ctx.db
      .insertInto('wishlistItems')
      .values({ ...row, tenantId: ctx.tenantId })
      .returning(itemColumns.map((c) => c.replace('wishlistItems.', '')) as never)
      .executeTakeFirstOrThrow() as Promise<WishlistItemRecord>;
  },

  updateItem(
    ctx: RequestContext,
    wishlistId: string,
    itemId: string,
    changes: { name?: string; quantity?: number; note?: string | null },
  ) {
    return ctx.db
      .updateTable('wishlistItems')
      .set({ ...changes, updatedAt: new Date() })
      .where('tenantId', '=', ctx.tenantId)
      .where('wishlistId', '=', wishlistId)
      .where('id', '=', itemId)
      .returning(itemColumns.map((c) => c.replace('wishlistItems.', '')) as never)
      .executeTakeFirst() as Promise<WishlistItemRecord | undefined>;
  },

  async deleteItem(ctx: RequestContext, wishlistId: string, itemId: string): Promise<boolean> {
    const result = await ctx.db
      .deleteFrom('wishlistItems')
      .where('tenantId', '=', ctx.tenantId)
      .where('wishlistId', '=', wishlistId)
      .where('id', '=', itemId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },

  /**
   * A merge: a wish list whose name (whatever its case) the survivor also has pours its items
   * into the survivor's list (an item whose SKU is there already stays the survivor's) and goes;
   * every other list moves whole. Answers the lists moved and merged.
   */
  async moveToCustomer(ctx: RequestContext, fromId: string, toId: string) {
    const same = sql`
      select s.id as source_id, t.id as target_id from wishlists s
      join wishlists t on t.tenant_id = s.tenant_id and t.customer_id = ${toId} and lower(t.name) = lower(s.name)
      where s.tenant_id = ${ctx.tenantId} and s.customer_id = ${fromId}`;
    await sql`
      update wishlist_items i set wishlist_id = pair.target_id, updated_at = now()
      from (${same}) pair
      where i.tenant_id = ${ctx.tenantId} and i.wishlist_id = pair.source_id
        and not exists (
          select 1 from wishlist_items held
          where held.tenant_id = i.tenant_id and held.wishlist_id = pair.target_id and held.sku = i.sku)`.execute(
      ctx.db,
    );
    const merged = await sql`
      delete from wishlists w using (${same}) pair
      where w.tenant_id = ${ctx.tenantId} and w.id = pair.source_id`.execute(ctx.db);
    const moved = await ctx.db
      .updateTable('wishlists')
      .set({ customerId: toId, updatedAt: new Date() })
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', fromId)
      .executeTakeFirst();
    return { moved: Number(moved.numUpdatedRows), merged: Number(merged.numAffectedRows ?? 0) };
  },
};
