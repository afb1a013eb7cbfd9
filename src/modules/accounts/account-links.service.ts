import type { AccountTokenPurpose } from '../../db/types.js';
import { inTransaction, type RequestContext } from '../../lib/context.js';
import { runDetached } from '../../lib/detached.js';
import { hashToken, newId, newToken } from '../../lib/ids.js';
import { hashPassword, verifyPassword } from '../../lib/passwords.js';
import { requireCustomer, setAccountFields } from '../customers/customer-records.service.js';
import { enqueueEmail } from '../email/email.service.js';
import { recordEvent } from '../events/events.service.js';
import { emailSiteFor } from '../tenants/tenants.service.js';
import { accountErrors } from './accounts.errors.js';
import { accountsRepository } from './accounts.repository.js';
import { checkNewPassword, findAccount, rethrowUsername, type StoreContext } from './accounts.service.js';

/** How long emailed links work (DESIGN.md §5: resets 60 minutes). */
export const LINK_LIFETIME = {
  reset: 60,
  invite: 72 * 60,
  verify_email: 24 * 60,
  erase: 24 * 60,
} as const satisfies Record<AccountTokenPurpose, number>;
/** Reset emails one account may be sent in an hour, whoever asks. */
export const RESETS_PER_HOUR = 5;

/** Where links point when a site has no storefront URL set. */
const FALLBACK_STOREFRONT = 'http://localhost:3000';
const PAGES: Record<AccountTokenPurpose, string> = {
  reset: '/account/reset-password',
  invite: '/account/set-password',
  verify_email: '/account/confirm-email',
  erase: '/account/confirm-erasure',
};

interface LinkSite {
  id: string;
  name: string;
  settings: { storefrontUrl: string | null };
}

/** Issues a one-time token (only its digest is stored) and answers the emailed link. */
async function issueLink(
  ctx: RequestContext,
  site: LinkSite,
  customerId: string,
  purpose: AccountTokenPurpose,
  newEmail: string | null = null,
) {
  const token = newToken();
  await accountsRepository.insertToken(ctx, {
    id: newId(),
    customerId,
    purpose,
    tokenHash: hashToken(token),
    expiresAt: new Date(Date.now() + LINK_LIFETIME[purpose] * 60_000),
    newEmail,
  });
  const base = (site.settings.storefrontUrl ?? FALLBACK_STOREFRONT).replace(/\/+$/, '');
  return `${base}${PAGES[purpose]}?token=${token}`;
}

/** True when the account may be sent another reset email this hour (call in a transaction). */
async function underResetLimit(ctx: RequestContext, customerId: string) {
  // Requests for one account run side by side (forgot-password answers before its work is
  // done): without the row lock each would count the same tokens and all would pass the limit.
  await accountsRepository.lockAccount(ctx, customerId);
  const since = new Date(Date.now() - 3600_000);
  return (await accountsRepository.countTokensSince(ctx, customerId, 'reset', since)) < RESETS_PER_HOUR;
}

async function queueReset(
  ctx: RequestContext,
  site: LinkSite,
  account: { customerId: string; email: string | null; firstName: string | null },
) {
  if (!account.email) throw accountErrors.noEmail();
  const link = await issueLink(ctx, site, account.customerId, 'reset');
  await enqueueEmail(
    ctx,
    { address: account.email, customerId: account.customerId, site },
    { template: 'passwordReset', firstName: account.firstName, link, expiresMinutes: LINK_LIFETIME.reset },
  );
  await recordEvent(ctx, account.customerId, 'account.password_reset_requested', { siteId: site.id });
}

/**
 * "Forgot password": queues a reset email when the username belongs to an enabled account of
 * this site's customer set and it has had fewer than RESETS_PER_HOUR this hour. Answers
 * nothing either way, so callers cannot learn which usernames exist. Works while locked.
 *
 * Only the lookup is awaited: the token, email and timeline entry are written after it returns
 * (failures go to `onError`), so a known username answers as fast as an unknown one. Awaited,
 * they made a known account's answer 2–3 times slower, which told which usernames exist.
 */
