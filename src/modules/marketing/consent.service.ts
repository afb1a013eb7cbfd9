import type { ConsentSource, OptInLevel, SubscriptionStatus } from '../../db/types.js';
import { inTransaction, type RequestContext } from '../../lib/context.js';
import { hashToken, newId, newToken } from '../../lib/ids.js';
import { publicUrl } from '../../lib/public-url.js';
import { iso } from '../../lib/time.js';
import { actorKey, actorNames } from '../admins/admins.service.js';
import { recordEvent } from '../events/events.service.js';
import { type ConsentRow, contactsRepository } from './contacts.repository.js';
import type { ConsentRecord } from './marketing.schemas.js';

/** What the request tells about the person acting: kept in the consent record when known. */
export interface Evidence {
  ip: string | null;
  userAgent: string | null;
}
export const noEvidence: Evidence = { ip: null, userAgent: null };

export interface SubscriptionChange {
  contactId: string;
  newsletter: { id: string; code: string };
  status: SubscriptionStatus;
  optInLevel: OptInLevel | null;
  source: ConsentSource;
  consentText: string | null;
  evidence: Evidence;
}

/** The consent record's actor: the storefront before sign-in is anonymous (only the site is known). */
function actorOf(ctx: RequestContext): { actorType: string; actorId: string | null } {
  switch (ctx.actor.type) {
    case 'storefront':
      return { actorType: 'anonymous', actorId: null };
    default:
      return { actorType: ctx.actor.type, actorId: ctx.actor.id };
  }
}

/**
 * Changes a contact's subscription and appends the consent record proving it, in one
 * transaction: there is no way to change a state without its record. Records are never
 * changed or removed afterwards (the database refuses it). A customer's contact also gets
 * `consent.updated` on the customer's timeline when the status really changes.
 */
export async function changeSubscription(ctx: RequestContext, change: SubscriptionChange): Promise<void> {
  await inTransaction(ctx, async (trx) => {
    const before = await contactsRepository.subscriptionBefore(trx, change.contactId, change.newsletter.id);
    await contactsRepository.putSubscription(trx, {
      contactId: change.contactId,
      newsletterId: change.newsletter.id,
      status: change.status,
      optInLevel: change.optInLevel,
    });
    await contactsRepository.insertConsent(trx, {
      id: newId(),
      contactId: change.contactId,
      newsletterId: change.newsletter.id,
      newsletterCode: change.newsletter.code,
      status: change.status,
      optInLevel: change.optInLevel,
      source: change.source,
      consentText: change.consentText,
      ip: change.evidence.ip?.slice(0, 64) ?? null,
      userAgent: change.evidence.userAgent?.slice(0, 1000) ?? null,
      ...actorOf(trx),
    });
    if (before.customerId && before.status !== change.status)
      await recordEvent(trx, before.customerId, 'consent.updated', {
        newsletterId: change.newsletter.id,
        newsletterCode: change.newsletter.code,
        from: before.status,
        to: change.status,
        source: change.source,
      });
  });
}

/**
 * An import's "Accepts Email Marketing" values for a batch of written rows, in the caller's
 * transaction (after the customers, whose contacts the triggers made): see
 * contactsRepository.importConsents. A later row of the same address wins. Answers the records made.
 */
export function recordImportedConsents(
  ctx: RequestContext,
  newsletter: { id: string; code: string },
  entries: readonly { email: string; accepts: boolean }[],
  consentText: string,
): Promise<number> {
  const last = new Map<string, { recordId: string; email: string; accepts: boolean }>();
  for (const entry of entries) last.set(entry.email.toLowerCase(), { recordId: newId(), ...entry });
  return contactsRepository.importConsents(ctx, newsletter, [...last.values()], consentText, actorOf(ctx));
}

/**
 * A page of records with their actors' names (an admin's name or email, an API key's name,
 * `System`), looked up once for the page: a record keeps the actor's id, and the name as it is now.
 */
export async function consentsToApi(ctx: RequestContext, rows: ConsentRow[]): Promise<ConsentRecord[]> {
  const names = await actorNames(
    ctx,
    rows.flatMap((row) => (row.actorId ? [{ type: row.actorType, id: row.actorId }] : [])),
  );
  return rows.map((row) => {
    const record = consentToApi(row);
    const name = row.actorId ? names.get(actorKey({ type: row.actorType, id: row.actorId })) : undefined;
    return name && !record.actor.label ? { ...record, actor: { ...record.actor, label: name } } : record;
  });
}

const consentToApi = (row: ConsentRow): ConsentRecord => ({
  id: row.id,
  contactId: row.contactId,
  newsletterId: row.newsletterId,
  newsletterCode: row.newsletterCode,
  status: row.status,
  optInLevel: row.optInLevel,
  source: row.source,
  consentText: row.consentText,
  ip: row.ip,
  userAgent: row.userAgent,
  actor: {
    type: row.actorType as ConsentRecord['actor']['type'],
    id: row.actorId,
    label: row.actorLabel,
  },
  createdAt: iso(row.createdAt),
});

/** Confirmation links work this long (issue 14: 48 hours). */
export const CONFIRM_LINK_HOURS = 48;

/**
 * A new one-click unsubscribe link for the contact and newsletter: a random token of which
 * only the digest is kept; it names neither the address nor the tenant. It does not expire: a
 * mail provider may use it whenever the person clicks "unsubscribe".
 */
export async function issueUnsubscribeUrl(
  ctx: RequestContext,
  contactId: string,
  newsletterId: string,
): Promise<string> {
  const token = newToken();
  await contactsRepository.insertToken(ctx, {
    id: newId(),
    purpose: 'unsubscribe',
    tokenHash: hashToken(token),
    contactId,
    newsletterId,
    expiresAt: null,
  });
  return `${publicUrl()}/unsubscribe/${token}`;
}

/** A single-use confirmation token (48 h); earlier unused ones for the same sign-up stop working. */
export async function issueConfirmToken(ctx: RequestContext, contactId: string, newsletterId: string) {
  await contactsRepository.retireConfirmLinks(ctx, contactId, newsletterId);
  const token = newToken();
  await contactsRepository.insertToken(ctx, {
    id: newId(),
    purpose: 'confirm',
    tokenHash: hashToken(token),
    contactId,
    newsletterId,
    expiresAt: new Date(Date.now() + CONFIRM_LINK_HOURS * 3600_000),
  });
  return token;
}

/** The RFC 8058 headers for an email carrying `unsubscribeUrl`. */
export const listUnsubscribeHeaders = (unsubscribeUrl: string) => ({
  'List-Unsubscribe': `<${unsubscribeUrl}>`,
  'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
});
