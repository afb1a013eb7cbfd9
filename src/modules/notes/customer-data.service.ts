import { type CustomerDataHook, withoutTenant } from '../../lib/module.js';
import { noteDataRepository } from './customer-data.repository.js';

/** Notes are staff's words about the person: an erasure removes them. */
export const notesCustomerData: CustomerDataHook = {
  describe: 'Staff notes about the customer (text, author, times).',
  tables: ['customer_notes'],
  read: async (ctx, { customerId }) => withoutTenant(await noteDataRepository.list(ctx, customerId)),
  erase: async (ctx, { customerId }) => ({
    customer_notes: await noteDataRepository.deleteAll(ctx, customerId),
  }),
};
