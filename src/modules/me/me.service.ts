import { inTransaction } from '../../lib/context.js';
import { FieldErrors } from '../../lib/errors.js';
import { toE164 } from '../../lib/phone.js';
import { iso } from '../../lib/time.js';
import { requestEmailChange } from '../accounts/account-links.service.js';
import { accountErrors } from '../accounts/accounts.errors.js';
import {
  changeUsername,
  exportAccount,
  pendingEmailChange,
  type StoreContext,
  usernameProblem,
} from '../accounts/accounts.service.js';
import { checkCustomerAttributes, visibleAttributes } from '../attributes/attributes.service.js';
import { getMyCredit, listMyCreditEntries } from '../credit/credit.service.js';
import { getCustomer, updateCustomer } from '../customers/customers.service.js';
import { listEvents, recordEvent } from '../events/events.service.js';
import { groupCodesNow } from '../groups/memberships.service.js';
import { roleCodesOnSite } from '../groups/roles.service.js';
import { listMyOrders } from '../orders/order-reads.service.js';
import { listWishlists } from '../wishlists/wishlists.service.js';
import type { Me, MePatch, MyExport } from './me.schemas.js';

/** The signed-in shopper's customer record with its account, as read before a change. */
async function currentShopper(ctx: StoreContext, customerId: string) {
  const customer = await getCustomer(ctx, customerId);
  // Sessions are deleted with their account, so a live session without one cannot happen.
  if (!customer.account) throw accountErrors.notSignedIn();
  return { ...customer, account: customer.account };
}

/**
 * The shopper's own profile: their details, sign-in name, addresses, any email change waiting,
 * and the codes of the groups and roles they hold now on the calling site.
 */
export async function getMe(ctx: StoreContext, customerId: string): Promise<Me> {
  const [customer, pendingEmail, groups, roles] = await Promise.all([
    currentShopper(ctx, customerId),
    pendingEmailChange(ctx, customerId),
    groupCodesNow(ctx, customerId),
    roleCodesOnSite(ctx, customerId, ctx.site.id),
  ]);
  return {
    id: customer.id,
    email: customer.email,
    firstName: customer.firstName,
    lastName: customer.lastName,
    phone: customer.phone,
    companyName: customer.companyName,
    organizationId: customer.organizationId,
    taxId: customer.taxId,
    locale: customer.locale,
    username: customer.account.username,
    emailVerifiedAt: customer.account.emailVerifiedAt,
    pendingEmail,
    createdAt: customer.createdAt,
    addresses: customer.addresses,
    groups,
    roles,
    attributes: await visibleAttributes(ctx, customer.attributes, true),
  };
}

/**
 * The shopper changes their own details in one transaction. Profile fields follow the admin
 * rules (customers.service); a new username must be free in the customer set. A new email
 * needs the current password and is not applied here: a confirmation link goes to it
 * (`pendingEmail` until opened). A phone without a country prefix is read in the country of
 * the default billing address, else the site's.
 */
export async function updateMe(ctx: StoreContext, customerId: string, patch: MePatch): Promise<Me> {
  const { username, email, currentPassword, ...profile } = patch;
  const current = await currentShopper(ctx, customerId);
  const errors = new FieldErrors();
  const newUsername = username?.trim();
  const badUsername = newUsername === undefined ? null : usernameProblem(newUsername);
  if (badUsername) errors.add('/username', badUsername);
  const newEmail = email?.trim();
  const emailChanges = newEmail !== undefined && newEmail !== current.email;
  if (emailChanges && !currentPassword) errors.add('/currentPassword', 'is required to change the email');
  if (ctx.site.settings.companyDetailsRequired && 'companyName' in profile && !profile.companyName?.trim())
    errors.add('/companyName', 'is required on this site');
  // Checked here too so that a bad attribute is named beside every other bad field.
  await checkCustomerAttributes(ctx, profile.attributes, { requireAll: false, shopper: true }, errors);
  errors.throwIfAny();
  if (profile.phone?.trim())
    profile.phone = toE164(profile.phone, current.countryCode ?? ctx.site.countryCode) ?? profile.phone;

  await inTransaction(ctx, async (trx) => {
    // First, before any row is written: a wrong password fails the whole change.
    if (emailChanges && newEmail && currentPassword)
      await requestEmailChange(trx, customerId, { email: newEmail, currentPassword });
    if (newUsername && newUsername !== current.account.username) {
      await changeUsername(trx, customerId, newUsername);
      await recordEvent(trx, customerId, 'account.username_changed', {
        from: current.account.username,
        to: newUsername,
      });
    }
    if (Object.keys(profile).length > 0) await updateCustomer(trx, customerId, profile);
  });
  return getMe(ctx, customerId);
}

