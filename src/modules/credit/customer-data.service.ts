import { type CustomerDataHook, withoutTenant } from '../../lib/module.js';
import { creditDataRepository } from './customer-data.repository.js';

/**
 * The ledger is money the store owes or spent: amounts, currencies, kinds, order references and
 * the staff's reason. It names the person only by the customer id, which the erased customer row
 * keeps, so an erasure leaves it whole (docs/privacy.md: staff should not write personal data
 * into a reason).
 */
export const creditCustomerData: CustomerDataHook = {
  describe: "The customer's store-credit ledger and balances (kept on erasure: sales facts).",
  tables: ['credit_entries', 'credit_balances'],
  read: async (ctx, { customerId }) => {
    const [entries, balances] = await Promise.all([
      creditDataRepository.entries(ctx, customerId),
      creditDataRepository.balances(ctx, customerId),
    ]);
    return { balances: withoutTenant(balances), entries: withoutTenant(entries) };
  },
  erase: async () => ({}),
};
