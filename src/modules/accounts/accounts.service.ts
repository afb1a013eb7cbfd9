import type { RequestContext } from '../../lib/context.js';
import { inTransaction } from '../../lib/context.js';
import { FieldErrors } from '../../lib/errors.js';
import { hashToken, newId, newToken } from '../../lib/ids.js';
import { passwordProblem } from '../../lib/password-policy.js';
import { hashPassword, needsRehash, verifyDummyPassword, verifyPassword } from '../../lib/passwords.js';
import { isSingleLine, SINGLE_LINE_MESSAGE } from '../../lib/text.js';
import { iso } from '../../lib/time.js';
import { addressesRepository } from '../addresses/addresses.repository.js';
import { moveCartsToCustomer } from '../carts/carts.service.js';
import { customersRepository } from '../customers/customers.repository.js';
import { createCustomer } from '../customers/customers.service.js';
import { enqueueEmail } from '../email/email.service.js';
import { recordEvent } from '../events/events.service.js';
import { moveGuestOrders } from '../orders/guest-orders.js';
import type { StorefrontSite } from '../tenants/tenants.schemas.js';
import { accountErrors } from './accounts.errors.js';
import { accountsRepository } from './accounts.repository.js';
import type { RegisterBody } from './accounts.schemas.js';

/** The site a storefront request named with its publishable key: what its routes need of it. */
export type StoreSite = Pick<StorefrontSite, 'id' | 'name' | 'customerSetId' | 'countryCode' | 'settings'>;

/** Context of a storefront request: the tenant and site come from the publishable key. */
export interface StoreContext extends RequestContext {
  site: StoreSite;
}

/** How long shopper sessions live (configured by environment, see src/config.ts). */
export interface SessionPolicy {
  idleMinutes: number;
  absoluteHours: number;
}

export interface ShopperSession {
  token: string;
  expiresAt: Date;
  customerId: string;
}

/** Checks a new password against the rules; a problem is a 400 naming `field`. */
export function checkNewPassword(password: string, field: string) {
  const problem = passwordProblem(password);
  if (problem) {
    const errors = new FieldErrors();
    errors.add(field, problem);
    errors.throwIfAny();
  }
}

/** Opens a session for the customer on this site; only the token's digest is stored. */
export async function openSession(
  ctx: StoreContext,
  customerId: string,
  policy: SessionPolicy,
): Promise<ShopperSession> {
  const token = newToken();
  const now = Date.now();
  const expiresAt = new Date(now + policy.absoluteHours * 3600_000);
  const idle = new Date(Math.min(now + policy.idleMinutes * 60_000, expiresAt.getTime()));
  await accountsRepository.insertSession(ctx, {
    id: newId(),
    customerId,
    siteId: ctx.site.id,
    tokenHash: hashToken(token),
    idleExpiresAt: idle,
    expiresAt,
  });
  return { token, expiresAt, customerId };
}

/** Why a chosen username is refused, or null. */
export function usernameProblem(username: string): string | null {
  if (username === '') return 'must not be blank';
  if (!isSingleLine(username)) return SINGLE_LINE_MESSAGE;
  return null;
}

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
): Promise<ShopperSession> {
  const errors = new FieldErrors();
  const problem = passwordProblem(body.password);
  if (problem) errors.add('/password', problem);
  if (ctx.site.settings.companyDetailsRequired && !body.companyName?.trim())
    errors.add('/companyName', 'is required on this site');
  const username = (body.username ?? body.email).trim();
  const badUsername = usernameProblem(username);
  if (badUsername) errors.add('/username', badUsername);
  errors.throwIfAny();
  // Hash before the transaction: 20-odd ms of argon2 should not hold row locks.
  const passwordHash = await hashPassword(body.password);
  const email = body.email.trim();

  return inTransaction(ctx, async (trx) => {
    const storeTrx = { ...ctx, ...trx };
    const guests = await customersRepository.guestsByEmail(trx, ctx.site.customerSetId, email);
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
    await accountsRepository.setPassword(trx, customer.id, passwordHash, false);
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
    return openSession(storeTrx, customer.id, policy);
  });
}

/**
 * Links guests to the registered customer and moves their addresses, carts and orders to it
 * (order metrics set again for all of them). If the registered
 * customer has no default address yet, the newest moved one becomes its default billing and
 * shipping address (and sets the grid's country and state).
 */
