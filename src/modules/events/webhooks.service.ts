import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { WebhookDisabledReason } from '../../db/types.js';
import { inTransaction, type RequestContext } from '../../lib/context.js';
import { FieldErrors } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { Page } from '../../lib/list/list-builder.js';
import { type ListSpec, paginate } from '../../lib/list/paginate.js';
import { iso } from '../../lib/time.js';
import { recordChange } from './change-log.js';
import { type DeliveryRecord, webhookDeliveriesRepository } from './webhook-deliveries.repository.js';
import { TEST_TOPIC, topicOf, type WebhookTopic } from './webhook-topics.js';
import { webhookErrors } from './webhooks.errors.js';
import { type WebhookChange, type WebhookRecord, webhooksRepository } from './webhooks.repository.js';
import type {
  Webhook,
  WebhookCreate,
  WebhookDelivery,
  WebhookDeliveryListQuery,
  WebhookListQuery,
  WebhookPatch,
  WebhookWithSecret,
} from './webhooks.schemas.js';

// Endpoints and their deliveries. The secret signs every delivery, so it is stored as it is
// (a hash could not sign); the API shows it only in the answers to create and rotate-secret.

const queued = new EventEmitter();

/**
 * Calls `listener` whenever deliveries are queued in this process, so an in-process worker
 * sends them at once instead of at its next poll. Answers a function that stops listening.
 */
export function onWebhookQueued(listener: () => void): () => void {
  queued.on('queued', listener);
  return () => queued.off('queued', listener);
}

/** A new signing secret: 32 random bytes, the Standard Webhooks `whsec_<base64>` form. */
const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

const toWebhook = (row: WebhookRecord): Webhook => ({
  id: row.id,
  url: row.url,
  topics: row.topics as Webhook['topics'],
  enabled: row.enabled,
  description: row.description,
  disabledReason: row.disabledReason,
  failingSince: iso(row.failingSince),
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
});

const toDelivery = (row: DeliveryRecord): WebhookDelivery => ({
  id: row.id,
  webhookId: row.webhookId,
  eventId: row.eventId,
  topic: row.topic as WebhookDelivery['topic'],
  status: row.status,
  attempts: row.attempts,
  nextAttemptAt: row.status === 'pending' || row.status === 'failed' ? iso(row.nextAttemptAt) : null,
  lastAttemptAt: iso(row.lastAttemptAt),
  lastResponseCode: row.lastResponseCode,
  lastResponseMs: row.lastResponseMs,
  lastError: row.lastError,
  payload: JSON.parse(row.payload) as unknown,
  createdAt: iso(row.createdAt),
});

/**
 * The endpoint's address as stored: http or https, no user name or password (they would sit in
 * the database and the logs in clear; a receiver authenticates deliveries by their signature).
 * Private addresses are refused when sending, after DNS resolution, not here: a name's
 * addresses can change after it was saved.
 */
function checkedUrl(raw: string, errors: FieldErrors): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    errors.add('/url', 'must be an http or https URL');
    return raw;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') errors.add('/url', 'must use http or https');
  if (url.username !== '' || url.password !== '')
    errors.add('/url', 'must not contain a user name or password');
  if (url.hostname === '') errors.add('/url', 'must name a host');
  return url.href;
}

const cleanDescription = (value: string | null | undefined) => (value?.trim() ? value.trim() : null);

async function requireWebhook(ctx: RequestContext, id: string, forUpdate = false): Promise<WebhookRecord> {
  const row = forUpdate
    ? await webhooksRepository.findForUpdate(ctx, id)
    : await webhooksRepository.find(ctx, id);
  if (!row) throw webhookErrors.notFound();
  return row;
}

const webhookList: ListSpec = { sortFields: {}, defaultSort: null };

/** The tenant's endpoints, newest first. */
export function listWebhooks(ctx: RequestContext, query: WebhookListQuery): Promise<Page<Webhook>> {
  return paginate(
    webhookList,
    query,
    (window) => webhooksRepository.list(ctx, window),
    (rows) => rows.map(toWebhook),
  );
}

export async function getWebhook(ctx: RequestContext, id: string): Promise<Webhook> {
  return toWebhook(await requireWebhook(ctx, id));
}

