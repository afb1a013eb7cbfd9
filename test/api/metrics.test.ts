import { execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createAdmin } from '../../src/modules/admins/admins.service.js';
import { enqueueEmail } from '../../src/modules/email/email.service.js';
import { startEmailWorker } from '../../src/worker/email-worker.js';
import { startWebhookWorker } from '../../src/worker/webhook-worker.js';
import { make } from '../factories.js';
import { createTestApp, type TestApp, testConfig } from '../helpers/app.js';
import { startSink } from '../helpers/smtp-sink.js';

const TOKEN = 'metrics-token-for-the-scraper-0123456789';
const silent = { info() {}, warn() {}, error() {} };

let t: TestApp;
let sink: Awaited<ReturnType<typeof startSink>>;
beforeAll(async () => {
  t = await createTestApp({ config: { metricsToken: TOKEN } });
  sink = await startSink();
});
afterAll(async () => {
  await sink.close();
  await t.close();
});

/** A local port nothing listens on now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** GET /metrics on the main port as the tenant's owner; answers the exposition text. */
async function scrape(): Promise<string> {
  const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: t.tenant.auth });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toContain('text/plain');
  return res.body;
}

/**
 * The value of one series in Prometheus text, or undefined when it is not there. Labels are
 * matched as given (all of them, any order); no labels means the series without any.
 */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    const wanted = Object.entries(labels);
    if (Object.keys(found).length === wanted.length && wanted.every(([k, v]) => found[k] === v))
      return Number(match[3]);
  }
  return undefined;
}

/** How much a series moved between two scrapes (a missing series counts as 0). */
const moved = (before: string, after: string, name: string, labels: Record<string, string> = {}) =>
  (sample(after, name, labels) ?? 0) - (sample(before, name, labels) ?? 0);

