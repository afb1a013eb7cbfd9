import { inTransaction } from '../lib/context.js';
import { FieldErrors } from '../lib/errors.js';
import { passwordProblem } from '../lib/password-policy.js';
import { hashPassword } from '../lib/passwords.js';
import type { RegisterBody } from '../modules/accounts/accounts.schemas.js';
import {
  openSession,
  type SessionPolicy,
  type ShopperSession,
  type StoreContext,
  setInitialPassword,
  usernameProblem,
} from '../modules/accounts/accounts.service.js';
import { guestsByEmail } from '../modules/customers/customer-records.service.js';
import { createCustomer } from '../modules/customers/customers.service.js';
import { enqueueEmail } from '../modules/email/email.service.js';
import { recordEvent } from '../modules/events/events.service.js';
import { type Evidence, noEvidence } from '../modules/marketing/consent.service.js';
import { acceptMarketing } from '../modules/marketing/storefront.service.js';
import { takeOverGuests } from './take-over-guests.js';

const PREFILLED = [
  'firstName',
  'lastName',
  'phone',
  'companyName',
  'organizationId',
  'taxId',
  'locale',
] as const;

/**
 * Registers a shopper: a registered customer with an account in the site's customer set,
 * signed in at once. Guests of the set with the same email are linked to it and their
 * addresses move to it; empty profile fields are filled from the newest guest, so a
 * returning shopper finds their details already there.
 */
export async function register(
  ctx: StoreContext,
  body: RegisterBody,
  policy: SessionPolicy,
  evidence: Evidence = noEvidence,
): Promise<ShopperSession> {
  const errors = new FieldErrors();
  const problem = passwordProblem(body.password);
  if (problem) errors.add('/password', problem);
  if (ctx.site.settings.companyDetailsRequired && !body.companyName?.trim())
    errors.add('/companyName', 'is required on this site');
  const username = (body.username ?? body.email).trim();
  const badUsername = usernameProblem(username);
  if (badUsername) errors.add('/username', badUsername);
  if (body.acceptsMarketing && !body.consentText?.trim())
    errors.add('/consentText', 'is required (and not blank) when acceptsMarketing is true');
  errors.throwIfAny();
  // Hash before the transaction: 20-odd ms of argon2 should not hold row locks.
  const passwordHash = await hashPassword(body.password);
  const email = body.email.trim();

  return inTransaction(ctx, async (trx) => {
    const guests = await guestsByEmail(trx, ctx.site.customerSetId, email);
    const newest = guests[0];
    const profile: Record<string, string | null | undefined> = {};
    for (const field of PREFILLED) profile[field] = body[field] ?? newest?.[field] ?? undefined;
    const customer = await createCustomer(
      trx,
      {
        ...profile,
        isRegistered: true,
        email,
        originSiteId: ctx.site.id,
        customerSetId: ctx.site.customerSetId,
      },
      { username },
    );
    await setInitialPassword(trx, customer.id, passwordHash);
    await recordEvent(trx, customer.id, 'account.registered', { siteId: ctx.site.id });
    await takeOverGuests(
      trx,
      customer.id,
      guests.map((g) => g.id),
    );
    await enqueueEmail(
      trx,
      { address: email, customerId: customer.id, site: ctx.site },
      { template: 'welcome', firstName: customer.firstName, storefrontUrl: ctx.site.settings.storefrontUrl },
    );
    // Consent for the site's default newsletter, recorded with the registration or not at all.
    if (body.acceptsMarketing)
      await acceptMarketing(trx, ctx.site, email, body.consentText, 'registration', evidence);
    return openSession(trx, customer.id, policy);
  });
}
