import { type Insertable, type Selectable, sql } from 'kysely';
import type { Database } from '../../db/database.js';
import type { EmailOutboxTable } from '../../db/types.js';
import type { RequestContext } from '../../lib/context.js';
import { afterCursor, orderTerms } from '../../lib/list/list-builder.js';
import { keyColumns, type ListSpec, type PageWindow } from '../../lib/list/paginate.js';

/** The mailbox's one order, newest first; served by the index email_outbox_mailbox. */
export const mailboxList: ListSpec = {
  sortFields: { createdAt: { expression: sql.ref('createdAt'), type: 'timestamptz' } },
  defaultSort: '-createdAt',
};

const mailboxColumns = [
  'id',
  'toAddress',
  'subject',
  'textBody',
  'htmlBody',
  'template',
  'status',
  'attempts',
  'lastError',
  'nextAttemptAt',
  'customerId',
  'siteId',
  'createdAt',
  'sentAt',
] as const;

/** An email to queue: what it says and to whom; status, attempts and times start at their defaults. */
export type NewEmail = Required<
  Pick<
    Insertable<EmailOutboxTable>,
    'id' | 'siteId' | 'customerId' | 'template' | 'toAddress' | 'subject' | 'textBody' | 'htmlBody'
  >
> &
  Pick<Insertable<EmailOutboxTable>, 'headers' | 'newsletterId'>;

/** An outbox row as the worker holds it between claiming and recording the outcome. */
export type ClaimedEmail = Pick<
  Selectable<EmailOutboxTable>,
  | 'tenantId'
  | 'id'
  | 'template'
  | 'toAddress'
  | 'subject'
  | 'textBody'
  | 'htmlBody'
  | 'attempts'
  | 'createdAt'
  | 'headers'
  | 'newsletterId'
>;

type EmailKey = Pick<ClaimedEmail, 'tenantId' | 'id'>;

export const emailRepository = {
  insert(ctx: RequestContext, email: NewEmail) {
    return ctx.db
      .insertInto('emailOutbox')
      .values({ ...email, tenantId: ctx.tenantId })
      .execute();
  },

  /** One mailbox page (limit + 1 rows, to know whether another page follows). */
  list(ctx: RequestContext, to: string | null, { keys, after, rows }: PageWindow) {
    let query = ctx.db
      .selectFrom('emailOutbox')
      .select(mailboxColumns)
      .select(keyColumns(keys))
      .where('tenantId', '=', ctx.tenantId);
    if (to !== null) query = query.where((eb) => eb(eb.fn('lower', ['toAddress']), '=', to.toLowerCase()));
    if (after) query = query.where(afterCursor(keys, after.values, after.id, sql.ref('id')));
    return query
      .orderBy(orderTerms(keys, sql.ref('id')))
      .limit(rows)
      .execute();
  },

  find(ctx: RequestContext, id: string) {
    return ctx.db
      .selectFrom('emailOutbox')
      .select(mailboxColumns)
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  /*
   * The worker's statements below work across tenants: the outbox is one queue, and each
   * row names its tenant. Updates still address a row by (tenant_id, id).
   */

  /**
   * Takes up to `limit` due emails and leases them for `leaseSeconds` by moving their next
   * attempt past the lease, so no other worker takes them meanwhile; if this worker dies
   * mid-send, they fall due again when the lease ends. `skip locked` lets workers on
   * PostgreSQL claim side by side without waiting on each other's rows; the partial index
   * email_outbox_due serves the inner select.
   */
  /**
   * The outbox's backlog across tenants, for /metrics: emails still to send, and how late the
   * most overdue one is. Both come from the partial index email_outbox_due alone (an index-only
   * scan whose size is the backlog, not the outbox's history).
   */
  backlog(db: Database) {
    return db
      .selectFrom('emailOutbox')
      .select([
        sql<number>`count(*)::int`.as('depth'),
        sql<number>`greatest(extract(epoch from now() - min(next_attempt_at)), 0)::float8`.as(
          'oldestSeconds',
        ),
      ])
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
  },

  claimDue(db: Database, limit: number, leaseSeconds: number): Promise<ClaimedEmail[]> {
    const due = db
      .selectFrom('emailOutbox')
      .select(['tenantId', 'id'])
      .where('status', '=', 'pending')
      .where('nextAttemptAt', '<=', sql<Date>`now()`)
      .orderBy('nextAttemptAt')
      .limit(limit)
      .forUpdate()
      .skipLocked();
    return db
      .updateTable('emailOutbox as o')
      .from(due.as('due'))
      .set({
        nextAttemptAt: sql`now() + make_interval(secs => ${leaseSeconds})`,
        updatedAt: sql`now()`,
      })
      .whereRef('o.tenantId', '=', 'due.tenantId')
      .whereRef('o.id', '=', 'due.id')
      .returning([
        'o.tenantId',
        'o.id',
        'o.template',
        'o.toAddress',
        'o.subject',
        'o.textBody',
        'o.htmlBody',
        'o.attempts',
        'o.createdAt',
        'o.headers',
        'o.newsletterId',
      ])
      .execute();
  },

  /** Accepted by the SMTP server; `body` replaces both bodies when they must not be kept. */
  markSent(db: Database, email: EmailKey & { attempts: number }, body: string | null) {
    return db
      .updateTable('emailOutbox')
      .set({
        status: 'sent',
        attempts: email.attempts,
        lastError: null,
        sentAt: sql`now()`,
        updatedAt: sql`now()`,
        ...(body === null ? {} : { textBody: body, htmlBody: body }),
      })
      .where('tenantId', '=', email.tenantId)
      .where('id', '=', email.id)
      .execute();
  },

  /** No SMTP server configured: the email stays readable in the mailbox. */
  markKept(db: Database, email: EmailKey) {
    return db
      .updateTable('emailOutbox')
      .set({ status: 'kept', updatedAt: sql`now()` })
      .where('tenantId', '=', email.tenantId)
      .where('id', '=', email.id)
      .execute();
  },

  /** A failed attempt: try again in `retryInSeconds`, or give up when that is null. */
  markAttemptFailed(
    db: Database,
    email: EmailKey & { attempts: number },
    error: string,
    retryInSeconds: number | null,
  ) {
    return db
      .updateTable('emailOutbox')
      .set({
        attempts: email.attempts,
        lastError: error,
        updatedAt: sql`now()`,
        ...(retryInSeconds === null
          ? { status: 'failed' as const }
          : { nextAttemptAt: sql`now() + make_interval(secs => ${retryInSeconds})` }),
      })
      .where('tenantId', '=', email.tenantId)
      .where('id', '=', email.id)
      .execute();
  },

  /** Hands claimed but untried emails back to the queue (the worker is stopping). */
  release(db: Database, emails: EmailKey[]) {
    if (emails.length === 0) return Promise.resolve();
    return db
      .updateTable('emailOutbox')
      .set({ nextAttemptAt: sql`now()`, updatedAt: sql`now()` })
      .where('status', '=', 'pending')
      .where((eb) => eb.or(emails.map((e) => eb.and([eb('tenantId', '=', e.tenantId), eb('id', '=', e.id)]))))
      .execute()
      .then(() => undefined);
  },
};
