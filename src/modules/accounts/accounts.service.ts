import type { Expression } from 'kysely';
import type { RequestContext } from '../../lib/context.js';
import { inTransaction } from '../../lib/context.js';
import { violatedUniqueIndex } from '../../lib/db-errors.js';
import { FieldErrors } from '../../lib/errors.js';
import { hashToken, newId, newToken } from '../../lib/ids.js';
import { countSignIn, lockouts } from '../../lib/metrics.js';
import { passwordProblem } from '../../lib/password-policy.js';
import { hashPassword, needsRehash, verifyDummyPassword, verifyPassword } from '../../lib/passwords.js';
import { isSingleLine, SINGLE_LINE_MESSAGE } from '../../lib/text.js';
import { iso } from '../../lib/time.js';
import { findCustomer, linkedGuestIds as guestsTakenOver } from '../customers/customer-records.service.js';
import { recordEvent } from '../events/events.service.js';
import type { StorefrontSite } from '../tenants/tenants.schemas.js';
import { accountErrors } from './accounts.errors.js';
import { type AccountSummaryJson, accountsRepository } from './accounts.repository.js';
import type { AccountSummary } from './accounts.schemas.js';

/** The site a storefront request named with its publishable key: what its routes need of it. */
export type StoreSite = Pick<StorefrontSite, 'id' | 'name' | 'customerSetId' | 'countryCode' | 'settings'>;

/**
 * The request context of the storefront API: the site is always there (its publishable key
 * named the tenant), with its settings typed.
 */
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

export const rethrowUsername = (error: unknown): never => {
  if (violatedUniqueIndex(error) === 'accounts_username') throw accountErrors.usernameTaken();
  throw error;
};

/**
 * Creates the account of a customer who is (or just became) registered, with no password yet:
 * the customer sets one through an invite, a reset or registration. The username is the email
 * unless given.
 */
export async function createAccountFor(
  ctx: RequestContext,
  customer: { id: string; customerSetId: string; email: string | null },
  username?: string,
) {
  if (!customer.email) throw accountErrors.noEmail();
  await accountsRepository
    .insert(ctx, {
      customerId: customer.id,
      customerSetId: customer.customerSetId,
      username: username ?? customer.email,
      passwordHash: null,
    })
    .catch(rethrowUsername);
}

/**
 * The accounts of registered customers an import made, in one statement, without passwords
 * (an invite or a reset sets them); usernames are the emails.
 */
export async function createAccountsFor(
  ctx: RequestContext,
  customers: readonly { id: string; customerSetId: string; email: string }[],
) {
  await accountsRepository
    .insertMany(
      ctx,
      customers.map((c) => ({ customerId: c.id, customerSetId: c.customerSetId, username: c.email })),
    )
    .catch(rethrowUsername);
}

/** Sets the first password of an account just created at registration (already hashed). */
export async function setInitialPassword(ctx: RequestContext, customerId: string, passwordHash: string) {
  await accountsRepository.setPassword(ctx, customerId, passwordHash, false);
}

/** Records why an admin disabled the account (null clears it when the customer is enabled again). */
export async function setDisabledReason(ctx: RequestContext, customerId: string, reason: string | null) {
  await accountsRepository.setDisabledReason(ctx, customerId, reason);
}

/**
 * The account of a customer with the customer's fields account work needs (enabled, email,
 * first name, origin site; read through the customers service), or undefined for a guest.
 */
export async function findAccount(ctx: RequestContext, customerId: string) {
  const account = await accountsRepository.findByCustomer(ctx, customerId);
  if (!account) return undefined;
  const customer = await findCustomer(ctx, customerId);
  if (!customer) return undefined;
  const { enabled, email, firstName, originSiteId } = customer;
  return { ...account, enabled, email, firstName, originSiteId };
}

/** Why a chosen username is refused, or null. */
export function usernameProblem(username: string): string | null {
  if (username === '') return 'must not be blank';
  if (!isSingleLine(username)) return SINGLE_LINE_MESSAGE;
  return null;
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
    countSignIn('shopper', 'failure');
    throw accountErrors.signInFailed();
  }
  const correct = await verifyPassword(account.passwordHash, input.password);
  if (account.locked || !account.enabled) {
    countSignIn('shopper', 'failure');
    throw accountErrors.signInFailed();
  }
  if (!correct) {
    // One statement, no transaction: the failure path must cost about what the unknown-user path does.
    const result = await accountsRepository.recordFailure(ctx, account.customerId, ctx.site.settings.lockout);
    countSignIn('shopper', 'failure');
    if (result?.justLocked) {
      lockouts.inc({ actor: 'shopper' });
      await recordEvent(ctx, account.customerId, 'account.locked', {
        siteId: ctx.site.id,
        lockedUntil: iso(result.lockedUntil),
        lockout: result.lockouts,
        failures: result.failedSignIns,
      });
    }
    throw accountErrors.signInFailed();
  }
  const upgraded = needsRehash(account.passwordHash) ? await hashPassword(input.password) : null;
  const session = await inTransaction(ctx, async (trx) => {
    await accountsRepository.recordSuccess(trx, account.customerId, upgraded);
    await accountsRepository.deleteExpiredSessions(trx, account.customerId);
    return openSession(trx, account.customerId, policy);
  });
  countSignIn('shopper', 'success');
  return session;
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

export type { AccountSummaryJson };

/** An account summary as the API gives it, from its JSON (accountsRepository.summaryOf). */
export const accountSummaryToApi = (a: AccountSummaryJson): AccountSummary => ({
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
});

/** Account summaries by customer id, for some customers (one query; a page selects summaryOf instead). */
export async function accountSummaries(ctx: RequestContext, customerIds: readonly string[]) {
  const rows = await accountsRepository.summaries(ctx, customerIds);
  return new Map(rows.map((a) => [a.customerId, accountSummaryToApi(a.summary)]));
}

/**
 * Each customer's account summary (null for a guest) as a column a page of customers selects
 * (PageColumns): the page and its accounts in one statement. Map it with accountSummaryToApi.
 */
export const accountSummaryColumn = (ctx: RequestContext, customerId: Expression<unknown>) =>
  accountsRepository.summaryOf(ctx, customerId);

/** The email change waiting for confirmation, if any (for the shopper's own profile). */
export const pendingEmailChange = (ctx: RequestContext, customerId: string) =>
  accountsRepository.pendingEmail(ctx, customerId);

/** Sets a new username; one taken in the customer set is 409 `account.username_taken`. */
export async function changeUsername(ctx: RequestContext, customerId: string, username: string) {
  await accountsRepository.setUsername(ctx, customerId, username).catch(rethrowUsername);
}

/** What the account holds about the shopper, for their data export: the account, sessions, linked guests. */
export async function exportAccount(ctx: RequestContext, customerId: string) {
  const [record, sessions, linkedGuestIds] = await Promise.all([
    accountsRepository.exportRecord(ctx, customerId),
    accountsRepository.listSessions(ctx, customerId),
    guestsTakenOver(ctx, customerId),
  ]);
  return { record, sessions, linkedGuestIds };
}
