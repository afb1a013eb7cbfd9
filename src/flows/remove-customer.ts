import { inTransaction, type RequestContext } from '../lib/context.js';
import { countCreditEntries } from '../modules/credit/credit.service.js';
import { lockCustomer } from '../modules/customers/customer-records.service.js';
import { customerErrors } from '../modules/customers/customers.errors.js';
import { deleteCustomer } from '../modules/customers/customers.service.js';
import { recordEvent } from '../modules/events/events.service.js';
import { countCustomerOrders } from '../modules/orders/order-reads.service.js';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Deletes a customer for good, but only one that holds nothing but details and addresses.
 * Orders, a store-credit ledger and a registered account (with its consent and sign-in history)
 * are records the store must keep: a customer with any of them answers 409
 * `customer.has_history` naming what it holds, and stays (disable it instead). The audit log
 * keeps `customer.deleted`.
 */
export async function removeCustomer(ctx: RequestContext, id: string): Promise<void> {
  await inTransaction(ctx, async (trx) => {
    const customer = await lockCustomer(trx, id);
    const [orders, creditEntries] = await Promise.all([
      countCustomerOrders(trx, id),
      countCreditEntries(trx, id),
    ]);
    const holds: { path: string; message: string }[] = [];
    if (orders > 0) holds.push({ path: '/ordersCount', message: plural(orders, 'order', 'orders') });
    if (creditEntries > 0)
      holds.push({
        path: '/storeCredit',
        message: `a store-credit ledger of ${plural(creditEntries, 'entry', 'entries')}`,
      });
    if (customer.isRegistered) holds.push({ path: '/account', message: 'a registered account' });
    if (holds.length > 0) throw customerErrors.hasHistory(holds);
    await deleteCustomer(trx, id);
    // The entry outlives the customer (events has no foreign key to it) and holds no personal data.
    await recordEvent(trx, id, 'customer.deleted');
  });
}
