import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestContext } from '../../src/lib/context.js';
import { type EmailMessage, enqueueEmail } from '../../src/modules/email/email.service.js';
import { type EmailWorker, startEmailWorker, type WorkerLogger } from '../../src/worker/email-worker.js';
import { make } from '../factories.js';
import { createTestApp, type TestApp, type TestTenant } from '../helpers/app.js';
import { createTestDatabase } from '../helpers/db.js';
import { startSink } from '../helpers/smtp-sink.js';

/** A port on which nothing listens. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const silent: WorkerLogger = { info() {}, warn() {}, error() {} };
function recordingLogger() {
  const lines: { level: string; object: Record<string, unknown>; message?: string }[] = [];
  const at = (level: string) => (object: object, message?: string) =>
    lines.push({ level, object: object as Record<string, unknown>, message });
  return { lines, logger: { info: at('info'), warn: at('warn'), error: at('error') } satisfies WorkerLogger };
}

let t: TestApp;
let sink: Awaited<ReturnType<typeof startSink>>;
const from = 'Acme Shop <no-reply@acme.example>';
beforeAll(async () => {
  t = await createTestApp();
  sink = await startSink();
});
afterAll(async () => {
  await sink.close();
  await t.close();
});

const get = (url: string, headers = t.tenant.auth) => t.app.inject({ method: 'GET', url, headers });
const site = (tenant: TestTenant, name = 'Acme Shop') => ({ id: tenant.siteId, name });
const to = (address: string, tenant = t.tenant, customerId: string | null = null) => ({
  address,
  customerId,
  site: site(tenant),
});
const resetLink = 'https://acme.example/account/reset?token=one-time-secret';
const reset: EmailMessage = {
  template: 'passwordReset',
  firstName: 'Ada',
  link: resetLink,
  expiresMinutes: 60,
};
const changed: EmailMessage = { template: 'passwordChanged', firstName: 'Ada' };

/** Emails of the mailbox to one address, newest first. */
async function mailboxTo(address: string, tenant = t.tenant) {
  const res = await get(`/admin/v1/mailbox?to=${encodeURIComponent(address)}`, tenant.auth);
  expect(res.statusCode).toBe(200);
  return res.json().data as Record<string, unknown>[];
}

async function withWorker<T>(
  options: { smtpUrl: string | null; logger?: WorkerLogger; pollMs?: number },
  work: (worker: EmailWorker) => Promise<T>,
) {
  const worker = startEmailWorker({
    db: t.handle.db,
    from,
    logger: options.logger ?? silent,
    smtpUrl: options.smtpUrl,
    pollMs: options.pollMs ?? 0,
  });
  try {
    return await work(worker);
  } finally {
    await worker.stop();
  }
}

