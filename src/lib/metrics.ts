import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/**
 * The process's counters and histograms (#17), in one registry that modules and workers may
 * increment: src/lib sits below them. Values that are read at scrape time (pool, queues) are
 * gauges of the serving side (src/http/metrics.ts), not here.
 */
export const metricsRegistry = new Registry();

let processMetricsOn = false;

/** Node's own metrics (CPU, memory, event-loop lag, GC, handles), once per process that serves them. */
export function collectProcessMetrics() {
  if (processMetricsOn) return;
  processMetricsOn = true;
  collectDefaultMetrics({ register: metricsRegistry });
}

const registers = [metricsRegistry];

/**
 * Labelled by the route's URL pattern (`/admin/v1/customers/:id`), never the raw URL, so the
 * number of series stays bounded whatever clients send; unmatched URLs share one label.
 */
const httpLabels = ['method', 'route', 'status'] as const;

export const httpRequests = new Counter({
  name: 'clientele_http_requests_total',
  help: 'HTTP requests answered, by method, route pattern and status.',
  labelNames: httpLabels,
  registers,
});

export const httpErrors = new Counter({
  name: 'clientele_http_request_errors_total',
  help: 'HTTP requests answered with a 4xx or 5xx status, by method, route pattern and status.',
  labelNames: httpLabels,
  registers,
});

export const httpDuration = new Histogram({
  name: 'clientele_http_request_duration_seconds',
  help: 'Time from receiving a request to the end of its answer, by method, route pattern and status.',
  labelNames: httpLabels,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers,
});

/** `admin` (the admin app and API) or `shopper` (the storefront API). */
export type SignInActor = 'admin' | 'shopper';

export const signIns = new Counter({
  name: 'clientele_sign_ins_total',
  help: 'Sign-ins by admins and shoppers, by outcome (success, failure: any refused attempt).',
  labelNames: ['actor', 'outcome'] as const,
  registers,
});

export const lockouts = new Counter({
  name: 'clientele_lockouts_total',
  help: 'Accounts locked by consecutive failed sign-ins (admins and shoppers).',
  labelNames: ['actor'] as const,
  registers,
});

/**
 * One outcome per attempt: `sent`, `kept` (no SMTP_URL: kept in the mailbox), `retried` (the
 * attempt failed, another is scheduled) or `gave_up` (failed with none left: the last attempt,
 * a hard bounce, an address that left the newsletter). Failures are `retried` + `gave_up`.
 */
export type EmailOutcome = 'sent' | 'kept' | 'retried' | 'gave_up';

export const emailDeliveries = new Counter({
  name: 'clientele_email_deliveries_total',
  help: 'Email delivery attempts by outcome: sent, kept (no SMTP), retried (failed, will retry), gave_up (failed for good).',
  labelNames: ['outcome'] as const,
  registers,
});

/** As for emails: `gave_up` also counts deliveries to an endpoint answering 410 Gone or disabled. */
export type WebhookOutcome = 'sent' | 'retried' | 'gave_up';

export const webhookDeliveries = new Counter({
  name: 'clientele_webhook_deliveries_total',
  help: 'Webhook delivery attempts by outcome: sent (2xx), retried (failed, will retry), gave_up (failed for good).',
  labelNames: ['outcome'] as const,
  registers,
});

// Every known label value starts at 0, so a rate() or an alert sees the series before the first event.
for (const actor of ['admin', 'shopper'] as const) {
  lockouts.inc({ actor }, 0);
  for (const outcome of ['success', 'failure'] as const) signIns.inc({ actor, outcome }, 0);
}
for (const outcome of ['sent', 'kept', 'retried', 'gave_up'] as const) emailDeliveries.inc({ outcome }, 0);
for (const outcome of ['sent', 'retried', 'gave_up'] as const) webhookDeliveries.inc({ outcome }, 0);

/** Counts a sign-in attempt of an admin or a shopper. */
export const countSignIn = (actor: SignInActor, outcome: 'success' | 'failure') =>
  signIns.inc({ actor, outcome });

/** A queue the worker drains, as read at scrape time: rows waiting, and how late the oldest due one is. */
export interface QueueDepth {
  queue: 'email' | 'webhook' | 'job';
  depth: number;
  /** Seconds since the oldest waiting row fell due (0 when none is due yet). */
  oldestSeconds: number;
}
