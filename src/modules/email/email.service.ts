import { EventEmitter } from 'node:events';
import type { Database } from '../../db/database.js';
import { hasRole, type RequestContext } from '../../lib/context.js';
import { newId } from '../../lib/ids.js';
import type { Page } from '../../lib/list/list-builder.js';
import { paginate } from '../../lib/list/paginate.js';
import type { QueueDepth } from '../../lib/metrics.js';
import { iso } from '../../lib/time.js';
import { emailErrors } from './email.errors.js';
import { type ClaimedEmail, emailRepository, mailboxList } from './email.repository.js';
import type { Email, MailboxQuery } from './email.schemas.js';
import { carriesOneTimeLink, type EmailMessage, renderEmail } from './email.templates.js';

export type { EmailMessage } from './email.templates.js';

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
export async function enqueueEmail(
  ctx: RequestContext,
  to: EmailRecipient,
  message: EmailMessage,
  extra: { headers?: Record<string, string>; newsletterId?: string } = {},
) {
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
    headers: extra.headers ? JSON.stringify(extra.headers) : null,
    newsletterId: extra.newsletterId ?? null,
  });
  // Inside a transaction the worker may look before the commit; its next poll finds the email.
  queued.emit('queued');
}

type MailboxRow = NonNullable<Awaited<ReturnType<typeof emailRepository.find>>>;

/** How this server delivers email: with SMTP_URL it sends; without, emails stay in the Mailbox. */
export interface MailDelivery {
  smtpConfigured: boolean;
}

/**
 * Whether the reader may see one-time links (reset, invite, email confirmation) in the bodies.
 * Such a link signs its holder into a shopper's account, so the API shows it to no one, with
 * one exception: a server without SMTP_URL keeps emails instead of sending them, and there the
 * owner reads them in the Mailbox to pass them on by hand (local trials, demos).
 */
const readsOneTimeLinks = (ctx: RequestContext, delivery: MailDelivery) =>
  !delivery.smtpConfigured && hasRole(ctx.actor.role, 'owner');

/** The token of an emailed link (`…?token=…`, also `&amp;token=` in HTML), up to its end. */
const LINK_TOKEN = /([?&](?:amp;)?token=)[A-Za-z0-9_-]+/g;
const HIDDEN_TOKEN = 'HIDDEN';
const hideTokens = (body: string) => body.replace(LINK_TOKEN, `$1${HIDDEN_TOKEN}`);

const emailToApi = (row: MailboxRow, showLinks: boolean): Email => {
  const hide = !showLinks && carriesOneTimeLink(row.template) && (row.textBody !== '' || row.htmlBody !== '');
  return {
    id: row.id,
    to: row.toAddress,
    subject: row.subject,
    text: hide ? hideTokens(row.textBody) : row.textBody,
    html: hide ? hideTokens(row.htmlBody) : row.htmlBody,
    linkHidden: hide,
    template: row.template as Email['template'],
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    nextAttemptAt: row.status === 'pending' ? iso(row.nextAttemptAt) : null,
    customerId: row.customerId,
    siteId: row.siteId,
    createdAt: iso(row.createdAt),
    sentAt: iso(row.sentAt),
  };
};

/**
 * The tenant's emails, newest first, by opaque cursor; optionally only those to one address.
 * One-time links in the bodies are hidden unless `readsOneTimeLinks` allows them.
 */
export async function listMailbox(
  ctx: RequestContext,
  query: MailboxQuery,
  delivery: MailDelivery,
): Promise<Page<Email>> {
  const to = query.to?.trim() ? query.to.trim() : null;
  const showLinks = readsOneTimeLinks(ctx, delivery);
  return paginate(
    mailboxList,
    query,
    (window) => emailRepository.list(ctx, to, window),
    (rows) => rows.map((row) => emailToApi(row, showLinks)),
  );
}

export async function getEmail(ctx: RequestContext, id: string, delivery: MailDelivery): Promise<Email> {
  const row = await emailRepository.find(ctx, id);
  if (!row) throw emailErrors.notFound();
  return emailToApi(row, readsOneTimeLinks(ctx, delivery));
}

// ---- The outbox, for the email worker -----------------------------------------------------

export type { ClaimedEmail };

/** Claims up to `limit` due emails for `leaseSeconds`, so no other worker sends them meanwhile. */
/** The outbox's backlog across tenants (scraped by /metrics): emails to send, oldest due one's lateness. */
export async function emailBacklog(db: Database): Promise<QueueDepth> {
  const { depth, oldestSeconds } = await emailRepository.backlog(db);
  return { queue: 'email', depth, oldestSeconds: oldestSeconds ?? 0 };
}

export const claimDueEmails = (db: Database, limit: number, leaseSeconds: number) =>
  emailRepository.claimDue(db, limit, leaseSeconds);

/** The email went out; `body` replaces its stored body (a one-time link is not kept), or null. */
export const markEmailSent = (db: Database, email: ClaimedEmail, body: string | null) =>
  emailRepository.markSent(db, email, body);

/** Without SMTP the email is kept for the Mailbox instead of sent. */
export const markEmailKept = (db: Database, email: ClaimedEmail) => emailRepository.markKept(db, email);

/** A failed attempt: try again in `retryInSeconds`, or give up when that is null. */
export const markEmailAttemptFailed = (
  db: Database,
  email: ClaimedEmail,
  error: string,
  retryInSeconds: number | null,
) => emailRepository.markAttemptFailed(db, email, error, retryInSeconds);

/** Hands claimed emails back unsent (the worker is stopping), so the next claim takes them at once. */
export const releaseEmails = (db: Database, emails: ClaimedEmail[]) => emailRepository.release(db, emails);
