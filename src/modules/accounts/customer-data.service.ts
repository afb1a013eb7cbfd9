import type { CustomerDataHook } from '../../lib/module.js';
import { accountDataRepository } from './customer-data.repository.js';

/**
 * The account (username, sign-in facts; never the password hash), its sessions and emailed links
 * (never the token digests). An erasure removes all three: the person can no longer sign in, and
 * their sessions end at once.
 */
export const accountsCustomerData: CustomerDataHook = {
  describe:
    "The shopper's sign-in account (username, sign-in and lockout facts), sessions and emailed links.",
  tables: ['accounts', 'shopper_sessions', 'account_tokens'],
  read: async (ctx, { customerId }) => {
    const [account, sessions, links] = await Promise.all([
      accountDataRepository.account(ctx, customerId),
      accountDataRepository.sessions(ctx, customerId),
      accountDataRepository.links(ctx, customerId),
    ]);
    return { account: account ?? null, sessions, links };
  },
  erase: (ctx, { customerId }) => accountDataRepository.deleteAll(ctx, customerId),
};
