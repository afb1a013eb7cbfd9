import type { Database } from '../../db/database.js';
import { inTransaction, type RequestContext, systemContext } from '../../lib/context.js';
import type { Page } from '../../lib/list/list-builder.js';
import { paginate } from '../../lib/list/paginate.js';
import { iso } from '../../lib/time.js';
import { requireCustomer } from '../customers/customer-records.service.js';
import { changeSubscription, consentsToApi, type Evidence, noEvidence } from './consent.service.js';
import { type ContactRecord, consentList, contactList, contactsRepository } from './contacts.repository.js';
import { marketingErrors } from './marketing.errors.js';
import type {
  AdminSubscriptionInput,
  ConsentListQuery,
  ConsentRecord,
  Contact,
  ContactListQuery,
  InvalidInput,
  Subscription,
} from './marketing.schemas.js';
import { requireNewsletter } from './newsletters.service.js';

type SubscriptionRow = Awaited<ReturnType<typeof contactsRepository.subscriptionsOf>>[number];

export const subscriptionToApi = (row: SubscriptionRow): Subscription => ({
  newsletterId: row.newsletterId,
  code: row.code,
  name: row.name,
  siteId: row.siteId,
  status: row.status ?? 'NOT_SUBSCRIBED',
  optInLevel: row.optInLevel ?? null,
  updatedAt: row.updatedAt ? iso(row.updatedAt) : null,
});

const contactToApi = (row: ContactRecord, subscriptions?: SubscriptionRow[]): Contact => ({
  id: row.id,
  email: row.email,
  customerId: row.customerId,
  firstName: row.firstName,
  lastName: row.lastName,
  locale: row.locale,
  invalid: row.invalidAt !== null,
  createdAt: iso(row.createdAt),
  ...(subscriptions ? { subscriptions: subscriptions.map(subscriptionToApi) } : {}),
});

/** The tenant's contacts by email, optionally those whose address contains `q`. */
export function listContacts(ctx: RequestContext, query: ContactListQuery): Promise<Page<Contact>> {
  const q = query.q?.trim() || null;
  return paginate(
    contactList,
    query,
    (window) => contactsRepository.list(ctx, q, window),
    (rows) => rows.map((row) => contactToApi(row)),
  );
}

async function requireContact(ctx: RequestContext, id: string): Promise<ContactRecord> {
  const row = await contactsRepository.find(ctx, id);
  if (!row) throw marketingErrors.contactNotFound();
  return row;
}

/** The contact with every newsletter of the tenant and its state for them. */
export async function getContact(ctx: RequestContext, id: string): Promise<Contact> {
  const contact = await requireContact(ctx, id);
  return contactToApi(contact, await contactsRepository.subscriptionsOf(ctx, id));
}

/**
 * The contact of a customer: the one of its email address (whatever its case). A customer
 * without an email address has none (404 `contact.not_found`).
 */
export async function contactOfCustomer(ctx: RequestContext, customerId: string): Promise<ContactRecord> {
  const customer = await requireCustomer(ctx, customerId);
  if (!customer.email) throw marketingErrors.customerHasNoContact();
  const contact = await contactsRepository.findByEmail(ctx, customer.email);
  if (!contact) throw marketingErrors.customerHasNoContact();
  return contact;
}

export async function getCustomerContact(ctx: RequestContext, customerId: string): Promise<Contact> {
  const contact = await contactOfCustomer(ctx, customerId);
  return contactToApi(contact, await contactsRepository.subscriptionsOf(ctx, contact.id));
}

/** The contact's consent records, newest first. */
export async function listContactConsents(
  ctx: RequestContext,
  contactId: string,
  query: ConsentListQuery,
): Promise<Page<ConsentRecord>> {
  // The cursor is checked first (a bad one is a 400 whatever the id), then the contact.
  return paginate(
    consentList,
    query,
    async (window) => {
      await requireContact(ctx, contactId);
      return contactsRepository.listConsents(ctx, contactId, window);
    },
    (rows) => consentsToApi(ctx, rows),
  );
}

export async function listCustomerConsents(
  ctx: RequestContext,
  customerId: string,
  query: ConsentListQuery,
): Promise<Page<ConsentRecord>> {
  return paginate(
    consentList,
    query,
    async (window) => {
      const contact = await contactOfCustomer(ctx, customerId);
      return contactsRepository.listConsents(ctx, contact.id, window);
    },
    (rows) => consentsToApi(ctx, rows),
  );
}