/** A new endpoint with a new signing secret, which this answer alone shows. */
export async function createWebhook(ctx: RequestContext, input: WebhookCreate): Promise<WebhookWithSecret> {
  const errors = new FieldErrors();
  const url = checkedUrl(input.url, errors);
  errors.throwIfAny();
  const secret = newSecret();
  return inTransaction(ctx, async (trx) => {
    const row = await webhooksRepository.insert(trx, {
      id: newId(),
      url,
      topics: input.topics,
      enabled: input.enabled ?? true,
      description: cleanDescription(input.description),
      secret,
    });
    await recordChange(trx, {
      action: 'webhook.created',
      subjectType: 'webhook',
      subjectId: row.id,
      data: { url: row.url, topics: row.topics, enabled: row.enabled },
    });
    return { ...toWebhook(row), secret };
  });
}

/**
 * Changes an endpoint. Turning it off gives up what it still had to get (the deliveries are
 * `dead`, each can be retried); turning it on clears why it was off and its failing streak.
 */
export async function updateWebhook(ctx: RequestContext, id: string, patch: WebhookPatch): Promise<Webhook> {
  const errors = new FieldErrors();
  const change: WebhookChange = {};
  if (patch.url !== undefined) change.url = checkedUrl(patch.url, errors);
  errors.throwIfAny();
  if (patch.topics !== undefined) change.topics = patch.topics;
  if (patch.description !== undefined) change.description = cleanDescription(patch.description);
  return inTransaction(ctx, async (trx) => {
    const before = await requireWebhook(trx, id, true);
    if (patch.enabled === true && !before.enabled) {
      Object.assign(change, { enabled: true, disabledReason: null, failingSince: null });
    } else if (patch.enabled === false && before.enabled) {
      Object.assign(change, { enabled: false, disabledReason: 'manual' satisfies WebhookDisabledReason });
      await webhookDeliveriesRepository.giveUpOpen(
        trx.db,
        trx.tenantId,
        id,
        'not sent: the webhook was disabled',
      );
    }
    const row = await webhooksRepository.update(trx, id, change);
    if (!row) throw webhookErrors.notFound();
    const changes = (['url', 'topics', 'enabled', 'description'] as const)
      .filter((field) => JSON.stringify(before[field]) !== JSON.stringify(row[field]))
      .map((field) => ({ field, from: before[field], to: row[field] }));
    if (changes.length > 0)
      await recordChange(trx, {
        action: 'webhook.updated',
        subjectType: 'webhook',
        subjectId: id,
        data: { changes },
      });
    return toWebhook(row);
  });
}

/** Deletes an endpoint and its delivery log. */
export async function deleteWebhook(ctx: RequestContext, id: string): Promise<void> {
  await inTransaction(ctx, async (trx) => {
    if (!(await webhooksRepository.delete(trx, id))) throw webhookErrors.notFound();
    await recordChange(trx, { action: 'webhook.deleted', subjectType: 'webhook', subjectId: id });
  });
}

/**
 * A new signing secret, shown in this answer only. Deliveries from now on, retries of older
 * ones included, are signed with it alone.
 */
export async function rotateWebhookSecret(ctx: RequestContext, id: string): Promise<{ secret: string }> {
  const secret = newSecret();
  return inTransaction(ctx, async (trx) => {
    const row = await webhooksRepository.update(trx, id, { secret });
    if (!row) throw webhookErrors.notFound();
    // That it was rotated, never the secret.
    await recordChange(trx, { action: 'webhook.secret_rotated', subjectType: 'webhook', subjectId: id });
    return { secret };
  });
}

const deliveryList: ListSpec = { sortFields: {}, defaultSort: null };

/** An endpoint's delivery log, newest first, optionally in one state. */
export async function listWebhookDeliveries(
  ctx: RequestContext,
  id: string,
  query: WebhookDeliveryListQuery,
): Promise<Page<WebhookDelivery>> {
  await requireWebhook(ctx, id);
  return paginate(
    deliveryList,
    query,
    (window) => webhookDeliveriesRepository.list(ctx, id, query.status ?? null, window),
    (rows) => rows.map(toDelivery),
  );
}

