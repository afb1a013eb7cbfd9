import type { CustomerDataHook } from '../../lib/module.js';
import { deleteAnswersNaming } from './customer-data.repository.js';

/**
 * A replayable answer is a copy of what another module shows (the order, the credit entry), so the
 * export has nothing of its own to add; an erasure removes the copies, and a retry with such a
 * key afterwards runs as a new request.
 */
export const idempotencyCustomerData: CustomerDataHook = {
  describe: 'Stored answers of idempotent requests (orders, credit entries) for a day, for safe retries.',
  tables: ['idempotency_keys'],
  read: async () => null,
  erase: async (ctx, { customerId }) => ({ idempotency_keys: await deleteAnswersNaming(ctx, customerId) }),
};
