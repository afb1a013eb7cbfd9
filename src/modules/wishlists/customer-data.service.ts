import type { CustomerDataHook } from '../../lib/module.js';
import { wishlistDataRepository } from './customer-data.repository.js';

/** Wish lists are the shopper's own (names and notes they typed): an erasure removes them. */
export const wishlistsCustomerData: CustomerDataHook = {
  describe: "The shopper's wish lists and their items.",
  tables: ['wishlists', 'wishlist_items'],
  read: (ctx, { customerId }) => wishlistDataRepository.list(ctx, customerId),
  erase: async (ctx, { customerId }) => ({
    wishlists: await wishlistDataRepository.deleteAll(ctx, customerId),
  }),
};
