import type { Database } from '../../db/database.js';
import type { RequestContext } from '../../lib/context.js';
import type { QueueDepth } from '../../lib/metrics.js';
import { type ClaimedDelivery, webhookDeliveriesRepository } from './webhook-deliveries.repository.js';

// The outbox as the webhook worker (src/worker/webhook-worker.ts) sees it: claim, record the
// outcome, disable an endpoint that is gone or keeps failing.

export type { ClaimedDelivery };

/** The webhook outbox's backlog across tenants (scraped by /metrics). */
export async function webhookBacklog(db: Database): Promise<QueueDepth> {
  const { depth, oldestSeconds } = await webhookDeliveriesRepository.backlog(db);
  return { queue: 'webhook', depth, oldestSeconds: oldestSeconds ?? 0 };
}

/** Claims up to `limit` due deliveries for `leaseSeconds`, so no other worker sends them meanwhile. */
export const claimDueWebhookDeliveries = (db: Database, limit: number, leaseSeconds: number) =>
  webhookDeliveriesRepository.claimDue(db, limit, leaseSeconds);

/** Deliveries answered with a 2xx, in one statement; their endpoints are failing no longer. */
export async function recordWebhookSuccesses(
  db: Database,
  done: { delivery: ClaimedDelivery; code: number; ms: number }[],
) {
  if (done.length === 0) return;
  await webhookDeliveriesRepository.markSucceeded(
    db,
    done.map(({ delivery, code, ms }) => ({
      tenantId: delivery.tenantId,
      id: delivery.id,
      attempts: delivery.attempts + 1,
      code,
      ms,
    })),
  );
  const endpoints = new Map(done.map(({ delivery: d }) => [`${d.tenantId}:${d.webhookId}`, d]));
  await webhookDeliveriesRepository.clearFailing(
    db,
    [...endpoints.values()].map((d) => ({ tenantId: d.tenantId, webhookId: d.webhookId })),
  );
}

export interface FailedAttempt {
  code: number | null;
  ms: number;
  error: string;
  /** Seconds to the next attempt, or null to give up (the delivery is dead). */
  retryInSeconds: number | null;
}

/**
 * What the worker does when it disables an endpoint (emails the tenant's owners), run in the
 * transaction that disables it: both commit, or neither.
 */
export type OnWebhookDisabled = (trx: Database, failingSince: Date | null) => Promise<unknown>;

/**
 * A failed attempt. Answers the endpoint's failing streak when it has now lasted three days:
 * the endpoint is then disabled (by this call, `onDisabled` with it) and its open deliveries
 * given up; null otherwise.
 */
export async function recordWebhookFailure(
  db: Database,
  delivery: ClaimedDelivery,
  attempt: FailedAttempt,
  onDisabled?: OnWebhookDisabled,
): Promise<{ failingSince: Date } | null> {
  return db.transaction().execute(async (trx) => {
    await webhookDeliveriesRepository.markFailed(trx, delivery, {
      ...attempt,
      attempts: delivery.attempts + 1,
    });
    const streak = await webhookDeliveriesRepository.noteFailing(trx, delivery.tenantId, delivery.webhookId);
    if (!streak?.overdue || !streak.failingSince) return null;
    if (!(await webhookDeliveriesRepository.disable(trx, delivery.tenantId, delivery.webhookId, 'failing')))
      return null;
    await webhookDeliveriesRepository.giveUpOpen(
      trx,
      delivery.tenantId,
      delivery.webhookId,
      'not sent: the webhook was disabled after failing for three days',
    );
    await onDisabled?.(trx, streak.failingSince);
    return { failingSince: streak.failingSince };
  });
}

/**
 * The endpoint answered 410 Gone: the delivery is dead, the endpoint disabled and its open
 * deliveries given up (`onDisabled` with it). Answers whether this call disabled it.
 */
export async function recordWebhookGone(
  db: Database,
  delivery: ClaimedDelivery,
  ms: number,
  onDisabled?: OnWebhookDisabled,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await webhookDeliveriesRepository.markFailed(trx, delivery, {
      attempts: delivery.attempts + 1,
      code: 410,
      ms,
      error: '410 Gone: the endpoint was disabled',
      retryInSeconds: null,
    });
    const disabled = await webhookDeliveriesRepository.disable(
      trx,
      delivery.tenantId,
      delivery.webhookId,
      'gone',
    );
    if (disabled) {
      await webhookDeliveriesRepository.giveUpOpen(
        trx,
        delivery.tenantId,
        delivery.webhookId,
        'not sent: the webhook answered 410 Gone and was disabled',
      );
      await onDisabled?.(trx, null);
    }
    return disabled;
  });
}

/** A delivery claimed after its endpoint was disabled (a race with the disabling): given up, unsent. */
export const giveUpWebhookDelivery = (db: Database, delivery: ClaimedDelivery) =>
  webhookDeliveriesRepository.markFailed(db, delivery, {
    attempts: delivery.attempts,
    code: null,
    ms: 0,
    error: 'not sent: the webhook is disabled',
    retryInSeconds: null,
  });

/** An erasure: the customer's delivery bodies lose their values (see the repository). */
export const redactCustomerDeliveries = (ctx: RequestContext, customerId: string) =>
  webhookDeliveriesRepository.redactForCustomer(ctx, customerId);

/** How long an endpoint's delivery log keeps a finished delivery (docs/webhooks.md). */
export const DELIVERY_LOG_DAYS = 30;

/** Deletes up to `limit` of the tenant's finished deliveries older than the delivery log keeps. */
export const purgeFinishedDeliveries = (ctx: RequestContext, limit: number, now = new Date()) =>
  webhookDeliveriesRepository.deleteFinishedBefore(
    ctx,
    new Date(now.getTime() - DELIVERY_LOG_DAYS * 86_400_000),
    limit,
  );
