import { inTransaction } from '../lib/context.js';
import type { ModuleCustomerData } from '../lib/module.js';
import { consumeErasureToken } from '../modules/accounts/account-links.service.js';
import type { StoreContext } from '../modules/accounts/accounts.service.js';
import { eraseCustomer } from './erase-customer.js';

/**
 * A shopper's erasure from the emailed link (POST /store/v1/me/erase/confirm): the link is used
 * and the customer erased in one transaction, so a failed erasure leaves the link working. The
 * link is the proof (no sign-in: the erasure ends the sessions anyway); the timeline names the
 * shopper as who erased.
 */
export async function confirmShopperErasure(
  ctx: StoreContext,
  hooks: readonly ModuleCustomerData[],
  token: string,
): Promise<void> {
  await inTransaction(ctx, async (trx) => {
    const customerId = await consumeErasureToken(trx, token);
    await eraseCustomer(
      { ...trx, actor: { type: 'shopper', id: customerId, role: null } },
      hooks,
      customerId,
      {},
    );
  });
}
