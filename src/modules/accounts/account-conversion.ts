import type { RequestContext } from '../../lib/context.js';
import type { CustomerRecord } from '../customers/customers.repository.js';
import { customersRepository } from '../customers/customers.repository.js';
import { rethrowCustomerUnique } from '../customers/customers.service.js';
import { recordEvent } from '../events/events.service.js';
import { createAccountFor } from './account-creation.js';
import { takeOverGuests } from './accounts.service.js';

/**
 * Turns a guest into a registered customer with an account (no password yet), as an admin's
 * invite does. Its email must be free among the set's registered customers (409 otherwise);
 * the other guests with that email are linked to it, as at registration.
 */
export async function convertGuest(ctx: RequestContext, customer: CustomerRecord & { email: string }) {
  await customersRepository
    .setAccountFields(ctx, customer.id, { isRegistered: true })
    .catch(rethrowCustomerUnique);
  await createAccountFor(ctx, customer);
  const guests = await customersRepository.guestsByEmail(ctx, customer.customerSetId, customer.email);
  await recordEvent(ctx, customer.id, 'account.registered', { via: 'invite' });
  await takeOverGuests(
    ctx,
    customer.id,
    guests.filter((g) => g.id !== customer.id).map((g) => g.id),
  );
}