export async function forgotPassword(
  ctx: StoreContext,
  username: string,
  onError: (error: unknown) => void,
): Promise<void> {
  const account = await accountsRepository.findByUsername(ctx, ctx.site.customerSetId, username.trim());
  if (!account?.enabled || !account.email) return;
  runDetached(
    () =>
      inTransaction(ctx, async (trx) => {
        if (!(await underResetLimit(trx, account.customerId))) return;
        await queueReset(trx, ctx.site, account);
      }),
    onError,
  );
}

/** An admin sends the reset email on a customer's behalf (they never choose the password). */
export async function sendPasswordReset(ctx: RequestContext, customerId: string): Promise<void> {
  const account = await findAccount(ctx, customerId);
  if (!account) return notRegisteredOrMissing(ctx, customerId);
  await inTransaction(ctx, async (trx) => {
    if (!(await underResetLimit(trx, customerId))) throw accountErrors.tooManyResets();
    await queueReset(trx, await emailSiteFor(trx, account), account);
  });
}

async function notRegisteredOrMissing(ctx: RequestContext, customerId: string): Promise<never> {
  await requireCustomer(ctx, customerId);
  throw accountErrors.notRegistered();
}

/**
 * Sets a new password from an emailed link (reset or invite). The link works once; all the
 * account's sessions end, older links die, the lock and failure count are cleared (the shopper
 * proved they own the mailbox, which also verifies the email) and a notice is emailed.
 */
export async function resetPassword(ctx: StoreContext, token: string, newPassword: string): Promise<void> {
  checkNewPassword(newPassword, '/newPassword');
  const passwordHash = await hashPassword(newPassword);
  await inTransaction(ctx, async (trx) => {
    const used = await accountsRepository.consumeToken(trx, hashToken(token), ['reset', 'invite']);
    if (!used) throw accountErrors.invalidToken();
    const account = await findAccount(trx, used.customerId);
    if (!account || account.customerSetId !== ctx.site.customerSetId) throw accountErrors.invalidToken();
    await accountsRepository.setPassword(trx, used.customerId, passwordHash, true);
    await accountsRepository.unlock(trx, used.customerId);
    await accountsRepository.retireTokens(trx, used.customerId, ['reset', 'invite']);
    const ended = await accountsRepository.deleteSessions(trx, used.customerId);
    await recordEvent(trx, used.customerId, 'account.password_reset', {
      via: used.purpose,
      sessionsEnded: ended,
    });
    if (account.email)
      await enqueueEmail(
        trx,
        { address: account.email, customerId: used.customerId, site: ctx.site },
        { template: 'passwordChanged', firstName: account.firstName },
      );
  });
}

/**
 * Emails a registered customer who has never set a password a link to set one (older invite
 * links die). The customer must have an account (src/flows/invite-customer.ts converts a guest
 * first); one that already has a password is 409 `account.already_active`.
 */
export async function sendInvite(
  ctx: RequestContext,
  customer: {
    id: string;
    email: string;
    firstName: string | null;
    originSiteId: string | null;
    customerSetId: string;
  },
) {
  const account = await findAccount(ctx, customer.id);
  if (!account) throw accountErrors.notRegistered();
  if (account.passwordHash) throw accountErrors.alreadyActive();
  const site = await emailSiteFor(ctx, customer);
  await accountsRepository.retireTokens(ctx, customer.id, ['invite']);
  const link = await issueLink(ctx, site, customer.id, 'invite');
  await enqueueEmail(
    ctx,
    { address: customer.email, customerId: customer.id, site },
    { template: 'invite', firstName: customer.firstName, link, expiresHours: LINK_LIFETIME.invite / 60 },
  );
  await recordEvent(ctx, customer.id, 'account.invited', { siteId: site.id, username: account.username });
}

/**
 * A signed-in shopper changes their password: the current one is required, the shopper's
 * other sessions end (this one stays), and a notice is emailed.
 */
