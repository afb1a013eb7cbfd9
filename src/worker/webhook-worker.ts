import type { Database } from '../db/database.js';
import { emailOwnersWebhookDisabled } from '../flows/webhook-disabled-email.js';
import { webhookDeliveries } from '../lib/metrics.js';
import {
  type ClaimedDelivery,
  claimDueWebhookDeliveries,
  giveUpWebhookDelivery,
  recordWebhookFailure,
  recordWebhookGone,
  recordWebhookSuccesses,
} from '../modules/events/webhook-deliveries.service.js';
import { onWebhookQueued } from '../modules/events/webhooks.service.js';
import type { WorkerLogger } from './email-worker.js';
import { startSerialPasses } from './serial-passes.js';
import { type SendOutcome, type WebhookSender, webhookSender } from './webhook-http.js';

export interface WebhookWorkerOptions {
  db: Database;
  logger: WorkerLogger;
  /** CLIENTELE_WEBHOOKS_ALLOW_PRIVATE: deliver to loopback and private addresses too. */
  allowPrivate: boolean;
  /** How often to look for due deliveries besides being woken by new ones; 0 runs only on drain(). */
  pollMs?: number;
  /** Deliveries claimed (and sent side by side) at a time. */
  batchSize?: number;
  timeoutMs?: number;
}

export interface WebhookWorker {
  /** Stops polling and lets the batch being sent finish. */
  stop(): Promise<void>;
  /** Sends every delivery due now (waiting for a pass already running); answers how many. */
  drain(): Promise<number>;
}

/**
 * Seconds to wait after each failed attempt (Standard Webhooks' suggested schedule): 5 s, 5 min,
 * 30 min, 2 h, 5 h, 10 h, 10 h. The attempt after the last of them is the last one.
 */
export const RETRY_SCHEDULE_SECONDS = [5, 300, 1800, 7200, 18000, 36000, 36000] as const;
export const MAX_ATTEMPTS = RETRY_SCHEDULE_SECONDS.length + 1;
/** ±10 %: endpoints that failed together (an outage) are not all retried in the same second. */
export const RETRY_JITTER = 0.1;

/** Seconds before the next attempt after `attempts` failed ones, or null when none is left. */
export function retryDelaySeconds(attempts: number, random = Math.random): number | null {
  const base = RETRY_SCHEDULE_SECONDS[attempts - 1];
  if (base === undefined) return null;
  return Math.round(base * (1 - RETRY_JITTER + 2 * RETRY_JITTER * random()) * 1000) / 1000;
}

const DEFAULT_BATCH = 100;
const DEFAULT_TIMEOUT_MS = 10_000;
/** A claimed batch is this worker's for this long: well above one batch's slowest timeout. */
const LEASE_SECONDS = 120;

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 1000);

/**
 * Drains the webhook outbox: claims due deliveries in batches, sends each batch side by side,
 * records the outcomes (successes in one statement), retries failures on the schedule above,
 * disables an endpoint that answers 410 Gone or fails for three days (emailing the tenant's
 * owners). A worker killed mid-batch leaves its lease to run out; the deliveries are then sent
 * again, under the same `webhook-id` (at least once).
 */
export function startWebhookWorker(options: WebhookWorkerOptions): WebhookWorker {
  const { db, logger } = options;
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const sender: WebhookSender = webhookSender({
    allowPrivate: options.allowPrivate,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxSockets: batchSize,
  });
  let stopping = false;

  /** The owners' email, queued in the transaction that disables the endpoint: both or neither. */
  const emailOwners =
    (delivery: ClaimedDelivery, reason: 'gone' | 'failing') => (trx: Database, failingSince: Date | null) =>
      emailOwnersWebhookDisabled(trx, delivery.tenantId, { url: delivery.url, reason, failingSince });
  const logDisabled = (delivery: ClaimedDelivery, reason: 'gone' | 'failing') =>
    logger.warn(
      { webhookId: delivery.webhookId, tenantId: delivery.tenantId, reason },
      'webhook endpoint disabled',
    );

  async function recordFailure(delivery: ClaimedDelivery, outcome: SendOutcome) {
    if (outcome.status === 410) {
      const gone = await recordWebhookGone(db, delivery, outcome.ms, emailOwners(delivery, 'gone'));
      webhookDeliveries.inc({ outcome: 'gave_up' });
      if (gone) logDisabled(delivery, 'gone');
      return;
    }
    const retryIn = retryDelaySeconds(delivery.attempts + 1);
    const streak = await recordWebhookFailure(
      db,
      delivery,
      {
        code: outcome.status,
        ms: outcome.ms,
        error: outcome.error ?? 'failed',
        retryInSeconds: retryIn,
      },
      emailOwners(delivery, 'failing'),
    );
    webhookDeliveries.inc({ outcome: retryIn === null ? 'gave_up' : 'retried' });
    if (streak) logDisabled(delivery, 'failing');
  }

  async function sendBatch(claimed: ClaimedDelivery[]): Promise<number> {
    for (const delivery of claimed.filter((d) => !d.enabled)) {
      await giveUpWebhookDelivery(db, delivery);
      webhookDeliveries.inc({ outcome: 'gave_up' });
    }
    const batch = claimed.filter((d) => d.enabled);
    const outcomes = await Promise.all(
      batch.map((d) => sender.send({ url: d.url, id: d.id, secret: d.secret, body: d.payload })),
    );
    const succeeded = batch.flatMap((delivery, i) => {
      const outcome = outcomes[i]!;
      return outcome.error === null ? [{ delivery, code: outcome.status!, ms: outcome.ms }] : [];
    });
    await recordWebhookSuccesses(db, succeeded);
    webhookDeliveries.inc({ outcome: 'sent' }, succeeded.length);
    for (const [i, delivery] of batch.entries()) {
      const outcome = outcomes[i]!;
      if (outcome.error === null) continue;
      try {
        await recordFailure(delivery, outcome);
      } catch (error) {
        // The outcome could not be recorded: the lease runs out and the delivery is tried again.
        logger.error(
          { deliveryId: delivery.id, err: describe(error) },
          'webhook worker could not record a failure',
        );
      }
    }
    return claimed.length;
  }

  async function processDue(): Promise<number> {
    let handled = 0;
    while (!stopping) {
      let batch: ClaimedDelivery[];
      try {
        batch = await claimDueWebhookDeliveries(db, batchSize, LEASE_SECONDS);
      } catch (error) {
        logger.error({ err: describe(error) }, 'webhook worker could not read the outbox');
        return handled;
      }
      if (batch.length === 0) break;
      try {
        handled += await sendBatch(batch);
      } catch (error) {
        logger.error({ err: describe(error) }, 'webhook worker could not record a batch');
      }
      if (batch.length < batchSize) break;
    }
    return handled;
  }

  const passes = startSerialPasses({
    pollMs: options.pollMs ?? 1000,
    onQueued: onWebhookQueued,
    run: processDue,
  });
  return {
    drain: passes.drain,
    async stop() {
      stopping = true;
      await passes.stop();
      sender.close();
    },
  };
}
