import { type Selectable, sql } from 'kysely';
import type { Database } from '../../db/database.js';
import type { WebhookDeliveriesTable, WebhookDeliveryStatus } from '../../db/types.js';
import type { RequestContext } from '../../lib/context.js';
import { idFloor } from '../../lib/ids.js';
import type { PageWindow } from '../../lib/list/paginate.js';

const logColumns = [
  'id',
  'webhookId',
  'eventId',
  'topic',
  'payload',
  'status',
  'attempts',
  'nextAttemptAt',
  'lastAttemptAt',
  'lastResponseCode',
  'lastResponseMs',
  'lastError',
  'createdAt',
] as const;

export type DeliveryRecord = Pick<Selectable<WebhookDeliveriesTable>, (typeof logColumns)[number]>;

/** A delivery as the worker holds it between claiming and recording the outcome. */
export interface ClaimedDelivery {
  tenantId: string;
  id: string;
  webhookId: string;
  topic: string;
  payload: string;
  attempts: number;
  url: string;
  secret: string;
  enabled: boolean;
}

type DeliveryKey = Pick<ClaimedDelivery, 'tenantId' | 'id'>;

export interface NewDelivery {
  id: string;
  webhookId: string;
  eventId: string;
  topic: string;
  payload: string;
}

export const webhookDeliveriesRepository = {
  insertMany(ctx: RequestContext, rows: NewDelivery[]) {
    return ctx.db
      .insertInto('webhookDeliveries')
      .values(rows.map((row) => ({ ...row, tenantId: ctx.tenantId })))
      .execute();
  },

  /**
   * Deletes up to `limit` finished deliveries (sent, or given up) made before `before`, oldest
   * first: a range of the primary key, since delivery ids are UUIDv7 and start with their time.
   * Deliveries still being retried are kept whatever their age.
   */
  async deleteFinishedBefore(ctx: RequestContext, before: Date, limit: number): Promise<number> {
    const result = await sql`
      delete from webhook_deliveries
      where tenant_id = ${ctx.tenantId} and id in (
        select id from webhook_deliveries
        where tenant_id = ${ctx.tenantId} and id < ${idFloor(before)}::uuid and status in ('succeeded', 'dead')
        order by id limit ${limit})`.execute(ctx.db);
    return Number(result.numAffectedRows ?? 0);
  },

  /**
   * An erasure: the bodies of the customer's deliveries (sent or not) keep their type, time and
   * customer id and lose every value; one still to send goes out so.
   */
  async redactForCustomer(ctx: RequestContext, customerId: string): Promise<number> {
    const result = await sql`
      update webhook_deliveries d
      set payload = jsonb_build_object('type', d.topic, 'timestamp', (d.payload::jsonb)->'timestamp',
        'data', jsonb_build_object('customerId', e.customer_id, 'redacted', true))::text
      from events e
      where d.tenant_id = ${ctx.tenantId} and e.tenant_id = d.tenant_id and e.id = d.event_id
        and e.customer_id = ${customerId}`.execute(ctx.db);
    return Number(result.numAffectedRows ?? 0);
  },

  find(ctx: RequestContext, webhookId: string, id: string): Promise<DeliveryRecord | undefined> {
    return ctx.db
      .selectFrom('webhookDeliveries')
      .select(logColumns)
      .where('tenantId', '=', ctx.tenantId)
      .where('webhookId', '=', webhookId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  /** An endpoint's log, newest first (index webhook_deliveries_log), limit + 1 rows. */
  list(
    ctx: RequestContext,
    webhookId: string,
    status: WebhookDeliveryStatus | null,
    { after, rows }: PageWindow,
  ): Promise<DeliveryRecord[]> {
    let query = ctx.db
      .selectFrom('webhookDeliveries')
      .select(logColumns)
      .where('tenantId', '=', ctx.tenantId)
      .where('webhookId', '=', webhookId);
    if (status) query = query.where('status', '=', status);
    if (after) query = query.where('id', '<', after.id);
    return query.orderBy('id', 'desc').limit(rows).execute();
  },

  /** Due now, with a fresh schedule: a manual retry starts the attempts over. */
  retryNow(ctx: RequestContext, webhookId: string, id: string) {
    return ctx.db
      .updateTable('webhookDeliveries')
      .set({ status: 'pending', attempts: 0, nextAttemptAt: sql`now()`, updatedAt: sql`now()` })
      .where('tenantId', '=', ctx.tenantId)
      .where('webhookId', '=', webhookId)
      .where('id', '=', id)
      .returning(logColumns)
      .executeTakeFirstOrThrow();
  },

  /** A disabled endpoint is sent nothing more: what it still had to get is given up. */
  giveUpOpen(db: Database, tenantId: string, webhookId: string, reason: string) {
    return db
      .updateTable('webhookDeliveries')
      .set({ status: 'dead', lastError: reason, updatedAt: sql`now()` })
      .where('tenantId', '=', tenantId)
      .where('webhookId', '=', webhookId)
      .where('status', 'in', ['pending', 'failed'])
      .execute();
  },

  /**
   * The deliveries still to send across tenants, for /metrics, and how late the most overdue
   * one is: both from the partial index webhook_deliveries_due alone (its size is the backlog).
   */
  backlog(db: Database) {
    return db
      .selectFrom('webhookDeliveries')
      .select([
        sql<number>`count(*)::int`.as('depth'),
        sql<number>`greatest(extract(epoch from now() - min(next_attempt_at)), 0)::float8`.as(
          'oldestSeconds',
        ),
      ])
      .where('status', 'in', ['pending', 'failed'])
      .executeTakeFirstOrThrow();
  },

  /*
   * The worker's statements below work across tenants: the deliveries are one queue, and each
   * row names its tenant. Updates still address a row by (tenant_id, id).
   */

  /**
   * Takes up to `limit` due deliveries and leases them for `leaseSeconds` by moving their next
   * attempt past the lease: no other worker takes them meanwhile, and if this one dies
   * mid-delivery they fall due again when the lease ends (at least once). `skip locked` lets
   * workers claim side by side; the inner select walks the partial index webhook_deliveries_due
   * in order and stops at `limit` (no join there, which made the planner sort the whole backlog),
   * and the update joins its rows by primary key. The endpoint comes after, with `enabled`: a
   * delivery queued while its endpoint was being disabled is given up, not sent.
   */
  async claimDue(db: Database, limit: number, leaseSeconds: number): Promise<ClaimedDelivery[]> {
    const result = await sql<ClaimedDelivery>`
      with due as (
        select tenant_id, id from webhook_deliveries
         where status in ('pending', 'failed') and next_attempt_at <= now()
         order by next_attempt_at
         limit ${limit}
           for update skip locked
      ), claimed as (
        update webhook_deliveries d
           set next_attempt_at = now() + make_interval(secs => ${leaseSeconds}), updated_at = now()
          from due
         where d.tenant_id = due.tenant_id and d.id = due.id
        returning d.tenant_id, d.id, d.webhook_id, d.topic, d.payload, d.attempts
      )
      select c.tenant_id, c.id, c.webhook_id, c.topic, c.payload, c.attempts, w.url, w.secret, w.enabled
        from claimed c
        join webhooks w on w.tenant_id = c.tenant_id and w.id = c.webhook_id`.execute(db);
    return result.rows;
  },

  /** A batch of 2xx answers in one statement: the arrays travel as parameters, `unnest` makes rows. */
  markSucceeded(db: Database, done: (DeliveryKey & { attempts: number; code: number; ms: number })[]) {
    const col = <T>(pick: (d: (typeof done)[number]) => T) => done.map(pick);
    return sql`
      update webhook_deliveries d
         set status = 'succeeded', attempts = o.attempts, last_attempt_at = now(),
             last_response_code = o.code, last_response_ms = o.ms, last_error = null, updated_at = now()
        from unnest(${col((o) => o.tenantId)}::uuid[], ${col((o) => o.id)}::uuid[],
                    ${col((o) => o.attempts)}::int[], ${col((o) => o.code)}::int[], ${col((o) => o.ms)}::int[])
             as o(tenant_id, id, attempts, code, ms)
       where d.tenant_id = o.tenant_id and d.id = o.id`.execute(db);
  },

  /** A failed attempt: another at `retryInSeconds`, or none (dead) when that is null. */
  markFailed(
    db: Database,
    delivery: DeliveryKey,
    outcome: {
      attempts: number;
      code: number | null;
      ms: number;
      error: string;
      retryInSeconds: number | null;
    },
  ) {
    return db
      .updateTable('webhookDeliveries')
      .set({
        status: outcome.retryInSeconds === null ? 'dead' : 'failed',
        attempts: outcome.attempts,
        lastAttemptAt: sql`now()`,
        lastResponseCode: outcome.code,
        lastResponseMs: outcome.ms,
        lastError: outcome.error,
        nextAttemptAt:
          outcome.retryInSeconds === null
            ? sql`now()`
            : sql`now() + make_interval(secs => ${outcome.retryInSeconds})`,
        updatedAt: sql`now()`,
      })
      .where('tenantId', '=', delivery.tenantId)
      .where('id', '=', delivery.id)
      .execute();
  },

  /** Endpoints that answered 2xx are failing no longer. */
  clearFailing(db: Database, endpoints: { tenantId: string; webhookId: string }[]) {
    return sql`
      update webhooks w set failing_since = null
        from unnest(${endpoints.map((e) => e.tenantId)}::uuid[], ${endpoints.map((e) => e.webhookId)}::uuid[])
             as s(tenant_id, id)
       where w.tenant_id = s.tenant_id and w.id = s.id and w.failing_since is not null`.execute(db);
  },

  /** Notes a failure on the endpoint; answers since when it has been failing (the first failure's time). */
  async noteFailing(db: Database, tenantId: string, webhookId: string) {
    const row = await db
      .updateTable('webhooks')
      .set({ failingSince: sql`coalesce(failing_since, now())` })
      .where('tenantId', '=', tenantId)
      .where('id', '=', webhookId)
      .returning([
        'failingSince',
        'enabled',
        sql<boolean>`failing_since <= now() - interval '3 days'`.as('overdue'),
      ])
      .executeTakeFirst();
    return row ?? null;
  },

  /** Turns an endpoint off for `reason`; answers whether this call did (it was on). */
  async disable(db: Database, tenantId: string, webhookId: string, reason: 'gone' | 'failing') {
    const result = await db
      .updateTable('webhooks')
      .set({ enabled: false, disabledReason: reason, updatedAt: sql`now()` })
      .where('tenantId', '=', tenantId)
      .where('id', '=', webhookId)
      .where('enabled', '=', true)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  },
};
