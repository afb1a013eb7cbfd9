import type { Database } from '../../db/database.js';
import type { ConsentSource } from '../../db/types.js';
import type { ContextSite } from '../../lib/context.js';
import { inTransaction, type RequestContext, systemContext } from '../../lib/context.js';
import { hashToken, newId } from '../../lib/ids.js';
import { iso } from '../../lib/time.js';
import type { StoreContext } from '../accounts/accounts.service.js';
import { requireCustomer } from '../customers/customer-records.service.js';
import { enqueueEmail } from '../email/email.service.js';
import {
  CONFIRM_LINK_HOURS,
  changeSubscription,
  type Evidence,
  issueConfirmToken,
  issueUnsubscribeUrl,
  listUnsubscribeHeaders,
} from './consent.service.js';
import { type ContactRecord, contactsRepository } from './contacts.repository.js';
import { marketingErrors } from './marketing.errors.js';
import type { MySubscription, MySubscriptionInput, StoreSubscribe } from './marketing.schemas.js';
import { defaultNewsletter, newsletterByCode, siteNewsletters } from './newsletters.service.js';

/** Where confirmation links point when a site has no storefront URL set. */
const FALLBACK_STOREFRONT = 'http://localhost:3000';
const CONFIRM_PAGE = '/newsletter/confirm';
/** A PENDING sign-up is sent another confirmation email only after this long. */
const RESEND_AFTER_MS = 60 * 60_000;

type NewsletterRow = Awaited<ReturnType<typeof newsletterByCode>>;

/** The site a sign-up came through: its name signs the email, its storefront hosts the confirm page. */
export type MarketingSite = Pick<ContextSite, 'id' | 'name'> & { settings: { storefrontUrl: string | null } };

const isWithdrawn = (status: string | undefined) =>
  status === 'UNSUBSCRIBED' || status === 'INVALID' || status === 'REDACTED';

/**
 * Signs an address up to a newsletter, recording the wording shown. With double opt-in the
 * state is PENDING and a confirmation link is emailed (carrying List-Unsubscribe); otherwise it
 * is SUBSCRIBED at once (single opt-in). An invalid address or one subscribed already changes
 * nothing; the caller answers the same either way.
 */
async function signUp(
  ctx: RequestContext,
  site: MarketingSite,
  contact: ContactRecord,
  newsletter: NewsletterRow,
  consentText: string,
  source: ConsentSource,
  evidence: Evidence,
) {
  if (contact.invalidAt !== null) return;
  await inTransaction(ctx, async (trx) => {
    const current = await contactsRepository.lockSubscription(trx, contact.id, newsletter.id);
    if (current?.status === 'SUBSCRIBED') return;
    // A sign-up waiting for its link gets no second email within the hour, so a form cannot be
    // used to flood someone's inbox with confirmation requests.
    if (current?.status === 'PENDING' && Date.now() - current.updatedAt.getTime() < RESEND_AFTER_MS) return;
    const common = { contactId: contact.id, newsletter, source, consentText, evidence };
    if (!newsletter.doubleOptIn) {
      await changeSubscription(trx, { ...common, status: 'SUBSCRIBED', optInLevel: 'SINGLE_OPT_IN' });
      return;
    }
    await changeSubscription(trx, { ...common, status: 'PENDING', optInLevel: null });
    const token = await issueConfirmToken(trx, contact.id, newsletter.id);
    const unsubscribeUrl = await issueUnsubscribeUrl(trx, contact.id, newsletter.id);
    const base = (site.settings.storefrontUrl ?? FALLBACK_STOREFRONT).replace(/\/+$/, '');
    await enqueueEmail(
      trx,
      { address: contact.email, customerId: contact.customerId, site },
      {
        template: 'newsletterConfirm',
        newsletterName: newsletter.name,
        link: `${base}${CONFIRM_PAGE}?token=${token}`,
        expiresHours: CONFIRM_LINK_HOURS,
        unsubscribeUrl,
      },
      { headers: listUnsubscribeHeaders(unsubscribeUrl), newsletterId: newsletter.id },
    );
  });
}

