import { EventEmitter } from 'node:events';
import { hasRole, type RequestContext } from '../../lib/context.js';
import { newId } from '../../lib/ids.js';
import type { Page } from '../../lib/list/list-builder.js';
import { paginate } from '../../lib/list/paginate.js';
import { emailErrors } from './email.errors.js';
import { emailRepository, mailboxList } from './email.repository.js';
import type { Email, MailboxQuery } from './email.schemas.js';
import { carriesOneTimeLink, renderEmail } from './email.templates.js';

/** The emails Clientele sends, each with what its template needs. */
export type EmailMessage =
  | { template: 'invite'; firstName: string | null; link: string; expiresHours: number }
  | { template: 'passwordReset'; firstName: string | null; link: string; expiresMinutes: number }
  | { template: 'passwordChanged'; firstName: string | null }
  | { template: 'welcome'; firstName: string | null; storefrontUrl: string | null }
  | { template: 'verifyEmail'; firstName: string | null; link: string; expiresHours: number }
  /** To the old address, when the store (not the shopper) changed a registered customer's email. */
  | { template: 'emailChangedByStore'; firstName: string | null; newEmail: string }
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
    createdAt: new Date(row.createdAt).toISOString(),
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
