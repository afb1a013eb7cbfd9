import type { Database } from '../db/database.js';
import { emailDeliveries } from '../lib/metrics.js';
import {
  type ClaimedEmail,
  claimDueEmails,
  markEmailAttemptFailed,
  markEmailKept,
  markEmailSent,
  onEmailQueued,
  releaseEmails,
} from '../modules/email/email.service.js';
import { carriesOneTimeLink } from '../modules/email/email.templates.js';
import { newsletterEmailSuppressed, recordHardBounce } from '../modules/marketing/contacts.service.js';
import { startSerialPasses } from './serial-passes.js';
import { type EmailTransport, hardBounceOf, smtpTransport } from './smtp-transport.js';

/** The part of a pino logger the worker uses (Fastify's `app.log` fits). */
export interface WorkerLogger {
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
  /** A logger whose every line carries `bindings` (pino's child, as Fastify's `request.log`). */
  child?(bindings: Record<string, unknown>): WorkerLogger;
}

export interface EmailWorkerOptions {
  db: Database;
  /** smtp:// or smtps:// URL; null keeps every email in the mailbox (and the log) unsent. */
  smtpUrl: string | null;
  /** The From header, e.g. `Shop <no-reply@shop.example>`. */
  from: string;
  logger: WorkerLogger;
  /** How often to look for due emails besides being woken by new ones; 0 runs only on drain(). */
  pollMs?: number;
}

export interface EmailWorker {
  /** Stops polling, lets the email being sent finish and hands back the rest of its batch. */
  stop(): Promise<void>;
  /** Processes every email due now (waiting for a pass already running); answers how many. */
  drain(): Promise<number>;
}

export const BATCH_SIZE = 10;
export const MAX_ATTEMPTS = 8;
/** A claimed batch is this worker's for this long; sized above a batch of slow SMTP timeouts. */
const LEASE_SECONDS = 15 * 60;
const BLANKED_BODY = '(sent; not kept because it carried a one-time link)';

/** Seconds before retry n (n = attempts so far): 30 s, 1 min, 2 min, … at most an hour. */
export const retryDelaySeconds = (attempts: number) => Math.min(30 * 2 ** (attempts - 1), 3600);

/**
 * The Message-ID of an outbox row: one per row, whichever attempt sends it. A worker killed
 * between the SMTP server's acceptance and the row's update sends the email again on its next
 * run; receivers (and the SMTP sink in tests) see the same id twice and may drop the second.
 */
export function messageIdOf(emailId: string, from: string): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? 'clientele.invalid';
  return `<${emailId}@${domain}>`;
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 1000);

/**
 * Drains the email outbox: sends due emails through SMTP (or, without SMTP_URL, marks them
 * kept and logs them), retries failures with exponential backoff and gives up after eight
 * attempts. Errors of SMTP or the database are logged; the worker carries on.
 */
export function startEmailWorker(options: EmailWorkerOptions): EmailWorker {
  const { db, logger } = options;
  const transport: EmailTransport | null = options.smtpUrl ? smtpTransport(options.smtpUrl) : null;
  let stopping = false;

  async function deliver(email: ClaimedEmail) {
    // An email about a newsletter never goes to an address that left it or bounced since it was
    // queued (UNSUBSCRIBED, INVALID, REDACTED): it fails at once, without an attempt.
    if (
      email.newsletterId &&
      (await newsletterEmailSuppressed(db, email.tenantId, email.toAddress, email.newsletterId))
    ) {
      await markEmailAttemptFailed(
        db,
        email,
        'not sent: the address left this newsletter or is invalid',
        null,
      );
      emailDeliveries.inc({ outcome: 'gave_up' });
      return;
    }
    if (!transport) {
      await markEmailKept(db, email);
      emailDeliveries.inc({ outcome: 'kept' });
      logger.info(
        { email: { id: email.id, to: email.toAddress, subject: email.subject, text: email.textBody } },
        'email kept, not sent (SMTP_URL is not set); read it in the Mailbox',
      );
      return;
    }
    const attempts = email.attempts + 1;
    try {
      await transport.send({
        from: options.from,
        to: email.toAddress,
        subject: email.subject,
        text: email.textBody,
        html: email.htmlBody,
        ...(email.headers ? { headers: email.headers } : {}),
        messageId: messageIdOf(email.id, options.from),
      });
    } catch (error) {
      const bounce = hardBounceOf(error);
      if (bounce !== null) {
        // A hard bounce: retrying cannot help, and the address's contact becomes INVALID.
        await markEmailAttemptFailed(db, { ...email, attempts }, describe(error), null);
        await recordHardBounce(db, email.tenantId, email.toAddress, bounce);
        emailDeliveries.inc({ outcome: 'gave_up' });
        logger.warn(
          { emailId: email.id, tenantId: email.tenantId, err: bounce },
          'email hard-bounced; contact marked invalid',
        );
        return;
      }
      const retryIn = attempts >= MAX_ATTEMPTS ? null : retryDelaySeconds(attempts);
      await markEmailAttemptFailed(db, { ...email, attempts }, describe(error), retryIn);
      emailDeliveries.inc({ outcome: retryIn === null ? 'gave_up' : 'retried' });
      logger.warn(
        {
          emailId: email.id,
          tenantId: email.tenantId,
          attempts,
          retryInSeconds: retryIn,
          err: describe(error),
        },
        retryIn === null ? 'email failed; giving up' : 'email failed; will retry',
      );
      return;
    }
    await markEmailSent(db, { ...email, attempts }, carriesOneTimeLink(email.template) ? BLANKED_BODY : null);
    emailDeliveries.inc({ outcome: 'sent' });
  }

  /** Claims and processes batches until nothing is due; answers how many emails it handled. */
  async function processDue(): Promise<number> {
    let handled = 0;
    while (!stopping) {
      let batch: ClaimedEmail[];
      try {
        batch = await claimDueEmails(db, BATCH_SIZE, LEASE_SECONDS);
      } catch (error) {
        logger.error({ err: describe(error) }, 'email worker could not read the outbox');
        return handled;
      }
      batch.sort((a, b) => +new Date(a.createdAt) - +new Date(b.createdAt) || a.id.localeCompare(b.id));
      for (const [i, email] of batch.entries()) {
        if (stopping) {
          await releaseEmails(db, batch.slice(i)).catch((error) =>
            logger.error({ err: describe(error) }, 'email worker could not release its batch'),
          );
          return handled;
        }
        try {
          await deliver(email);
          handled++;
        } catch (error) {
          // The outcome could not be recorded: the lease runs out and the email is tried again.
          logger.error(
            { emailId: email.id, err: describe(error) },
            'email worker could not record an outcome',
          );
        }
      }
      if (batch.length < BATCH_SIZE) break;
    }
    return handled;
  }

  const passes = startSerialPasses({
    pollMs: options.pollMs ?? 1000,
    onQueued: onEmailQueued,
    run: processDue,
  });
  return {
    drain: passes.drain,
    async stop() {
      stopping = true;
      await passes.stop();
      transport?.close();
    },
  };
}