/**
 * A storefront sign-up form: no sign-in, and the same answer whether the address is known,
 * subscribed, invalid or new, so the form tells no one who is on the list.
 */
export async function subscribeFromStorefront(
  ctx: StoreContext,
  code: string,
  input: StoreSubscribe,
  evidence: Evidence,
): Promise<void> {
  const newsletter = await newsletterByCode(ctx, ctx.site.id, code);
  const consentText = input.consentText.trim();
  if (!consentText) throw marketingErrors.consentTextRequired();
  const contact = await contactsRepository.ensure(ctx, { id: newId(), email: input.email.trim() });
  await signUp(ctx, ctx.site, contact, newsletter, consentText, 'storefront_form', evidence);
}

/**
 * Registration and checkout's `acceptsMarketing`: signs the address up to the site's default
 * newsletter, in the caller's transaction. 400 when the site has none.
 */
export async function acceptMarketing(
  ctx: RequestContext,
  site: MarketingSite,
  email: string,
  consentText: string | undefined,
  source: 'registration' | 'checkout',
  evidence: Evidence,
): Promise<void> {
  const text = consentText?.trim();
  if (!text)
    throw marketingErrors.consentTextRequired(
      source === 'checkout' ? '/customer/consentText' : '/consentText',
    );
  const newsletter = await defaultNewsletter(ctx, site.id);
  if (!newsletter)
    throw marketingErrors.noDefaultNewsletter(
      source === 'checkout' ? '/customer/acceptsMarketing' : '/acceptsMarketing',
    );
  const contact = await contactsRepository.ensure(ctx, { id: newId(), email });
  await signUp(ctx, site, contact, newsletter, text, source, evidence);
}

/**
 * The double opt-in link: a PENDING sign-up becomes SUBSCRIBED / CONFIRMED_OPT_IN. The link
 * works once, for 48 hours, on the sites of the tenant that sent it; the record keeps the
 * wording agreed to at sign-up.
 */
export async function confirmSubscription(
  ctx: StoreContext,
  token: string,
  evidence: Evidence,
): Promise<MySubscription> {
  return inTransaction(ctx, async (trx) => {
    const link = await contactsRepository.findToken(trx.db, hashToken(token));
    if (
      !link ||
      link.tenantId !== ctx.tenantId ||
      link.purpose !== 'confirm' ||
      link.usedAt !== null ||
      (link.expiresAt !== null && link.expiresAt.getTime() <= Date.now())
    )
      throw marketingErrors.linkInvalid();
    await contactsRepository.useToken(trx, link.id);
    const current = await contactsRepository.lockSubscription(trx, link.contactId, link.newsletterId);
    const rows = await contactsRepository.subscriptionsOf(trx, link.contactId);
    const newsletter = rows.find((row) => row.newsletterId === link.newsletterId)!;
    if (current?.status === 'PENDING') {
      const pending = await contactsRepository.latestPending(trx, link.contactId, link.newsletterId);
      await changeSubscription(trx, {
        contactId: link.contactId,
        newsletter: { id: link.newsletterId, code: newsletter.code },
        status: 'SUBSCRIBED',
        optInLevel: 'CONFIRMED_OPT_IN',
        source: 'storefront_form',
        consentText: pending?.consentText ?? null,
        evidence,
      });
    } else if (current?.status !== 'SUBSCRIBED') throw marketingErrors.linkInvalid();
    const after = (await contactsRepository.subscriptionsOf(trx, link.contactId)).find(
      (row) => row.newsletterId === link.newsletterId,
    )!;
    return mySubscriptionOf(after);
  });
}

type SubscriptionRow = Awaited<ReturnType<typeof contactsRepository.subscriptionsOf>>[number];
const mySubscriptionOf = (row: SubscriptionRow): MySubscription => ({
  code: row.code,
  name: row.name,
  description: row.description,
  status: row.status ?? 'NOT_SUBSCRIBED',
  optInLevel: row.optInLevel ?? null,
  updatedAt: row.updatedAt ? iso(row.updatedAt) : null,
});