describe('what /metrics counts', () => {
  it('counts requests by route pattern and status, a 4xx as an error, and times them', async () => {
    const before = await scrape();
    const ids = [randomUUID(), randomUUID()];
    for (const id of ids) {
      const res = await t.app.inject({ url: `/admin/v1/customers/${id}`, headers: t.tenant.auth });
      expect(res.statusCode).toBe(404);
    }
    const stray = await t.app.inject({ url: `/no/such/page/${ids[0]}` });
    expect(stray.statusCode).toBe(404);
    const customer = await make.customer(t.tenant);
    const found = await t.app.inject({ url: `/admin/v1/customers/${customer.id}`, headers: t.tenant.auth });
    expect(found.statusCode).toBe(200);
    const after = await scrape();
    const route = { method: 'GET', route: '/admin/v1/customers/:id' };
    expect(moved(before, after, 'clientele_http_requests_total', { ...route, status: '404' })).toBe(2);
    expect(moved(before, after, 'clientele_http_request_errors_total', { ...route, status: '404' })).toBe(2);
    expect(moved(before, after, 'clientele_http_requests_total', { ...route, status: '200' })).toBe(1);
    expect(sample(after, 'clientele_http_request_errors_total', { ...route, status: '200' })).toBeUndefined();
    // URLs no route matches share one label, whatever their path.
    expect(
      moved(before, after, 'clientele_http_requests_total', {
        method: 'GET',
        route: 'unmatched',
        status: '404',
      }),
    ).toBe(1);
    expect(
      moved(before, after, 'clientele_http_request_duration_seconds_count', { ...route, status: '404' }),
    ).toBe(2);
    // The pattern, never the URL: no label carries an id a client sent.
    for (const id of [...ids, customer.id]) expect(after).not.toContain(id);
  });

  it('counts admin sign-ins, failures and the lockout five failures cause', async () => {
    const email = `locked-admin-${randomUUID()}@example.com`;
    await createAdmin(t.tenant.ctx, { email, password: 'correct horse battery', role: 'viewer' });
    const login = (password: string) =>
      t.app.inject({ method: 'POST', url: '/admin/v1/auth/login', payload: { email, password } });
    const before = await scrape();
    expect((await login('correct horse battery')).statusCode).toBe(200);
    for (let i = 0; i < 5; i++) expect((await login(`wrong password ${i}`)).statusCode).toBe(401);
    const after = await scrape();
    const admin = { actor: 'admin' };
    expect(moved(before, after, 'clientele_sign_ins_total', { ...admin, outcome: 'success' })).toBe(1);
    expect(moved(before, after, 'clientele_sign_ins_total', { ...admin, outcome: 'failure' })).toBe(5);
    expect(moved(before, after, 'clientele_lockouts_total', admin)).toBe(1);
    expect(moved(before, after, 'clientele_lockouts_total', { actor: 'shopper' })).toBe(0);
  });

  it("counts a shopper's failed sign-ins and lockout on the storefront", async () => {
    const shopper = await make.shopper(t.tenant);
    const login = (password: string) =>
      t.app.inject({
        method: 'POST',
        url: '/store/v1/auth/login',
        headers: { 'x-site-key': shopper.siteKey },
        payload: { username: shopper.email, password },
      });
    const before = await scrape();
    for (let i = 0; i < 5; i++) expect((await login(`wrong password ${i}`)).statusCode).toBe(401);
    // Locked: even the right password fails now, and counts as a failure.
    expect((await login(shopper.password)).statusCode).toBe(401);
    const after = await scrape();
    const shopperActor = { actor: 'shopper' };
    expect(moved(before, after, 'clientele_sign_ins_total', { ...shopperActor, outcome: 'failure' })).toBe(6);
    expect(moved(before, after, 'clientele_sign_ins_total', { ...shopperActor, outcome: 'success' })).toBe(0);
    expect(moved(before, after, 'clientele_lockouts_total', shopperActor)).toBe(1);
  });

  it('shows queued emails in the outbox depth, and counts them sent through SMTP', async () => {
    const worker = startEmailWorker({
      db: t.handle.db,
      smtpUrl: sink.url,
      from: 'Shop <no-reply@shop.example>',
      logger: silent,
      pollMs: 0,
    });
    try {
      // Whatever earlier tests queued (welcome emails) goes first, so the depth starts at 0.
      await worker.drain();
      const before = await scrape();
      expect(sample(before, 'clientele_queue_depth', { queue: 'email' })).toBe(0);
      const addresses = [`m1-${randomUUID()}@example.com`, `m2-${randomUUID()}@example.com`];
      for (const address of addresses)
        await enqueueEmail(
          t.tenant.ctx,
          { address, customerId: null, site: { id: t.tenant.siteId, name: 'Shop' } },
          { template: 'passwordChanged', firstName: 'Ada' },
        );
      const queued = await scrape();
      expect(sample(queued, 'clientele_queue_depth', { queue: 'email' })).toBe(2);
      expect(sample(queued, 'clientele_queue_oldest_age_seconds', { queue: 'email' })).toBeGreaterThanOrEqual(
        0,
      );
      expect(await worker.drain()).toBe(2);
      const after = await scrape();
      expect(sink.received.flatMap((r) => r.envelopeTo)).toEqual(expect.arrayContaining(addresses));
      expect(moved(before, after, 'clientele_email_deliveries_total', { outcome: 'sent' })).toBe(2);
      expect(moved(before, after, 'clientele_email_deliveries_total', { outcome: 'retried' })).toBe(0);
      expect(sample(after, 'clientele_queue_depth', { queue: 'email' })).toBe(0);
    } finally {
      await worker.stop();
    }
  });

  it('counts webhook deliveries retried and then sent, with the webhook queue depth between', async () => {
    let status = 500;
    const server = createServer((request, response) => {
      request.resume();
      request.on('end', () => response.writeHead(status).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const worker = startWebhookWorker({ db: t.handle.db, logger: silent, allowPrivate: true, pollMs: 0 });
    try {
      const created = await t.app.inject({
        method: 'POST',
        url: '/admin/v1/webhooks',
        headers: t.tenant.auth,
        payload: { url, topics: ['customer.created'] },
      });
      expect(created.statusCode, created.body).toBe(201);
      const before = await scrape();
      await make.customer(t.tenant);
      expect(sample(await scrape(), 'clientele_queue_depth', { queue: 'webhook' })).toBe(1);
      expect(await worker.drain()).toBe(1);
      const failed = await scrape();
      expect(moved(before, failed, 'clientele_webhook_deliveries_total', { outcome: 'retried' })).toBe(1);
      // Failed with a retry scheduled: still waiting, not due yet.
      expect(sample(failed, 'clientele_queue_depth', { queue: 'webhook' })).toBe(1);
      expect(sample(failed, 'clientele_queue_oldest_age_seconds', { queue: 'webhook' })).toBe(0);
      // The retry falls due now rather than in 5 s, and the endpoint has recovered.
      await sql`update webhook_deliveries set next_attempt_at = now()`.execute(t.handle.db);
      status = 204;
      expect(await worker.drain()).toBe(1);
      const after = await scrape();
      expect(moved(before, after, 'clientele_webhook_deliveries_total', { outcome: 'sent' })).toBe(1);
      expect(moved(before, after, 'clientele_webhook_deliveries_total', { outcome: 'gave_up' })).toBe(0);
      expect(sample(after, 'clientele_queue_depth', { queue: 'webhook' })).toBe(0);
    } finally {
      await worker.stop();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('shows a queued export in the job queue depth, and the webhook queue beside it', async () => {
    const before = await scrape();
    const res = await t.app.inject({
      method: 'POST',
      url: '/admin/v1/exports',
      headers: t.tenant.auth,
      payload: { format: 'csv' },
    });
    expect(res.statusCode, res.body).toBe(202);
    const after = await scrape();
    // No worker runs in this test app: the job waits.
    expect(moved(before, after, 'clientele_queue_depth', { queue: 'job' })).toBe(1);
    expect(sample(after, 'clientele_queue_oldest_age_seconds', { queue: 'job' })).toBeGreaterThanOrEqual(0);
    expect(sample(after, 'clientele_queue_depth', { queue: 'webhook' })).toBe(0);
  });

  it("reports the database pool on PostgreSQL and leaves it out on the embedded database, beside Node's metrics", async () => {
    const text = await scrape();
    const pool = ['clientele_db_pool_in_use', 'clientele_db_pool_idle', 'clientele_db_pool_waiting'].map(
      (name) => sample(text, name),
    );
    if (t.handle.kind === 'postgres') {
      for (const value of pool) expect(value).toBeGreaterThanOrEqual(0);
      // This scrape's own queue reads hold a connection while the pool gauges are read, or just did.
      expect(pool[0]! + pool[1]!).toBeGreaterThan(0);
    } else {
      expect(pool).toEqual([undefined, undefined, undefined]);
    }
    expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(sample(text, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });
});

describe('who may read /metrics', () => {
  const get = (headers: Record<string, string>) => t.app.inject({ method: 'GET', url: '/metrics', headers });

  it('refuses a request without credential (401) and a non-owner admin (403)', async () => {
    const anonymous = await get({});
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toContain('application/problem+json');
    expect(anonymous.body).not.toContain('clientele_');
    const admin = await get(await t.tenant.as('admin'));
    expect(admin.statusCode).toBe(403);
    expect(admin.body).not.toContain('clientele_');
    expect((await get({ authorization: 'Bearer not-the-metrics-token-at-all' })).statusCode).toBe(401);
  });

  it('answers an owner and the METRICS_TOKEN', async () => {
    const owner = await get(t.tenant.auth);
    expect(owner.statusCode).toBe(200);
    expect(owner.body).toContain('# TYPE clientele_http_requests_total counter');
    const token = await get({ authorization: `Bearer ${TOKEN}` });
    expect(token.statusCode).toBe(200);
    expect(token.body).toContain('# TYPE clientele_http_requests_total counter');
  });

  it('is not in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ url: '/openapi.json' })).json() as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).not.toContain('/metrics');
  });

  it('serves the worker process its own metrics on METRICS_PORT (PostgreSQL: the worker needs a server)', async () => {
    const cli = join(process.cwd(), 'bin', 'clientele.js');
    const port = await freePort();
    const env = {
      ...process.env,
      LOG_LEVEL: 'silent',
      METRICS_PORT: String(port),
      DATABASE_URL: (t.handle as { url?: string }).url ?? '',
    };
    if (t.handle.kind !== 'postgres') {
      // The embedded database serves one process: `clientele worker` refuses, and says why.
      const refused = await new Promise<string>((resolve) =>
        execFile(process.execPath, [cli, 'worker'], { env }, (_error, _out, stderr) => resolve(stderr)),
      );
      expect(refused).toContain('Set DATABASE_URL to run workers on their own');
      return;
    }
    const worker = spawn(process.execPath, [cli, 'worker'], { env, stdio: 'ignore' });
    try {
      let text = '';
      for (let i = 0; i < 200 && !text; i++) {
        text = await fetch(`http://127.0.0.1:${port}/metrics`).then(
          (res) => (res.ok ? res.text() : ''),
          () => '',
        );
        if (!text) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(sample(text, 'clientele_email_deliveries_total', { outcome: 'sent' })).toBe(0);
      expect(sample(text, 'clientele_queue_depth', { queue: 'email' })).toBe(0);
      expect(sample(text, 'clientele_db_pool_waiting')).toBe(0);
      // A process of its own: no HTTP API, so no request series.
      expect(text).not.toContain('clientele_http_requests_total{');
    } finally {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.kill('SIGTERM');
      await exited;
    }
  });

  it('serves /metrics without credential on METRICS_PORT, and not on the main port then', async () => {
    const app = await buildApp({
      db: t.handle.db,
      config: testConfig({ metricsPort: 0, host: '127.0.0.1' }),
      logger: false,
    });
    await app.ready();
    try {
      const { port } = app.metricsServer!.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/plain');
      const text = await res.text();
      expect(text).toContain('# TYPE clientele_queue_depth gauge');
      expect(sample(text, 'clientele_queue_depth', { queue: 'email' })).toBe(0);
      expect((await fetch(`http://127.0.0.1:${port}/elsewhere`)).status).toBe(404);
      const main = await app.inject({ method: 'GET', url: '/metrics', headers: t.tenant.auth });
      expect(main.statusCode).toBe(404);
    } finally {
      await app.close();
    }
  });
});