describe('email worker with SMTP', () => {
  it('sends text and HTML through SMTP, records the delivery and forgets bodies with one-time links', async () => {
    const customer = await make.customer(t.tenant, {
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@example.com',
    });
    await enqueueEmail(t.tenant.ctx, to('ada@example.com', t.tenant, customer.id), reset);
    await enqueueEmail(t.tenant.ctx, to('ada@example.com', t.tenant, customer.id), changed);

    const handled = await withWorker({ smtpUrl: sink.url }, (worker) => worker.drain());
    expect(handled).toBe(2);

    const [first, second] = sink.received.filter((m) => m.envelopeTo.includes('ada@example.com'));
    expect(first).toMatchObject({ envelopeFrom: 'no-reply@acme.example', envelopeTo: ['ada@example.com'] });
    expect(first!.headers.subject).toBe('Reset your password for Acme Shop');
    expect(first!.headers.from).toBe('Acme Shop <no-reply@acme.example>');
    expect(first!.headers.to).toBe('ada@example.com');
    expect(first!.text).toContain('Hello Ada,');
    expect(first!.text).toContain(resetLink);
    expect(first!.text).toContain('— Acme Shop');
    expect(first!.html).toContain(`<a href="${resetLink}">`);
    expect(second!.headers.subject).toBe('Your password for Acme Shop was changed');
    expect(second!.text).toContain("If it wasn't you");

    const [changedMail, resetMail] = await mailboxTo('ada@example.com');
    expect(resetMail).toMatchObject({
      template: 'passwordReset',
      status: 'sent',
      attempts: 1,
      lastError: null,
      nextAttemptAt: null,
      customerId: customer.id,
      siteId: t.tenant.siteId,
      subject: 'Reset your password for Acme Shop',
      text: '(sent; not kept because it carried a one-time link)',
      html: '(sent; not kept because it carried a one-time link)',
    });
    expect(Date.parse(resetMail!.sentAt as string)).toBeGreaterThan(Date.now() - 60_000);
    expect(JSON.stringify(await mailboxTo('ada@example.com'))).not.toContain('one-time-secret');
    expect(changedMail).toMatchObject({ template: 'passwordChanged', status: 'sent' });
    expect(changedMail!.text).toContain("If it wasn't you");
  });

  it('sends at once when woken by a new email, without being drained', async () => {
    await withWorker({ smtpUrl: sink.url, pollMs: 60_000 }, async (worker) => {
      await worker.drain(); // the pass a worker makes as it starts is over: only a wake-up sends now
      await enqueueEmail(t.tenant.ctx, to('woken@example.com'), changed);
      const deadline = Date.now() + 5000;
      while (!sink.received.some((m) => m.envelopeTo.includes('woken@example.com')) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20));
    });
    expect(sink.received.filter((m) => m.envelopeTo.includes('woken@example.com'))).toHaveLength(1);
    expect((await mailboxTo('woken@example.com'))[0]).toMatchObject({ status: 'sent' });
  });

  it('never sends one email twice, however many workers drain the outbox', async () => {
    const addresses = Array.from({ length: 25 }, (_, i) => `crowd${i}@example.com`);
    for (const address of addresses) await enqueueEmail(t.tenant.ctx, to(address), changed);
    const workers = [1, 2, 3].map(() =>
      startEmailWorker({ db: t.handle.db, smtpUrl: sink.url, from, logger: silent, pollMs: 0 }),
    );
    const handled = await Promise.all(workers.map((worker) => worker.drain()));
    await Promise.all(workers.map((worker) => worker.stop()));
    expect(handled.reduce((a, b) => a + b, 0)).toBe(25);
    const crowd = sink.received.filter((m) => m.envelopeTo[0]?.startsWith('crowd'));
    expect(crowd.map((m) => m.envelopeTo[0]).sort()).toEqual([...addresses].sort());
  });

  it('hands back the rest of its batch when stopped, for the next worker to send', async () => {
    const addresses = Array.from({ length: 12 }, (_, i) => `stopped${i}@example.com`);
    for (const address of addresses) await enqueueEmail(t.tenant.ctx, to(address), changed);
    const first = startEmailWorker({ db: t.handle.db, smtpUrl: sink.url, from, logger: silent, pollMs: 0 });
    const draining = first.drain();
    while (!sink.received.some((m) => m.envelopeTo[0]?.startsWith('stopped')))
      await new Promise((resolve) => setTimeout(resolve, 5));
    await first.stop();
    const firstHandled = await draining;
    expect(firstHandled).toBeLessThan(12);
    // Nothing stays leased to the stopped worker: what it did not send is due now.
    const left = await t.handle.db
      .selectFrom('emailOutbox')
      .select(['status', 'nextAttemptAt'])
      .where('toAddress', 'like', 'stopped%')
      .where('status', '=', 'pending')
      .execute();
    expect(left).toHaveLength(12 - firstHandled);
    for (const row of left)
      expect(new Date(row.nextAttemptAt).getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    const secondHandled = await withWorker({ smtpUrl: sink.url }, (worker) => worker.drain());
    expect(firstHandled + secondHandled).toBe(12);
    const got = sink.received.filter((m) => m.envelopeTo[0]?.startsWith('stopped'));
    expect(got.map((m) => m.envelopeTo[0]).sort()).toEqual([...addresses].sort());
  });

  it('retries with backoff while the SMTP server is down, and gives up after eight attempts', async () => {
    const down = `smtp://127.0.0.1:${await closedPort()}`;
    const { lines, logger } = recordingLogger();
    await enqueueEmail(t.tenant.ctx, to('unlucky@example.com'), changed);

    await withWorker({ smtpUrl: down, logger }, async (worker) => {
      await worker.drain();
      const [email] = await mailboxTo('unlucky@example.com');
      expect(email).toMatchObject({ status: 'pending', attempts: 1, sentAt: null });
      expect(email!.lastError).toMatch(/ECONNREFUSED/);
      const wait = Date.parse(email!.nextAttemptAt as string) - Date.now();
      expect(wait).toBeGreaterThan(20_000);
      expect(wait).toBeLessThanOrEqual(31_000);
      expect(lines.some((l) => l.level === 'warn' && l.object.emailId === email!.id)).toBe(true);

      expect(await worker.drain()).toBe(0); // not due again yet

      // The seventh retry falls due: it is the eighth attempt, the last one.
      await t.handle.db
        .updateTable('emailOutbox')
        .set({ attempts: 7, nextAttemptAt: new Date(Date.now() - 1000) })
        .where('id', '=', email!.id as string)
        .execute();
      expect(await worker.drain()).toBe(1);
      expect((await mailboxTo('unlucky@example.com'))[0]).toMatchObject({
        status: 'failed',
        attempts: 8,
        nextAttemptAt: null,
      });
    });
  });

  it('doubles the wait after each failure', async () => {
    const down = `smtp://127.0.0.1:${await closedPort()}`;
    await enqueueEmail(t.tenant.ctx, to('again@example.com'), changed);
    await withWorker({ smtpUrl: down }, async (worker) => {
      await worker.drain();
      const [email] = await mailboxTo('again@example.com');
      await t.handle.db
        .updateTable('emailOutbox')
        .set({ nextAttemptAt: new Date(Date.now() - 1000) })
        .where('id', '=', email!.id as string)
        .execute();
      await worker.drain();
    });
    const [email] = await mailboxTo('again@example.com');
    expect(email).toMatchObject({ status: 'pending', attempts: 2 });
    const wait = Date.parse(email!.nextAttemptAt as string) - Date.now();
    expect(wait).toBeGreaterThan(50_000);
    expect(wait).toBeLessThanOrEqual(61_000);
  });

  it('sends what failed once the server is back', async () => {
    await enqueueEmail(t.tenant.ctx, to('later@example.com'), changed);
    await withWorker({ smtpUrl: `smtp://127.0.0.1:${await closedPort()}` }, (worker) => worker.drain());
    const [failed] = await mailboxTo('later@example.com');
    await t.handle.db
      .updateTable('emailOutbox')
      .set({ nextAttemptAt: new Date(Date.now() - 1000) })
      .where('id', '=', failed!.id as string)
      .execute();
    await withWorker({ smtpUrl: sink.url }, (worker) => worker.drain());
    expect((await mailboxTo('later@example.com'))[0]).toMatchObject({
      status: 'sent',
      attempts: 2,
      lastError: null,
    });
    expect(sink.received.filter((m) => m.envelopeTo.includes('later@example.com'))).toHaveLength(1);
  });
});

