import { inTransaction, type RequestContext } from '../../lib/context.js';
import { violatedUniqueIndex } from '../../lib/db-errors.js';
import { FieldErrors } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { trimmedOrNull } from '../../lib/text.js';
import { iso } from '../../lib/time.js';
import { lockCustomerRows, requireCustomer } from '../customers/customer-records.service.js';
import { wishlistErrors } from './wishlists.errors.js';
import { type WishlistItemRecord, type WishlistRecord, wishlistsRepository } from './wishlists.repository.js';
import {
  MAX_ITEMS_PER_LIST,
  MAX_LISTS_PER_CUSTOMER,
  type Wishlist,
  type WishlistInput,
  type WishlistItem,
  type WishlistItemInput,
  type WishlistItemPatch,
} from './wishlists.schemas.js';

const itemToApi = (row: WishlistItemRecord): WishlistItem => ({
  id: row.id,
  sku: row.sku,
  name: row.name,
  quantity: row.quantity,
  note: row.note,
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
});

const wishlistToApi = (row: WishlistRecord): Wishlist => ({
  id: row.id,
  name: row.name,
  items: row.items.map(itemToApi),
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
});

const rethrowUnique = (error: unknown): never => {
  const index = violatedUniqueIndex(error);
  if (index === 'wishlists_name') throw wishlistErrors.nameTaken();
  if (index === 'wishlist_items_sku') throw wishlistErrors.itemExists();
  throw error;
};

/** Trims a text field; blank is a 400 at `path`. */
function required(value: string, path: string, errors: FieldErrors): string {
  const trimmed = value.trim();
  if (!trimmed) errors.add(path, 'must not be blank');
  return trimmed;
}

/** Trims a note; blank is no note. */

async function findOwned(ctx: RequestContext, customerId: string, wishlistId: string): Promise<Wishlist> {
  const row = await wishlistsRepository.find(ctx, customerId, wishlistId);
  if (!row) throw wishlistErrors.notFound();
  return wishlistToApi(row);
}

async function lockOwned(ctx: RequestContext, customerId: string, wishlistId: string) {
  if (!(await wishlistsRepository.lockOwned(ctx, customerId, wishlistId))) throw wishlistErrors.notFound();
}

/** The customer's wish lists with their items, oldest first (the storefront's and the admin's view). */
export async function listWishlists(ctx: RequestContext, customerId: string): Promise<Wishlist[]> {
  return (await wishlistsRepository.list(ctx, customerId)).map(wishlistToApi);
}

/** An admin reads a customer's wish lists; another tenant's customer is not found. */
export async function listCustomerWishlists(ctx: RequestContext, customerId: string): Promise<Wishlist[]> {
  await requireCustomer(ctx, customerId);
  return listWishlists(ctx, customerId);
}

/** One of the customer's lists with its items; another customer's list is not found. */
export const getWishlist = findOwned;

/** A new, empty list. Names are unique per customer whatever their case; at most 50 lists. */
export async function createWishlist(
  ctx: RequestContext,
  customerId: string,
  input: WishlistInput,
): Promise<Wishlist> {
  const errors = new FieldErrors();
  const name = required(input.name, '/name', errors);
  errors.throwIfAny();
  return inTransaction(ctx, async (trx) => {
    await lockCustomerRows(trx, [customerId]);
    if ((await wishlistsRepository.countLists(trx, customerId)) >= MAX_LISTS_PER_CUSTOMER)
      throw wishlistErrors.tooManyLists();
    const id = newId();
    await wishlistsRepository.insert(trx, { id, customerId, name }).catch(rethrowUnique);
    return findOwned(trx, customerId, id);
  });
}

export async function renameWishlist(
  ctx: RequestContext,
  customerId: string,
  wishlistId: string,
  input: WishlistInput,
): Promise<Wishlist> {
  const errors = new FieldErrors();
  const name = required(input.name, '/name', errors);
  errors.throwIfAny();
  return inTransaction(ctx, async (trx) => {
    const renamed = await wishlistsRepository.rename(trx, customerId, wishlistId, name).catch(rethrowUnique);
    if (!renamed) throw wishlistErrors.notFound();
    return findOwned(trx, customerId, wishlistId);
  });
}

/** Removes the list with its items. */
export async function deleteWishlist(ctx: RequestContext, customerId: string, wishlistId: string) {
  if (!(await wishlistsRepository.delete(ctx, customerId, wishlistId))) throw wishlistErrors.notFound();
}

/**
 * Adds a product to the list. A product (sku) is on a list once: adding it again is a 409
 * that says so, and the item is changed with PATCH instead. At most 500 items per list.
 */
export async function addWishlistItem(
  ctx: RequestContext,
  customerId: string,
  wishlistId: string,
  input: WishlistItemInput,
): Promise<WishlistItem> {
  const errors = new FieldErrors();
  const sku = required(input.sku, '/sku', errors);
  const name = required(input.name, '/name', errors);
  errors.throwIfAny();
  return inTransaction(ctx, async (trx) => {
    await lockOwned(trx, customerId, wishlistId);
    if ((await wishlistsRepository.countItems(trx, wishlistId)) >= MAX_ITEMS_PER_LIST)
      throw wishlistErrors.tooManyItems();
    const row = await wishlistsRepository
      .insertItem(trx, {
        id: newId(),
        wishlistId,
        sku,
        name,
        quantity: input.quantity ?? 1,
        note: trimmedOrNull(input.note),
      })
      .catch(rethrowUnique);
    await wishlistsRepository.touch(trx, wishlistId);
    return itemToApi(row);
  });
}

export async function updateWishlistItem(
  ctx: RequestContext,
  customerId: string,
  wishlistId: string,
  itemId: string,
  patch: WishlistItemPatch,
): Promise<WishlistItem> {
  const errors = new FieldErrors();
  const changes: { name?: string; quantity?: number; note?: string | null } = {};
  if (patch.name !== undefined) changes.name = required(patch.name, '/name', errors);
  if (patch.quantity !== undefined) changes.quantity = patch.quantity;
  if (patch.note !== undefined) changes.note = trimmedOrNull(patch.note);
  errors.throwIfAny();
  return inTransaction(ctx, async (trx) => {
    await lockOwned(trx, customerId, wishlistId);
    const row = await wishlistsRepository.updateItem(trx, wishlistId, itemId, changes);
    if (!row) throw wishlistErrors.itemNotFound();
    await wishlistsRepository.touch(trx, wishlistId);
    return itemToApi(row);
  });
}

export async function removeWishlistItem(
  ctx: RequestContext,
  customerId: string,
  wishlistId: string,
  itemId: string,
) {
  await inTransaction(ctx, async (trx) => {
    await lockOwned(trx, customerId, wishlistId);
    if (!(await wishlistsRepository.deleteItem(trx, wishlistId, itemId))) throw wishlistErrors.itemNotFound();
    await wishlistsRepository.touch(trx, wishlistId);
  });
}

/**
 * A merge (src/flows/merge-customers.ts): the source's wish lists become the survivor's; one
 * whose name the survivor has already pours its items into that list (the survivor's item wins
 * for a SKU both have).
 */
export const moveWishlistsToCustomer = (ctx: RequestContext, fromId: string, toId: string) =>
  wishlistsRepository.moveToCustomer(ctx, fromId, toId);