/** The signed-in shopper's contact (their account's email); made if somehow missing. */
async function shopperContact(ctx: StoreContext, customerId: string): Promise<ContactRecord | null> {
  const customer = await requireCustomer(ctx, customerId);
  if (!customer.email) return null;
  return contactsRepository.ensure(ctx, { id: newId(), email: customer.email });
}

/** The preference centre: every newsletter of this site with the shopper's state. */
export async function mySubscriptions(ctx: StoreContext, customerId: string): Promise<MySubscription[]> {
  const contact = await shopperContact(ctx, customerId);
  const newsletters = await siteNewsletters(ctx, ctx.site.id);
  const rows = contact ? await contactsRepository.subscriptionsOf(ctx, contact.id) : [];
  return newsletters.map((newsletter) => {
    const row = rows.find((r) => r.newsletterId === newsletter.id);
    return row
      ? mySubscriptionOf(row)
      : {
          code: newsletter.code,
          name: newsletter.name,
          description: newsletter.description,
          status: 'NOT_SUBSCRIBED' as const,
          optInLevel: null,
          updatedAt: null,
        };
  });
}

/**
 * The shopper subscribes (with the wording shown, `consentText`) or unsubscribes. Subscribing
 * to a double opt-in newsletter emails the confirmation link like the sign-up form.
 */
export async function setMySubscription(
  ctx: StoreContext,
  customerId: string,
  code: string,
  input: MySubscriptionInput,
  evidence: Evidence,
): Promise<MySubscription> {
  const newsletter = await newsletterByCode(ctx, ctx.site.id, code);
  const consentText = input.consentText?.trim() || null;
  if (input.subscribed && !consentText) throw marketingErrors.consentTextRequired();
  const contact = await shopperContact(ctx, customerId);
  if (!contact) throw marketingErrors.customerHasNoContact();
  if (input.subscribed) {
    await signUp(ctx, ctx.site, contact, newsletter, consentText!, 'storefront_form', evidence);
  } else {
    await inTransaction(ctx, async (trx) => {
      const current = await contactsRepository.lockSubscription(trx, contact.id, newsletter.id);
      if (!current || isWithdrawn(current.status) || current.status === 'NOT_SUBSCRIBED') return;
      await changeSubscription(trx, {
        contactId: contact.id,
        newsletter,
        status: 'UNSUBSCRIBED',
        optInLevel: null,
        source: 'storefront_form',
        consentText,
        evidence,
      });
    });
  }
  const rows = await contactsRepository.subscriptionsOf(ctx, contact.id);
  return mySubscriptionOf(rows.find((row) => row.newsletterId === newsletter.id)!);
}

/**
 * RFC 8058 one-click unsubscribe: the link's contact leaves the link's newsletter, with no
 * sign-in and no further step, recorded with source `unsubscribe_link`. Using a link again
 * changes nothing and answers the same. False when the link is unknown.
 */
export async function unsubscribeByToken(db: Database, token: string, evidence: Evidence): Promise<boolean> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return false;
  return db.transaction().execute(async (trx) => {
    const link = await contactsRepository.findToken(trx, hashToken(token));
    if (link?.purpose !== 'unsubscribe') return false;
    const ctx: RequestContext = {
      ...systemContext(trx, link.tenantId),
      actor: { type: 'storefront', id: 'unsubscribe-link', role: null },
    };
    const current = await contactsRepository.lockSubscription(ctx, link.contactId, link.newsletterId);
    if (current && isWithdrawn(current.status)) return true;
    const rows = await contactsRepository.subscriptionsOf(ctx, link.contactId);
    const newsletter = rows.find((row) => row.newsletterId === link.newsletterId)!;
    await changeSubscription(ctx, {
      contactId: link.contactId,
      newsletter: { id: link.newsletterId, code: newsletter.code },
      status: 'UNSUBSCRIBED',
      optInLevel: null,
      source: 'unsubscribe_link',
      consentText: null,
      evidence,
    });
    return true;
  });
}

/** Whether an unsubscribe link is known (the GET page shows its button only then). */
export async function unsubscribeLinkKnown(db: Database, token: string): Promise<boolean> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return false;
  const link = await db.transaction().execute((trx) => contactsRepository.findToken(trx, hashToken(token)));
  return link?.purpose === 'unsubscribe';
}