/**
 * An admin sets a customer's state for a newsletter. Anyone may be unsubscribed or cleared,
 * but SUBSCRIBED needs `consentText` saying where the consent came from, which is recorded
 * (source `admin`, single opt-in: the address was not confirmed through a link).
 */
export async function setCustomerSubscription(
  ctx: RequestContext,
  customerId: string,
  newsletterId: string,
  input: AdminSubscriptionInput,
  evidence: Evidence = noEvidence,
): Promise<Subscription> {
  const consentText = input.consentText?.trim() || null;
  if (input.status === 'SUBSCRIBED' && !consentText) throw marketingErrors.consentTextRequired();
  const contact = await contactOfCustomer(ctx, customerId);
  const newsletter = await requireNewsletter(ctx, newsletterId);
  await inTransaction(ctx, async (trx) => {
    await contactsRepository.lockSubscription(trx, contact.id, newsletter.id);
    await changeSubscription(trx, {
      contactId: contact.id,
      newsletter,
      status: input.status,
      optInLevel: input.status === 'SUBSCRIBED' ? 'SINGLE_OPT_IN' : null,
      source: 'admin',
      consentText,
      evidence,
    });
  });
  const rows = await contactsRepository.subscriptionsOf(ctx, contact.id);
  return subscriptionToApi(rows.find((row) => row.newsletterId === newsletter.id)!);
}

/** Every subscription of the contact not already INVALID or REDACTED becomes INVALID, recorded. */
async function invalidate(
  ctx: RequestContext,
  contactId: string,
  reason: string | null,
  source: 'admin' | 'bounce',
) {
  await inTransaction(ctx, async (trx) => {
    await contactsRepository.markInvalid(trx, contactId, reason);
    for (const row of await contactsRepository.lockLiveSubscriptions(trx, contactId)) {
      if (row.status === 'INVALID' || row.status === 'REDACTED') continue;
      await changeSubscription(trx, {
        contactId,
        newsletter: { id: row.newsletterId, code: row.code },
        status: 'INVALID',
        optInLevel: null,
        source,
        consentText: reason,
        evidence: noEvidence,
      });
    }
  });
}

/** Marks the contact's address invalid (a bounce or complaint reported by hand or by an ESP). */
export async function markContactInvalid(
  ctx: RequestContext,
  id: string,
  input: InvalidInput,
): Promise<Contact> {
  await requireContact(ctx, id);
  await invalidate(ctx, id, input.reason?.trim() || null, 'admin');
  return getContact(ctx, id);
}

/**
 * The email worker's report of a hard bounce (a permanent 5xx refusal of the recipient): the
 * address's contact becomes INVALID everywhere. An address with no contact is left alone.
 */
export async function recordHardBounce(db: Database, tenantId: string, address: string, reason: string) {
  const contact = await contactsRepository.findByEmailIn(db, tenantId, address);
  if (!contact) return;
  await invalidate(systemContext(db, tenantId), contact.id, `hard bounce: ${reason}`.slice(0, 500), 'bounce');
}

/** Whether email about the newsletter must not go to the address (for the email worker). */
export const newsletterEmailSuppressed = (
  db: Database,
  tenantId: string,
  address: string,
  newsletterId: string,
) => contactsRepository.suppressed(db, tenantId, address, newsletterId);

export interface Recipient {
  email: string;
  firstName: string | null;
  lastName: string | null;
  locale: string | null;
  subscribedAt: string | null;
  optInLevel: string | null;
}

const RECIPIENT_BATCH = 5000;

/**
 * The newsletter's subscribed, valid contacts, a batch at a time in contact order: memory stays
 * at one batch whatever the list's size, on PGlite (which cannot stream) and PostgreSQL alike.
 */
export async function* newsletterRecipients(
  ctx: RequestContext,
  newsletterId: string,
): AsyncGenerator<Recipient> {
  let after: string | null = null;
  for (;;) {
    const rows = await contactsRepository.recipients(ctx, newsletterId, after, RECIPIENT_BATCH);
    for (const row of rows) {
      if (row.invalidAt !== null) continue;
      yield {
        email: row.email,
        firstName: row.firstName,
        lastName: row.lastName,
        locale: row.locale,
        subscribedAt: row.subscribedAt ? iso(row.subscribedAt) : null,
        optInLevel: row.optInLevel,
      };
    }
    if (rows.length < RECIPIENT_BATCH) return;
    after = rows[rows.length - 1]!.contactId;
  }
}
