import type { CustomerDataHook } from '../../lib/module.js';
import { cartDataRepository } from './customer-data.repository.js';

/** Carts are browsing behaviour, not sales: an erasure removes them (orders keep their own lines). */
export const cartsCustomerData: CustomerDataHook = {
  describe: "The customer's carts and their lines.",
  tables: ['carts', 'cart_lines'],
  read: (ctx, { customerId }) => cartDataRepository.list(ctx, customerId),
  erase: async (ctx, { customerId }) => ({ carts: await cartDataRepository.deleteAll(ctx, customerId) }),
};
