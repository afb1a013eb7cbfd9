import { inTransaction, type RequestContext } from '../lib/context.js';
import { sendInvite } from '../modules/accounts/account-links.service.js';
import { accountErrors } from '../modules/accounts/accounts.errors.js';
import { createAccountFor, findAccount } from '../modules/accounts/accounts.service.js';
import {
  type CustomerRecord,
  guestsByEmail,
  requireCustomer,
  setAccountFields,
} from '../modules/customers/customer-records.service.js';
import { getCustomer } from '../modules/customers/customers.service.js';
import { recordEvent } from '../modules/events/events.service.js';
import { takeOverGuests } from './take-over-guests.js';

/**
 * Invites a customer to set a password. A guest becomes a registered customer with an account
 * (its email must be free among the set's registered customers) and takes over the other
 * guests with its email; a registered customer who has never set a password gets a new link.
 * Answers the customer as it is afterwards.
 */
export async function inviteCustomer(ctx: RequestContext, customerId: string) {
  await inTransaction(ctx, async (trx) => {
    const customer = await requireCustomer(trx, customerId);
    if (!customer.email) throw accountErrors.noEmail();
    const account = await findAccount(trx, customerId);
    if (account?.passwordHash) throw accountErrors.alreadyActive();
    const withEmail = { ...customer, email: customer.email };
    if (!account) await convertGuest(trx, withEmail);
    await sendInvite(trx, withEmail);
  });
  return getCustomer(ctx, customerId);
}

/**
 * Turns a guest into a registered customer with an account (no password yet), as an admin's
 * invite does. Its email must be free among the set's registered customers (409 otherwise);
 * the other guests with that email are linked to it, as at registration.
 */
async function convertGuest(ctx: RequestContext, customer: CustomerRecord & { email: string }) {
  await setAccountFields(ctx, customer.id, { isRegistered: true });
  await createAccountFor(ctx, customer);
  const guests = await guestsByEmail(ctx, customer.customerSetId, customer.email);
  await recordEvent(ctx, customer.id, 'account.registered', { via: 'invite' });
  await takeOverGuests(
    ctx,
    customer.id,
    guests.filter((g) => g.id !== customer.id).map((g) => g.id),
  );
}
