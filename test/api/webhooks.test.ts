import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailOwnersWebhookDisabled } from '../../src/flows/webhook-disabled-email.js';
import { inTransaction } from '../../src/lib/context.js';
import { recordEvent } from '../../src/modules/events/events.service.js';
import {
  claimDueWebhookDeliveries,
  recordWebhookGone,
} from '../../src/modules/events/webhook-deliveries.service.js';
import { isPrivateAddress } from '../../src/worker/webhook-http.js';
import { RETRY_JITTER, RETRY_SCHEDULE_SECONDS, startWebhookWorker } from '../../src/worker/webhook-worker.js';
import { make } from '../factories.js';
import { createTestApp, type TestApp, type TestTenant } from '../helpers/app.js';

let t: TestApp;
let other: TestTenant;
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
beforeAll(async () => {
  t = await createTestApp();
  other = await t.newTenant('webhooks-other');
});
afterAll(() => t.close());

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
const call = (method: Method, url: string, payload?: object, headers = t.tenant.auth) =>
  t.app.inject({ method, url: `/admin/v1${url}`, headers, ...(payload ? { payload } : {}) });

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A real HTTP receiver on 127.0.0.1: records every request to its own path, answers `status()`.
 * The path is unique because a port closed by an earlier test can be handed to this one, and the
 * earlier test's endpoint (same tenant, still subscribed) would then be counted here.
 */