export async function takeOverGuests(ctx: RequestContext, customerId: string, guestIds: string[]) {
  if (guestIds.length === 0) return;
  await customersRepository.linkGuests(ctx, guestIds, customerId);
  const moved = await addressesRepository.reassign(ctx, guestIds, customerId);
  await moveCartsToCustomer(ctx, guestIds, customerId);
  const ordersMoved = await moveGuestOrders(ctx, customerId, guestIds);
  await recordEvent(ctx, customerId, 'account.guests_linked', {
    guestIds,
    addressesMoved: moved.length,
    ordersMoved,
  });
  const newest = moved.sort((a, b) => (a.id < b.id ? 1 : -1))[0];
  if (newest && !(await addressesRepository.defaultBilling(ctx, customerId))) {
    await addressesRepository.update(ctx, customerId, newest.id, {
      isDefaultBilling: true,
      isDefaultShipping: true,
    });
    await customersRepository.setBillingLocation(ctx, customerId, newest.countryCode, newest.stateCode);
  }
}

/**
 * Signs a shopper in on a site of their customer set. Every failure — unknown username, wrong
 * password, locked, disabled, no password yet — is the same error after the same argon2 work,
 * so neither the answer nor its timing tells which. Wrong passwords count toward the site's
 * lockout policy; a successful sign-in resets the count and upgrades an outdated hash.
 */
export async function signIn(
  ctx: StoreContext,
  input: { username: string; password: string },
  policy: SessionPolicy,
): Promise<ShopperSession> {
  const account = await accountsRepository.findByUsername(ctx, ctx.site.customerSetId, input.username.trim());
  if (!account?.passwordHash) {
    await verifyDummyPassword(input.password);
    throw accountErrors.signInFailed();
  }
  const correct = await verifyPassword(account.passwordHash, input.password);
  if (account.locked || !account.enabled) throw accountErrors.signInFailed();
  if (!correct) {
    // One statement, no transaction: the failure path must cost about what the unknown-user path does.
    const result = await accountsRepository.recordFailure(ctx, account.customerId, ctx.site.settings.lockout);
    if (result?.justLocked)
      await recordEvent(ctx, account.customerId, 'account.locked', {
        siteId: ctx.site.id,
        lockedUntil: iso(result.lockedUntil),
        lockout: result.lockouts,
        failures: result.failedSignIns,
      });
    throw accountErrors.signInFailed();
  }
  const upgraded = needsRehash(account.passwordHash) ? await hashPassword(input.password) : null;
  return inTransaction(ctx, async (trx) => {
    const storeTrx = { ...ctx, ...trx };
    await accountsRepository.recordSuccess(trx, account.customerId, upgraded);
    await accountsRepository.deleteExpiredSessions(trx, account.customerId);
    return openSession(storeTrx, account.customerId, policy);
  });
}

/** Minimum time between two writes of a session's last-seen time: reads stay reads. */
const TOUCH_EVERY_MS = 60_000;

/**
 * The signed-in customer for a session token on this site, or null when the token is unknown,
 * expired (idle or absolute), from another customer set, or the customer is disabled.
 */
export async function authenticateShopper(
  ctx: StoreContext,
  token: string,
  policy: SessionPolicy,
): Promise<{ customerId: string; sessionId: string } | null> {
  const session = await accountsRepository.findSession(ctx, hashToken(token));
  const now = Date.now();
  if (
    !session?.enabled ||
    session.customerSetId !== ctx.site.customerSetId ||
    new Date(session.expiresAt).getTime() <= now ||
    new Date(session.idleExpiresAt).getTime() <= now
  )
    return null;
  if (now - new Date(session.lastSeenAt).getTime() > TOUCH_EVERY_MS) {
    const idle = Math.min(now + policy.idleMinutes * 60_000, new Date(session.expiresAt).getTime());
    await accountsRepository.touchSession(ctx, session.id, new Date(idle));
  }
  return { customerId: session.customerId, sessionId: session.id };
}

export async function signOut(ctx: StoreContext, token: string) {
  await accountsRepository.deleteSessionByHash(ctx, hashToken(token));
}

/** Ends every session of a customer (disable, password reset). */
export const endAllSessions = (ctx: RequestContext, customerId: string) =>
  accountsRepository.deleteSessions(ctx, customerId);

/** Account summaries by customer id, for a page of customers (one query). */
export async function accountSummaries(ctx: RequestContext, customerIds: readonly string[]) {
  const rows = await accountsRepository.summaries(ctx, customerIds);
  return new Map(
    rows.map((a) => [
      a.customerId,
      {
        username: a.username,
        hasPassword: a.hasPassword,
        locked: a.locked,
        lockedUntil: iso(a.lockedUntil),
        failedSignIns: a.failedSignIns,
        lockouts: a.lockouts,
        disabledReason: a.disabledReason,
        lastSignInAt: iso(a.lastSignInAt),
        passwordChangedAt: iso(a.passwordChangedAt),
        emailVerifiedAt: iso(a.emailVerifiedAt),
      },
    ]),
  );
}
