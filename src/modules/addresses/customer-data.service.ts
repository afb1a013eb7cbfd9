import { type CustomerDataHook, withoutTenant } from '../../lib/module.js';
import { addressDataRepository } from './customer-data.repository.js';

/** Addresses are wholly personal: an erasure removes them all (orders keep no link to them). */
export const addressesCustomerData: CustomerDataHook = {
  describe: "The customer's postal addresses (names, company, street, city, phone).",
  tables: ['addresses'],
  read: async (ctx, { customerId }) => withoutTenant(await addressDataRepository.list(ctx, customerId)),
  erase: async (ctx, { customerId }) => ({
    addresses: await addressDataRepository.deleteAll(ctx, customerId),
  }),
};