export async function changePassword(
  ctx: StoreContext,
  customerId: string,
  sessionId: string,
  input: { currentPassword: string; newPassword: string },
) {
  const account = await findAccount(ctx, customerId);
  if (!account?.passwordHash || !(await verifyPassword(account.passwordHash, input.currentPassword)))
    throw accountErrors.wrongPassword();
  checkNewPassword(input.newPassword, '/newPassword');
  const passwordHash = await hashPassword(input.newPassword);
  await inTransaction(ctx, async (trx) => {
    await accountsRepository.setPassword(trx, customerId, passwordHash, false);
    await accountsRepository.retireTokens(trx, customerId, ['reset', 'invite']);
    const ended = await accountsRepository.deleteSessions(trx, customerId, sessionId);
    await recordEvent(trx, customerId, 'account.password_changed', { sessionsEnded: ended });
    if (account.email)
      await enqueueEmail(
        trx,
        { address: account.email, customerId, site: ctx.site },
        { template: 'passwordChanged', firstName: account.firstName },
      );
  });
}

/**
 * A signed-in shopper asks to change their email: the current password is required, and the
 * new address only replaces the old one once the link sent to it is opened.
 */
export async function requestEmailChange(
  ctx: StoreContext,
  customerId: string,
  input: { email: string; currentPassword: string },
) {
  const account = await findAccount(ctx, customerId);
  if (!account?.passwordHash || !(await verifyPassword(account.passwordHash, input.currentPassword)))
    throw accountErrors.wrongPassword();
  const email = input.email.trim();
  await inTransaction(ctx, async (trx) => {
    await accountsRepository.retireTokens(trx, customerId, ['verify_email']);
    const link = await issueLink(trx, ctx.site, customerId, 'verify_email', email);
    await enqueueEmail(
      trx,
      { address: email, customerId, site: ctx.site },
      {
        template: 'verifyEmail',
        firstName: account.firstName,
        link,
        expiresHours: LINK_LIFETIME.verify_email / 60,
      },
    );
    await recordEvent(trx, customerId, 'account.email_change_requested', { newEmail: email });
  });
}

/**
 * Confirms an email change from its link. A username that was the old email follows the new
 * one. The email must still be free among the set's registered customers (409 otherwise).
 */
export async function confirmEmail(ctx: StoreContext, token: string) {
  await inTransaction(ctx, async (trx) => {
    const used = await accountsRepository.consumeToken(trx, hashToken(token), ['verify_email']);
    if (!used?.newEmail) throw accountErrors.invalidToken();
    const account = await findAccount(trx, used.customerId);
    if (!account || account.customerSetId !== ctx.site.customerSetId) throw accountErrors.invalidToken();
    await setAccountFields(trx, used.customerId, { email: used.newEmail });
    if (account.email && account.username.toLowerCase() === account.email.toLowerCase()) {
      await accountsRepository.setUsername(trx, used.customerId, used.newEmail).catch(rethrowUsername);
    }
    await accountsRepository.markEmailVerified(trx, used.customerId);
    await recordEvent(trx, used.customerId, 'account.email_changed', {
      from: account.email,
      to: used.newEmail,
    });
  });
}

/**
 * A signed-in shopper asks to erase their personal data: a link that confirms it is emailed to
 * the account's address (the one who can read that mailbox is the one who may erase), valid for
 * LINK_LIFETIME.erase minutes and once; an earlier erasure link dies. Nothing is erased yet.
 */
export async function requestErasure(ctx: StoreContext, customerId: string): Promise<void> {
  const account = await findAccount(ctx, customerId);
  if (!account) throw accountErrors.notSignedIn();
  if (!account.email) throw accountErrors.noEmail();
  const email = account.email;
  await inTransaction(ctx, async (trx) => {
    await accountsRepository.retireTokens(trx, customerId, ['erase']);
    const link = await issueLink(trx, ctx.site, customerId, 'erase');
    await enqueueEmail(
      trx,
      { address: email, customerId, site: ctx.site },
      {
        template: 'erasureConfirm',
        firstName: account.firstName,
        link,
        expiresHours: LINK_LIFETIME.erase / 60,
      },
    );
  });
}

/**
 * Uses an erasure link (once, unexpired, of an account in this site's customer set) and answers
 * whose it is; call it in the erasure's transaction, so a failed erasure leaves the link unused.
 */
export async function consumeErasureToken(ctx: StoreContext, token: string): Promise<string> {
  const used = await accountsRepository.consumeToken(ctx, hashToken(token), ['erase']);
  if (!used) throw accountErrors.invalidToken();
  const account = await findAccount(ctx, used.customerId);
  if (!account || account.customerSetId !== ctx.site.customerSetId) throw accountErrors.invalidToken();
  return used.customerId;
}
