import { EventEmitter } from 'node:events';
import type { RequestContext } from '../../lib/context.js';
import { newId } from '../../lib/ids.js';
import { decodeCursor, encodeCursor, keyValue, type Page } from '../../lib/list/list-builder.js';
import { emailErrors } from './email.errors.js';
import { emailRepository, mailboxOrder } from './email.repository.js';
import type { Email, MailboxQuery } from './email.schemas.js';
import { renderEmail } from './email.templates.js';

/** The emails Clientele sends, each with what its template needs. */
export type EmailMessage =
  | { template: 'invite'; firstName: string | null; link: string; expiresHours: number }
  | { template: 'passwordReset'; firstName: string | null; link: string; expiresMinutes: number }
  | { template: 'passwordChanged'; firstName: string | null }
  | { template: 'welcome'; firstName: string | null; storefrontUrl: string | null }
  | { template: 'verifyEmail'; firstName: string | null; link: string; expiresHours: number }
  | {
      template: 'cartReminder';
      firstName: string | null;
      /** The cart's lines (the email lists the first few); amounts in minor units of `currency`. */
      items: { name: string; quantity: number; unitPrice: number }[];
      total: number;
      currency: string;
      /** `<storefrontUrl>/cart`, or null when the site has no storefront URL. */
      cartUrl: string | null;
    };

export interface EmailRecipient {
  address: string;
  customerId: string | null;
  site: { id: string; name: string };
}

const queued = new EventEmitter();

/**
 * Calls `listener` whenever an email is queued in this process, so an in-process worker sends
 * it at once instead of at its next poll. Answers a function that stops listening.
 */
export function onEmailQueued(listener: () => void): () => void {
  queued.on('queued', listener);
  return () => queued.off('queued', listener);
}

/**
 * Queues an email in the outbox, inside the caller's transaction: it is sent (by the worker)
 * only if the change that asked for it commits. The email is rendered now, for the site's
 * name as it is now.
 */
export async function enqueueEmail(ctx: RequestContext, to: EmailRecipient, message: EmailMessage) {
  const rendered = renderEmail(message, to.site.name);
  await emailRepository.insert(ctx, {
    id: newId(),
    siteId: to.site.id,
    customerId: to.customerId,
    template: message.template,
    toAddress: to.address,
    subject: rendered.subject,
    textBody: rendered.text,
    htmlBody: rendered.html,
  });
  // Inside a transaction the worker may look before the commit; its next poll finds the email.
  queued.emit('queued');
}

type MailboxRow = NonNullable<Awaited<ReturnType<typeof emailRepository.find>>>;
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

const emailToApi = (row: MailboxRow): Email => ({
  id: row.id,
  to: row.toAddress,
  subject: row.subject,
  text: row.textBody,
  html: row.htmlBody,
  template: row.template as Email['template'],
  status: row.status,
  attempts: row.attempts,
  lastError: row.lastError,
  nextAttemptAt: row.status === 'pending' ? iso(row.nextAttemptAt) : null,
  customerId: row.customerId,
  siteId: row.siteId,
  createdAt: new Date(row.createdAt).toISOString(),
  sentAt: iso(row.sentAt),
});

/**
 * The tenant's emails, newest first, by opaque cursor; optionally only those to one address.
 * Bodies can carry one-time links, so the routes ask for the admin role.
 */
export async function listMailbox(ctx: RequestContext, query: MailboxQuery): Promise<Page<Email>> {
  const limit = query.limit ?? 50;
  const after = query.cursor ? decodeCursor(query.cursor, mailboxOrder) : null;
  const to = query.to?.trim() ? query.to.trim() : null;
  const rows = await emailRepository.list(ctx, { limit, to, after });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > limit && last
      ? encodeCursor(mailboxOrder, [keyValue(last.cursorCreatedAt, 'timestamptz')], last.id)
      : null;
  return { data: page.map(emailToApi), nextCursor };
}

export async function getEmail(ctx: RequestContext, id: string): Promise<Email> {
  const row = await emailRepository.find(ctx, id);
  if (!row) throw emailErrors.notFound();
  return emailToApi(row);
}