describe('email worker without SMTP', () => {
  it('keeps emails readable in the mailbox, bodies and all, and writes them to the log', async () => {
    const { lines, logger } = recordingLogger();
    await enqueueEmail(t.tenant.ctx, to('kept@example.com'), reset);
    await withWorker({ smtpUrl: null, logger }, (worker) => worker.drain());

    const [email] = await mailboxTo('kept@example.com');
    expect(email).toMatchObject({ status: 'kept', attempts: 0, sentAt: null, nextAttemptAt: null });
    expect(email!.text).toContain(resetLink);
    expect(email!.html).toContain(`<a href="${resetLink}">`);
    const logged = lines.find((l) => l.level === 'info');
    expect(logged?.object.email).toMatchObject({
      to: 'kept@example.com',
      subject: 'Reset your password for Acme Shop',
      text: expect.stringContaining(resetLink),
    });
    expect(sink.received.some((m) => m.envelopeTo.includes('kept@example.com'))).toBe(false);

    const one = await get(`/admin/v1/mailbox/${email!.id}`);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toEqual(email);
  });

  it('queues nothing when the transaction that asked for the email rolls back', async () => {
    await expect(
      t.handle.db.transaction().execute(async (trx) => {
        const ctx: RequestContext = { ...t.tenant.ctx, db: trx };
        await enqueueEmail(ctx, to('rolled-back@example.com'), changed);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await mailboxTo('rolled-back@example.com')).toEqual([]);
    expect(await withWorker({ smtpUrl: null }, (worker) => worker.drain())).toBe(0);
  });

  it('carries on when the database fails under it', async () => {
    const broken = await createTestDatabase();
    await broken.close();
    const { lines, logger } = recordingLogger();
    const worker = startEmailWorker({ db: broken.db, smtpUrl: null, from, logger, pollMs: 0 });
    expect(await worker.drain()).toBe(0);
    await worker.stop();
    expect(lines.some((l) => l.level === 'error')).toBe(true);
  });
});

describe('mailbox API', () => {
  it('lists newest first, page by page, and filters by recipient whatever the case', async () => {
    const shop = await t.newTenant('mailbox-paging');
    // Three in one transaction share a creation time, so the id orders them.
    await shop.ctx.db.transaction().execute(async (trx) => {
      for (const n of [1, 2, 3])
        await enqueueEmail({ ...shop.ctx, db: trx }, to(`p${n}@example.com`, shop), changed);
    });
    for (const n of [4, 5, 6, 7]) await enqueueEmail(shop.ctx, to(`p${n}@example.com`, shop), changed);
    await enqueueEmail(shop.ctx, to('P7@Example.com', shop), reset);

    const all = (await get('/admin/v1/mailbox?limit=200', shop.auth)).json();
    expect(all.nextCursor).toBeNull();
    expect(all.data.map((e: { to: string }) => e.to)).toEqual([
      'P7@Example.com',
      'p7@example.com',
      'p6@example.com',
      'p5@example.com',
      'p4@example.com',
      'p3@example.com',
      'p2@example.com',
      'p1@example.com',
    ]);
    expect(all.data[0]).toMatchObject({ status: 'pending', template: 'passwordReset', attempts: 0 });

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const res = await get(`/admin/v1/mailbox?limit=3${query}`, shop.auth);
      expect(res.statusCode).toBe(200);
      const page = res.json();
      expect(page.data.length).toBeLessThanOrEqual(3);
      seen.push(...page.data.map((e: { id: string }) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.data.map((e: { id: string }) => e.id));

    const sameAddress = (await get('/admin/v1/mailbox?to=P7%40EXAMPLE.COM', shop.auth)).json().data;
    expect(sameAddress.map((e: { template: string }) => e.template)).toEqual([
      'passwordReset',
      'passwordChanged',
    ]);
  });

  it('answers 400 for a cursor it did not make', async () => {
    for (const cursor of [
      'not-a-cursor',
      Buffer.from('{"s":"-createdAt","k":["soon"],"id":"x"}').toString('base64url'),
    ]) {
      const res = await get(`/admin/v1/mailbox?cursor=${cursor}`);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ code: 'list.invalid_cursor' });
    }
  });

  it('is for admins: viewers and support staff get 403', async () => {
    const [email] = await mailboxTo('kept@example.com');
    for (const role of ['viewer', 'support'] as const) {
      const headers = await t.tenant.as(role);
      expect((await get('/admin/v1/mailbox', headers)).statusCode).toBe(403);
      expect((await get(`/admin/v1/mailbox/${email!.id}`, headers)).statusCode).toBe(403);
    }
    const admin = await t.tenant.as('admin');
    expect((await get('/admin/v1/mailbox', admin)).statusCode).toBe(200);
    expect((await get('/admin/v1/mailbox')).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/admin/v1/mailbox' })).statusCode).toBe(401);
  });

  it("shows a tenant none of another tenant's emails", async () => {
    const other = await t.newTenant('mailbox-other');
    const [email] = await mailboxTo('kept@example.com');
    expect((await get('/admin/v1/mailbox?limit=200', other.auth)).json()).toEqual({
      data: [],
      nextCursor: null,
    });
    const res = await get(`/admin/v1/mailbox/${email!.id}`, other.auth);
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'email.not_found' });
  });
});
