import { type CustomerDataHook, withoutTenant } from '../../lib/module.js';
import { orderDataRepository } from './customer-data.repository.js';

/**
 * Orders are sales facts the store keeps for its accounts: an erasure blanks only what was
 * copied of the person onto them (email, billing and shipping addresses, staff notes on status
 * changes) and keeps numbers, lines, totals, dates and statuses.
 */
export const ordersCustomerData: CustomerDataHook = {
  describe: "The customer's orders with their lines, status changes, email and address snapshots.",
  tables: ['orders', 'order_lines', 'order_status_changes'],
  read: async (ctx, { customerId }) => withoutTenant(await orderDataRepository.list(ctx, customerId)),
  erase: async (ctx, { customerId }) => ({
    orders: await orderDataRepository.blankPersonal(ctx, customerId),
    order_status_changes: await orderDataRepository.blankStatusNotes(ctx, customerId),
  }),
};