async function receiver(status: () => number = () => 204) {
  const requests: Received[] = [];
  const state = { status };
  const path = `/hook/${randomUUID()}`;
  const server = createServer((request, response) => {
    if (request.url !== path) {
      request.resume();
      response.writeHead(404).end();
      return;
    }
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => {
      requests.push({ headers: request.headers, body });
      const code = state.status();
      response.writeHead(code, code >= 300 && code < 400 ? { location: 'http://example.com/' } : {});
      response.end(code >= 400 ? 'nope' : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}${path}`,
    requests,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const worker = (allowPrivate = true) =>
  startWebhookWorker({ db: t.handle.db, logger: quiet, allowPrivate, pollMs: 0 });

async function drained(allowPrivate = true) {
  const w = worker(allowPrivate);
  try {
    return await w.drain();
  } finally {
    await w.stop();
  }
}

async function newWebhook(url: string, topics: string[] = ['customer.updated'], tenant = t.tenant) {
  const res = await call('POST', '/webhooks', { url, topics, description: 'test' }, tenant.auth);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; secret: string; url: string; enabled: boolean };
}

const deliveries = async (webhookId: string, tenant = t.tenant) => {
  const res = await call('GET', `/webhooks/${webhookId}/deliveries`, undefined, tenant.auth);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().data as {
    id: string;
    status: string;
    attempts: number;
    nextAttemptAt: string | null;
    lastResponseCode: number | null;
    lastResponseMs: number | null;
    lastError: string | null;
    topic: string;
    eventId: string;
  }[];
};

/** The lease or the retry delay has passed: the webhook's open deliveries fall due now. */
const makeDue = (webhookId: string) =>
  sql`update webhook_deliveries set next_attempt_at = now() - interval '1 second'
      where webhook_id = ${webhookId} and status in ('pending', 'failed')`.execute(t.handle.db);

const tag = async (customerId: string, tags: string[], tenant = t.tenant) => {
  const res = await call('POST', `/customers/${customerId}/tags`, { tags }, tenant.auth);
  expect(res.statusCode, res.body).toBe(200);
};

/** Standard Webhooks, verified independently of the package: HMAC-SHA256 of "id.timestamp.body". */
function verifyByHand(secret: string, received: Received) {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const id = received.headers['webhook-id'] as string;
  const timestamp = received.headers['webhook-timestamp'] as string;
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${received.body}`).digest('base64');
  return (received.headers['webhook-signature'] as string).split(' ').includes(`v1,${expected}`);
}

describe('webhook endpoints', () => {
  it('shows the secret once, on create and on rotate, and never in reads', async () => {
    const created = await call('POST', '/webhooks', {
      url: 'https://erp.example.com/hooks',
      topics: ['customer.created', 'order.created'],
      description: '  ERP  ',
    });
    expect(created.statusCode, created.body).toBe(201);
    const hook = created.json();
    expect(hook).toMatchObject({
      url: 'https://erp.example.com/hooks',
      topics: ['customer.created', 'order.created'],
      enabled: true,
      description: 'ERP',
      disabledReason: null,
      failingSince: null,
    });
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(created.headers.location).toBe(`/admin/v1/webhooks/${hook.id}`);

    const got = (await call('GET', `/webhooks/${hook.id}`)).json();
    expect(got).not.toHaveProperty('secret');
    const { secret, ...shown } = hook;
    expect(got).toEqual(shown);
    const list = (await call('GET', '/webhooks')).json();
    expect(JSON.stringify(list)).not.toContain(secret);
    expect(list.data.map((w: { id: string }) => w.id)).toContain(hook.id);

    const rotated = await call('POST', `/webhooks/${hook.id}/rotate-secret`);
    expect(rotated.statusCode, rotated.body).toBe(200);
    expect(rotated.json().secret).toMatch(/^whsec_/);
    expect(rotated.json().secret).not.toBe(secret);

    const patched = await call('PATCH', `/webhooks/${hook.id}`, {
      topics: ['credit.changed'],
      enabled: false,
    });
    expect(patched.json()).toMatchObject({
      topics: ['credit.changed'],
      enabled: false,
      disabledReason: 'manual',
    });
    const again = await call('PATCH', `/webhooks/${hook.id}`, { enabled: true, description: null });
    expect(again.json()).toMatchObject({ enabled: true, disabledReason: null, description: null });

    expect((await call('DELETE', `/webhooks/${hook.id}`)).statusCode).toBe(204);
    expect((await call('GET', `/webhooks/${hook.id}`)).statusCode).toBe(404);
  });

  it('refuses bad topics and URLs, naming each field', async () => {
    const res = await call('POST', '/webhooks', { url: 'ftp://x.example.com/', topics: ['customer.nope'] });
    expect(res.statusCode).toBe(400);
    const paths = res.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['/url', '/topics/0']));

    const withCredentials = await call('POST', '/webhooks', {
      url: 'https://user:pw@erp.example.com/',
      topics: ['customer.created'],
    });
    expect(withCredentials.statusCode).toBe(400);
    expect(withCredentials.json().errors).toEqual([
      expect.objectContaining({ path: '/url', message: expect.stringContaining('user name or password') }),
    ]);
    const none = await call('POST', '/webhooks', { url: 'https://erp.example.com/', topics: [] });
    expect(none.statusCode).toBe(400);
  });

  it('is for admins and owners only, reads included', async () => {
    const hook = await newWebhook('https://erp.example.com/roles');
    for (const role of ['support', 'viewer'] as const) {
      const headers = await t.tenant.as(role);
      expect((await call('GET', '/webhooks', undefined, headers)).statusCode).toBe(403);
      expect((await call('GET', `/webhooks/${hook.id}/deliveries`, undefined, headers)).statusCode).toBe(403);
      const post = await call(
        'POST',
        '/webhooks',
        { url: 'https://a.example.com/', topics: ['customer.created'] },
        headers,
      );
      expect(post.statusCode).toBe(403);
    }
    const admin = await t.tenant.as('admin');
    expect((await call('GET', `/webhooks/${hook.id}`, undefined, admin)).statusCode).toBe(200);
    expect((await call('POST', `/webhooks/${hook.id}/rotate-secret`, undefined, admin)).statusCode).toBe(200);
  });

  it("answers 404 for another tenant's webhooks and sends nothing across tenants", async () => {
    const rx = await receiver();
    const mine = await newWebhook(rx.url);
    for (const [method, url] of [
      ['GET', `/webhooks/${mine.id}`],
      ['PATCH', `/webhooks/${mine.id}`],
      ['DELETE', `/webhooks/${mine.id}`],
      ['POST', `/webhooks/${mine.id}/rotate-secret`],
      ['POST', `/webhooks/${mine.id}/test`],
      ['GET', `/webhooks/${mine.id}/deliveries`],
    ] as const) {
      const res = await call(method, url, method === 'PATCH' ? { enabled: false } : undefined, other.auth);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
    const theirs = await make.customer(other);
    await tag(theirs.id, ['elsewhere'], other);
    await drained();
    expect(rx.requests).toEqual([]);
    expect((await call('GET', `/webhooks/${mine.id}`)).json().enabled).toBe(true);
    await rx.close();
  });
});

describe('delivery', () => {
  it('sends a change signed per Standard Webhooks, once, to subscribed endpoints only', async () => {
    const rx = await receiver();
    const hook = await newWebhook(rx.url, ['customer.updated']);
    const deaf = await newWebhook(rx.url.replace('/hook', '/deaf'), ['order.created']);
    const customer = await make.customer(t.tenant);
    await tag(customer.id, ['vip']);
    await drained();

    expect(rx.requests).toHaveLength(1);
    const [received] = rx.requests as [Received];
    const verified = new Webhook(hook.secret).verify(
      received.body,
      received.headers as Record<string, string>,
    );
    expect(verified).toEqual({
      type: 'customer.updated',
      timestamp: expect.any(String),
      data: { customerId: customer.id, action: 'customer.tags_added', tags: ['vip'] },
    });
    expect(verifyByHand(hook.secret, received)).toBe(true);
    expect(received.headers['content-type']).toBe('application/json');

    const [log] = await deliveries(hook.id);
    expect(log).toMatchObject({
      status: 'succeeded',
      attempts: 1,
      lastResponseCode: 204,
      nextAttemptAt: null,
      topic: 'customer.updated',
    });
    expect(log!.lastResponseMs).toBeGreaterThanOrEqual(0);
    expect(received.headers['webhook-id']).toBe(log!.id);
    expect(await deliveries(deaf.id)).toEqual([]);
    // A second drain sends nothing more.
    await drained();
    expect(rx.requests).toHaveLength(1);
    await rx.close();
  });

  it('queues nothing when the change rolls back (the outbox commits with the change)', async () => {
    const rx = await receiver();
    const hook = await newWebhook(rx.url, ['credit.changed']);
    const customer = await make.customer(t.tenant);
    await expect(
      inTransaction(t.tenant.ctx, async (trx) => {
        await recordEvent(trx, customer.id, 'credit.issued', { amount: 100 });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await deliveries(hook.id)).toEqual([]);
    await recordEvent(t.tenant.ctx, customer.id, 'credit.issued', { amount: 100 });
    expect(await deliveries(hook.id)).toHaveLength(1);
    await rx.close();
  });

  it('retries on the schedule with jitter under the same webhook-id, then gives up; a retry sends it again', async () => {
    const rx = await receiver(() => 500);
    const hook = await newWebhook(rx.url);
    const customer = await make.customer(t.tenant);
    await tag(customer.id, ['retry']);

    for (const [i, delay] of RETRY_SCHEDULE_SECONDS.entries()) {
      const before = Date.now();
      await drained();
      const [log] = await deliveries(hook.id);
      expect(log).toMatchObject({ status: 'failed', attempts: i + 1, lastResponseCode: 500 });
      expect(log!.lastError).toContain('HTTP 500');
      const wait = (Date.parse(log!.nextAttemptAt!) - before) / 1000;
      expect(wait).toBeGreaterThanOrEqual(delay * (1 - RETRY_JITTER) - 1);
      expect(wait).toBeLessThanOrEqual(delay * (1 + RETRY_JITTER) + 5);
      // Not due yet: another pass sends nothing.
      await drained();
      expect(rx.requests).toHaveLength(i + 1);
      await makeDue(hook.id);
    }
    await drained();
    const [dead] = await deliveries(hook.id);
    expect(dead).toMatchObject({ status: 'dead', attempts: 8, nextAttemptAt: null });
    expect(rx.requests).toHaveLength(8);
    expect(new Set(rx.requests.map((r) => r.headers['webhook-id']))).toEqual(new Set([dead!.id]));
    expect(new Set(rx.requests.map((r) => r.body)).size).toBe(1);

    rx.state.status = () => 200;
    const retried = await call('POST', `/webhooks/${hook.id}/deliveries/${dead!.id}/retry`);
    expect(retried.statusCode, retried.body).toBe(202);
    expect(retried.json()).toMatchObject({ status: 'pending', attempts: 0 });
    await drained();
    expect(rx.requests).toHaveLength(9);
    expect(rx.requests[8]!.headers['webhook-id']).toBe(dead!.id);
    expect((await deliveries(hook.id))[0]).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect((await call('GET', `/webhooks/${hook.id}`)).json().failingSince).toBeNull();
    await rx.close();
  });

  it('treats a redirect as a failure and does not follow it', async () => {
    const rx = await receiver(() => 302);
    const hook = await newWebhook(rx.url);
    await tag((await make.customer(t.tenant)).id, ['redirect']);
    await drained();
    const [log] = await deliveries(hook.id);
    expect(log).toMatchObject({ status: 'failed', lastResponseCode: 302 });
    expect(log!.lastError).toContain('not followed');
    expect(rx.requests).toHaveLength(1);
    await rx.close();
  });

  it('disables an endpoint that answers 410 Gone, gives up its other messages and emails the owners', async () => {
    const rx = await receiver(() => 410);
    const hook = await newWebhook(rx.url);
    const customer = await make.customer(t.tenant);
    await tag(customer.id, ['one']);
    await tag(customer.id, ['two']);
    const w = startWebhookWorker({
      db: t.handle.db,
      logger: quiet,
      allowPrivate: true,
      pollMs: 0,
      batchSize: 1,
    });
    await w.drain();
    await w.stop();
    expect(rx.requests).toHaveLength(1);
    const got = (await call('GET', `/webhooks/${hook.id}`)).json();
    expect(got).toMatchObject({ enabled: false, disabledReason: 'gone' });
    const log = await deliveries(hook.id);
    expect(log.map((d) => d.status)).toEqual(['dead', 'dead']);
    expect(log[1]).toMatchObject({ lastResponseCode: 410, attempts: 1 });

    const emails = await t.handle.db
      .selectFrom('emailOutbox')
      .select(['toAddress', 'subject', 'textBody'])
      .where('tenantId', '=', t.tenant.id)
      .where('template', '=', 'webhookDisabled')
      .execute();
    expect(emails.length).toBeGreaterThan(0);
    expect(emails[0]!.textBody).toContain(rx.url);

    // A disabled endpoint is sent nothing: no test message, no retry.
    expect((await call('POST', `/webhooks/${hook.id}/test`)).statusCode).toBe(409);
    expect((await call('POST', `/webhooks/${hook.id}/deliveries/${log[0]!.id}/retry`)).statusCode).toBe(409);
    await rx.close();
  });

  it('disables an endpoint that has failed for three days and emails the owners', async () => {
    const rx = await receiver(() => 503);
    const hook = await newWebhook(rx.url);
    await tag((await make.customer(t.tenant)).id, ['streak']);
    await drained();
    expect((await call('GET', `/webhooks/${hook.id}`)).json()).toMatchObject({
      enabled: true,
      failingSince: expect.any(String),
    });
    await sql`update webhooks set failing_since = now() - interval '3 days 1 minute' where id = ${hook.id}`.execute(
      t.handle.db,
    );
    await makeDue(hook.id);
    await drained();
    expect((await call('GET', `/webhooks/${hook.id}`)).json()).toMatchObject({
      enabled: false,
      disabledReason: 'failing',
    });
    const emails = await t.handle.db
      .selectFrom('emailOutbox')
      .select('textBody')
      .where('tenantId', '=', t.tenant.id)
      .where('template', '=', 'webhookDisabled')
      .execute();
    expect(emails.some((e) => e.textBody.includes(rx.url) && e.textBody.includes('has failed since'))).toBe(
      true,
    );
    await rx.close();
  });

  it('refuses private addresses, after DNS resolution, unless allowed', async () => {
    const rx = await receiver();
    const byName = await newWebhook(rx.url.replace('127.0.0.1', 'localhost'));
    const byAddress = await newWebhook(rx.url);
    await tag((await make.customer(t.tenant)).id, ['private']);
    await drained(false);
    expect(rx.requests).toEqual([]);
    const [named] = await deliveries(byName.id);
    expect(named).toMatchObject({ status: 'failed', lastResponseCode: null });
    expect(named!.lastError).toMatch(/refused: localhost resolves to the private address (127\.0\.0\.1|::1)/);
    const [literal] = await deliveries(byAddress.id);
    expect(literal!.lastError).toBe('refused: 127.0.0.1 is a private address');

    await makeDue(byName.id);
    await makeDue(byAddress.id);
    await drained(true);
    expect(rx.requests).toHaveLength(2);
    await rx.close();
  });

  it('knows the private ranges', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '100.64.0.1',
      '169.254.169.254',
      '0.0.0.0',
      '::1',
      '::',
      'fc00::1',
      'fd12:3456::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      'not-an-address',
    ])
      expect(isPrivateAddress(address), address).toBe(true);
    for (const address of [
      '93.184.216.34',
      '8.8.8.8',
      '172.32.0.1',
      '100.128.0.1',
      '2606:2800:220:1::1',
      '::ffff:8.8.8.8',
    ])
      expect(isPrivateAddress(address), address).toBe(false);
  });

  it('gives up, unsent, a delivery whose endpoint was disabled while it was queued', async () => {
    const rx = await receiver();
    const hook = await newWebhook(rx.url);
    await tag((await make.customer(t.tenant)).id, ['race']);
    // The disabling committed between the change's look-up of endpoints and its insert.
    await sql`update webhooks set enabled = false, disabled_reason = 'manual' where id = ${hook.id}`.execute(
      t.handle.db,
    );
    await drained();
    expect(rx.requests).toEqual([]);
    expect((await deliveries(hook.id))[0]).toMatchObject({
      status: 'dead',
      attempts: 0,
      lastError: 'not sent: the webhook is disabled',
    });
    await rx.close();
  });

  it("disables an endpoint and queues the owners' email in one transaction: both or neither", async () => {
    const hook = await newWebhook('https://hooks.example.com/gone');
    const customer = await make.customer(t.tenant);
    await tag(customer.id, ['atomic']);
    const [delivery] = (await claimDueWebhookDeliveries(t.handle.db, 100, 120)).filter(
      (d) => d.webhookId === hook.id,
    );
    // The owners' email fails (as a crash between the two would leave it): the disabling goes too.
    await expect(
      recordWebhookGone(t.handle.db, delivery!, 5, async () => {
        throw new Error('the email could not be queued');
      }),
    ).rejects.toThrow('the email could not be queued');
    expect((await call('GET', `/webhooks/${hook.id}`)).json()).toMatchObject({ enabled: true });
    // Queued with it, both commit.
    expect(
      await recordWebhookGone(t.handle.db, delivery!, 5, (trx) =>
        emailOwnersWebhookDisabled(trx, t.tenant.id, { url: hook.url, reason: 'gone', failingSince: null }),
      ),
    ).toBe(true);
    expect((await call('GET', `/webhooks/${hook.id}`)).json()).toMatchObject({ enabled: false });
    const emails = await t.handle.db
      .selectFrom('emailOutbox')
      .select('textBody')
      .where('tenantId', '=', t.tenant.id)
      .where('template', '=', 'webhookDisabled')
      .execute();
    expect(emails.some((e) => e.textBody.includes('https://hooks.example.com/gone'))).toBe(true);
  });

  it('delivers every event when a worker dies mid-delivery (at least once)', async () => {
    const rx = await receiver();
    const hook = await newWebhook(rx.url);
    const customer = await make.customer(t.tenant);
    for (let i = 0; i < 5; i++) await tag(customer.id, [`crash-${i}`]);
    // A worker claims the batch and dies before sending or recording anything.
    const claimed = await claimDueWebhookDeliveries(t.handle.db, 100, 120);
    expect(claimed.filter((d) => d.webhookId === hook.id)).toHaveLength(5);
    // While the dead worker's lease runs, nobody else sends them.
    await drained();
    expect(rx.requests).toEqual([]);
    // The lease runs out: another worker sends every one.
    await makeDue(hook.id);
    await drained();
    expect(rx.requests).toHaveLength(5);
    const tags = rx.requests.map((r) => JSON.parse(r.body).data.tags[0]).sort();
    expect(tags).toEqual(['crash-0', 'crash-1', 'crash-2', 'crash-3', 'crash-4']);
    expect((await deliveries(hook.id)).every((d) => d.status === 'succeeded')).toBe(true);
    await rx.close();
  });

  it('sends a test message, and signs with the rotated secret from then on', async () => {
    const rx = await receiver();
    const hook = await newWebhook(rx.url, ['customer.created']);
    const { secret } = (await call('POST', `/webhooks/${hook.id}/rotate-secret`)).json();
    const queued = await call('POST', `/webhooks/${hook.id}/test`);
    expect(queued.statusCode, queued.body).toBe(202);
    expect(queued.json()).toMatchObject({ topic: 'webhook.test', status: 'pending', attempts: 0 });
    await drained();
    expect(rx.requests).toHaveLength(1);
    const received = rx.requests[0]!;
    expect(
      new Webhook(secret).verify(received.body, received.headers as Record<string, string>),
    ).toMatchObject({
      type: 'webhook.test',
      data: { webhookId: hook.id },
    });
    expect(verifyByHand(hook.secret, received)).toBe(false);
    expect((await call('GET', `/webhooks/${hook.id}/deliveries?status=succeeded`)).json().data).toHaveLength(
      1,
    );
    expect((await call('GET', `/webhooks/${hook.id}/deliveries?status=dead`)).json().data).toHaveLength(0);
    await rx.close();
  });

  it('pages the delivery log newest first', async () => {
    const hook = await newWebhook('https://erp.example.com/paged', ['credit.changed']);
    const customer = await make.customer(t.tenant);
    for (let i = 0; i < 5; i++) await recordEvent(t.tenant.ctx, customer.id, 'credit.issued', { n: i });
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: { payload: { data: { n: number } } }[]; nextCursor: string | null } = (
        await call('GET', `/webhooks/${hook.id}/deliveries?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      seen.push(...page.data.map((d) => d.payload.data.n));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([4, 3, 2, 1, 0]);
    // Turned off: its open deliveries are given up, and the worker sends it nothing.
    await call('PATCH', `/webhooks/${hook.id}`, { enabled: false });
    expect((await deliveries(hook.id)).every((d) => d.status === 'dead')).toBe(true);
  });
});