/**
 * Sends a delivery again at once, with the same body and `webhook-id` (receivers deduplicate
 * by it) and a fresh retry schedule. The endpoint must be enabled.
 */
export async function retryWebhookDelivery(
  ctx: RequestContext,
  id: string,
  deliveryId: string,
): Promise<WebhookDelivery> {
  const delivery = await inTransaction(ctx, async (trx) => {
    const webhook = await requireWebhook(trx, id, true);
    const found = await webhookDeliveriesRepository.find(trx, id, deliveryId);
    if (!found) throw webhookErrors.deliveryNotFound();
    if (!webhook.enabled) throw webhookErrors.disabled();
    if (found.status === 'pending') throw webhookErrors.notRetryable();
    return webhookDeliveriesRepository.retryNow(trx, id, deliveryId);
  });
  queued.emit('queued');
  return toDelivery(delivery);
}

/** The body of a delivery, per Standard Webhooks: `{type, timestamp, data}`. */
const body = (type: string, data: Record<string, unknown>) =>
  JSON.stringify({ type, timestamp: new Date().toISOString(), data });

/** Queues a `webhook.test` message to this endpoint alone (it subscribes to no topic for it). */
export async function sendTestWebhook(ctx: RequestContext, id: string): Promise<WebhookDelivery> {
  const delivery = await inTransaction(ctx, async (trx) => {
    const webhook = await requireWebhook(trx, id, true);
    if (!webhook.enabled) throw webhookErrors.disabled();
    const deliveryId = newId();
    await webhookDeliveriesRepository.insertMany(trx, [
      {
        id: deliveryId,
        webhookId: id,
        eventId: newId(),
        topic: TEST_TOPIC,
        payload: body(TEST_TOPIC, { webhookId: id, message: 'A test message from Clientele.' }),
      },
    ]);
    return (await webhookDeliveriesRepository.find(trx, id, deliveryId))!;
  });
  queued.emit('queued');
  return toDelivery(delivery);
}

/**
 * The outbox: in the caller's transaction, one delivery per enabled endpoint subscribed to the
 * action's topic, so the deliveries commit (or vanish) with the change they announce. An action
 * no topic carries costs nothing; one that a topic carries costs one indexed look-up, and an
 * insert when some endpoint wants it.
 */
export async function queueWebhookDeliveries(
  ctx: RequestContext,
  event: { id: string; action: string; customerId: string | null; data: Record<string, unknown> },
): Promise<void> {
  const topic = topicOf(event.action);
  if (topic === null) return;
  const endpoints = await webhooksRepository.subscribedTo(ctx, topic);
  if (endpoints.length === 0) return;
  const payload = body(topic, { customerId: event.customerId, action: event.action, ...event.data });
  await webhookDeliveriesRepository.insertMany(
    ctx,
    endpoints.map((endpoint) => ({ id: newId(), webhookId: endpoint.id, eventId: event.id, topic, payload })),
  );
  queued.emit('queued');
}

/**
 * queueWebhookDeliveries for many events at once (an import batch's `customer.created`): the
 * endpoints are looked up once a topic and every delivery is inserted in one statement.
 */
export async function queueWebhookDeliveriesMany(
  ctx: RequestContext,
  events: readonly { id: string; action: string; customerId: string | null; data: Record<string, unknown> }[],
): Promise<void> {
  const byTopic = new Map<WebhookTopic, typeof events>();
  for (const event of events) {
    const topic = topicOf(event.action);
    if (topic !== null) byTopic.set(topic, [...(byTopic.get(topic) ?? []), event]);
  }
  let any = false;
  for (const [topic, list] of byTopic) {
    const endpoints = await webhooksRepository.subscribedTo(ctx, topic);
    if (endpoints.length === 0) continue;
    await webhookDeliveriesRepository.insertMany(
      ctx,
      list.flatMap((event) => {
        const payload = body(topic, { customerId: event.customerId, action: event.action, ...event.data });
        return endpoints.map((endpoint) => ({
          id: newId(),
          webhookId: endpoint.id,
          eventId: event.id,
          topic,
          payload,
        }));
      }),
    );
    any = true;
  }
  if (any) queued.emit('queued');
}
