import { inTransaction, type RequestContext } from '../../lib/context.js';
import { withActorNames } from '../admins/admins.service.js';
import { requireCustomer, setAccountFields } from '../customers/customer-records.service.js';
import { getCustomer } from '../customers/customers.service.js';
import { listEvents, recordEvent } from '../events/events.service.js';
import { accountErrors } from './accounts.errors.js';
import { accountsRepository } from './accounts.repository.js';

/**
 * Admin actions on a customer's account. Each answers the customer as it is afterwards and
 * leaves an event on the customer's timeline.
 */

/** Ends a lockout now and resets the failure count. Unlocking an unlocked account changes nothing. */
export async function unlockAccount(ctx: RequestContext, customerId: string) {
  await inTransaction(ctx, async (trx) => {
    await requireCustomer(trx, customerId);
    if (!(await accountsRepository.unlock(trx, customerId))) throw accountErrors.notRegistered();
    await recordEvent(trx, customerId, 'account.unlocked');
  });
  return getCustomer(ctx, customerId);
}

/** Disables a customer: every session ends at once and sign-in is refused until enabled. */
export async function disableCustomer(ctx: RequestContext, customerId: string, reason: string) {
  await inTransaction(ctx, async (trx) => {
    await requireCustomer(trx, customerId);
    await setAccountFields(trx, customerId, { enabled: false });
    await accountsRepository.setDisabledReason(trx, customerId, reason.trim());
    const ended = await accountsRepository.deleteSessions(trx, customerId);
    await recordEvent(trx, customerId, 'account.disabled', { reason: reason.trim(), sessionsEnded: ended });
  });
  return getCustomer(ctx, customerId);
}

/** Enables a disabled customer again (a lock, if any, still runs its course). */
export async function enableCustomer(ctx: RequestContext, customerId: string) {
  await inTransaction(ctx, async (trx) => {
    await requireCustomer(trx, customerId);
    await setAccountFields(trx, customerId, { enabled: true });
    await accountsRepository.setDisabledReason(trx, customerId, null);
    await recordEvent(trx, customerId, 'account.enabled');
  });
  return getCustomer(ctx, customerId);
}

/**
 * A page of the customer's timeline, newest first, each entry with its actor's name (404 for a
 * customer of another tenant).
 */
export async function customerTimeline(
  ctx: RequestContext,
  customerId: string,
  query: { limit?: number; cursor?: string },
) {
  await requireCustomer(ctx, customerId);
  const page = await listEvents(ctx, customerId, query);
  return { ...page, data: await withActorNames(ctx, page.data) };
}