/**
 * Event details that are admins' notes (why an account was disabled, the staff's tags, which the
 * profile does not show either), left out of the shopper's export.
 */
const ADMIN_ONLY_DATA: Partial<Record<string, readonly string[]>> = {
  'account.disabled': ['reason'],
  'customer.tags_added': ['tags'],
  'customer.tags_removed': ['tags'],
};
const EXPORT_PAGE = 1000;
/** The largest page the order and credit lists give. */
const EXPORT_PAGE_LIMIT = 200;

/** The whole timeline, newest first, a page at a time. */
async function wholeTimeline(ctx: StoreContext, customerId: string): Promise<MyExport['timeline']> {
  const timeline: MyExport['timeline'] = [];
  let cursor: string | undefined;
  do {
    const page = await listEvents(ctx, customerId, { limit: EXPORT_PAGE, cursor });
    for (const event of page.data) {
      // The shopper's copy keeps the diffs where the timeline stores them.
      const changes = event.changes.length > 0 ? { changes: event.changes } : {};
      const data: Record<string, unknown> = { ...event.data, ...changes };
      for (const key of ADMIN_ONLY_DATA[event.action] ?? []) delete data[key];
      timeline.push({ action: event.action, createdAt: event.createdAt, data });
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return timeline;
}

/** Every page of a cursor-paged list, for the export. */
async function allPages<T>(
  page: (cursor: string | undefined) => Promise<{ data: T[]; nextCursor: string | null }>,
) {
  const all: T[] = [];
  let cursor: string | undefined;
  do {
    const next = await page(cursor);
    all.push(...next.data);
    cursor = next.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

/**
 * Everything Clientele keeps about the shopper, for them to download (the right of access):
 * profile and addresses, account dates, sessions, timeline, orders, wish lists, store credit
 * and the guest checkouts the account took over. Never a password hash or a token digest.
 */
export async function exportMe(ctx: StoreContext, customerId: string): Promise<MyExport> {
  const [
    profile,
    { record: account, sessions, linkedGuestIds },
    timeline,
    orders,
    wishlists,
    credit,
    creditEntries,
  ] = await Promise.all([
    getMe(ctx, customerId),
    exportAccount(ctx, customerId),
    wholeTimeline(ctx, customerId),
    allPages((cursor) => listMyOrders(ctx, customerId, { limit: EXPORT_PAGE_LIMIT, cursor })),
    listWishlists(ctx, customerId),
    getMyCredit(ctx, customerId),
    allPages((cursor) => listMyCreditEntries(ctx, customerId, { limit: EXPORT_PAGE_LIMIT, cursor })),
  ]);
  if (!account) throw accountErrors.notSignedIn();
  return {
    exportedAt: new Date().toISOString(),
    profile,
    account: {
      username: account.username,
      createdAt: iso(account.createdAt),
      lastSignInAt: iso(account.lastSignInAt),
      passwordChangedAt: iso(account.passwordChangedAt),
      emailVerifiedAt: iso(account.emailVerifiedAt),
    },
    sessions: sessions.map((s) => ({
      siteId: s.siteId,
      createdAt: iso(s.createdAt),
      lastSeenAt: iso(s.lastSeenAt),
      expiresAt: iso(s.expiresAt),
    })),
    timeline,
    orders,
    wishlists,
    credit: { balances: credit.balances, entries: creditEntries },
    linkedGuestIds,
  };
}
