import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../src/db/database.js';
import { startImport } from '../../src/flows/import-customers.js';
import { systemContext } from '../../src/lib/context.js';
import { newId } from '../../src/lib/ids.js';
import { enqueueEmail } from '../../src/modules/email/email.service.js';
import { createWebhook, queueWebhookDeliveries } from '../../src/modules/events/webhooks.service.js';
import { ensureDefaultTenant } from '../../src/modules/tenants/tenants.service.js';
import { jobRunner } from '../../src/worker/job-runner.js';
import { type CliWorld, cli, cliWorld } from '../helpers/cli.js';
import { engine } from '../helpers/db.js';

/**
 * The background worker stopped mid-batch, as a deployment or a crash stops it: the built
 * `clientele worker` (PostgreSQL) or `clientele serve`, which runs it in-process (PGlite: one
 * process per data folder), sending to a real SMTP server and a real webhook receiver that are
 * slow on purpose, so that the stop lands inside a batch.
 * - kill -9: after a new worker has run, every email and webhook arrived at least once, and
 *   exactly once when deduplicated by Message-ID / webhook-id (a message sent but not yet
 *   recorded goes again, under the same id).
 * - SIGTERM: the worker ends the send in progress, hands back the rest, exits 0; nothing at all
 *   arrives twice.
 */
const EMAILS = 40;
const HOOKS = 30;

let world: CliWorld;
let pgHandle: CliWorld['pgHandle'];
let dataDir: string;
let env: NodeJS.ProcessEnv;
let children: ChildProcess[];
const servers: { close(): unknown }[] = [];

/** The database, opened for the test's own reads and writes (PGlite: only while no child holds it). */
async function withDb<T>(work: (db: DatabaseHandle['db']) => Promise<T>): Promise<T> {
  if (pgHandle) return work(pgHandle.db);
  const handle = await openDatabase({ dataDir });
  try {
    return await work(handle.db);
  } finally {
    await handle.close();
  }
}

beforeAll(async () => {
  world = await cliWorld('worker-stop', {
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    LOG_FORMAT: 'json',
    CLIENTELE_ADMIN_EMAIL: 'owner@worker-stop.test',
    CLIENTELE_ADMIN_PASSWORD: 'worker-stop-password',
    CLIENTELE_WEBHOOKS_ALLOW_PRIVATE: 'true',
    SMTP_FROM: 'Shop <no-reply@shop.example>',
  });
  ({ pgHandle, dataDir, env, children } = world);
  if (!pgHandle) {
    // The data folder, migrated, as the first `serve` would leave it.
    const handle = await openDatabase({ dataDir });
    const { migrateToLatest } = await import('../../src/db/database.js');
    await migrateToLatest(handle.db);
    await handle.close();
  }
});
afterAll(async () => {
  for (const server of servers) await server.close();
  await world.close();
});

/** A real SMTP server that keeps each message's Message-ID, and takes `delayMs` to accept each. */
async function slowSmtp(delayMs: number) {
  const messageIds: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => {
        raw += chunk.toString();
      });
      stream.on('end', () => {
        // Received as soon as the data is in; accepted (250) a moment later.
        messageIds.push(/^message-id:\s*(.+)$/im.exec(raw)?.[1]?.trim() ?? 'none');
        setTimeout(() => callback(), delayMs);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  servers.push({ close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
  return { messageIds, url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}` };
}

/** A real webhook receiver that keeps each request's webhook-id and answers 204 after `delayMs`. */
async function slowReceiver(delayMs: number) {
  const ids: string[] = [];
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      ids.push(String(request.headers['webhook-id']));
      setTimeout(() => {
        response.writeHead(204);
        response.end();
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  servers.push({ close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
  return { ids, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` };
}

/** Queues EMAILS emails and HOOKS webhook deliveries; answers their ids. */
const queueWork = (label: string, hookUrl: string) =>
  withDb(async (db) => {
    const tenant = await ensureDefaultTenant(db);
    const ctx = systemContext(db, tenant.id);
    const site = await db
      .selectFrom('sites')
      .select(['id', 'name'])
      .where('tenantId', '=', tenant.id)
      .executeTakeFirstOrThrow();
    for (let i = 0; i < EMAILS; i++)
      await enqueueEmail(
        ctx,
        { address: `${label}-${i}@example.com`, customerId: null, site },
        { template: 'passwordChanged', firstName: `N${i}` },
      );
    const hook = await createWebhook(ctx, { url: hookUrl, topics: ['customer.updated'], description: label });
    for (let i = 0; i < HOOKS; i++)
      await queueWebhookDeliveries(ctx, {
        id: newId(),
        action: 'customer.updated',
        customerId: null,
        data: { i },
      });
    const emailIds = (
      await db.selectFrom('emailOutbox').select('id').where('toAddress', 'like', `${label}-%`).execute()
    ).map((r) => r.id);
    const deliveryIds = (
      await db.selectFrom('webhookDeliveries').select('id').where('webhookId', '=', hook.id).execute()
    ).map((r) => r.id);
    return { emailIds, deliveryIds };
  });

/** Starts the worker: `clientele worker` on PostgreSQL, `clientele serve` (worker in-process) on PGlite. */
function startWorker(smtpUrl: string) {
  const args = engine === 'postgres' ? ['worker'] : ['serve'];
  const child = spawn(process.execPath, [cli, ...args], {
    env: { ...env, SMTP_URL: smtpUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (c: Buffer) => {
    output += c.toString();
  });
  child.stderr!.on('data', (c: Buffer) => {
    output += c.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

async function until(what: string, done: () => boolean, ms = 90_000) {
  for (let waited = 0; !done(); waited += 20) {
    if (waited > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const distinct = (values: string[]) => new Set(values);

describe('the worker stopped mid-batch', () => {
  it('kill -9: after a new worker, every email and webhook arrived, exactly once by Message-ID / webhook-id', async () => {
    const smtp = await slowSmtp(100);
    const hooks = await slowReceiver(4000);
    const { emailIds, deliveryIds } = await queueWork('killed', hooks.url);
    const first = startWorker(smtp.url);
    // Inside a batch of emails (ten at a time), with webhook deliveries sent and not yet answered.
    await until(
      'a dozen emails and some webhooks',
      () => smtp.messageIds.length >= 12 && hooks.ids.length > 0,
    );
    first.child.kill('SIGKILL');
    await first.exited;
    const atKill = { emails: smtp.messageIds.length, hooks: hooks.ids.length };
    expect(atKill.emails).toBeLessThan(EMAILS);

    // The dead worker's leases end (here at once, rather than after 15 min / 2 min).
    await withDb(async (db) => {
      await sql`update email_outbox set next_attempt_at = now() - interval '1 second' where status = 'pending'`.execute(
        db,
      );
      await sql`update webhook_deliveries set next_attempt_at = now() - interval '1 second'
                where status in ('pending', 'failed')`.execute(db);
    });
    const second = startWorker(smtp.url);
    await until(
      'every email and webhook',
      () => distinct(smtp.messageIds).size >= EMAILS && distinct(hooks.ids).size >= HOOKS,
    );
    // Room for a duplicate to show up, had the new worker sent something a second time on its own.
    await new Promise((r) => setTimeout(r, 2000));
    second.child.kill('SIGTERM');
    expect(await second.exited, second.output()).toBe(0);

    const expectedMessageIds = emailIds.map((id) => `<${id}@shop.example>`).sort();
    expect([...distinct(smtp.messageIds)].sort()).toEqual(expectedMessageIds);
    expect([...distinct(hooks.ids)].sort()).toEqual([...deliveryIds].sort());
    console.log(
      `worker kill -9 mid-batch (${engine}): at the kill ${atKill.emails}/${EMAILS} emails and ${atKill.hooks}/${HOOKS} webhooks received; ` +
        `after the new worker ${smtp.messageIds.length} emails (${smtp.messageIds.length - EMAILS} resent, same Message-ID) and ` +
        `${hooks.ids.length} webhooks (${hooks.ids.length - HOOKS} resent, same webhook-id)`,
    );
    await withDb(async (db) => {
      const open = await sql<{ n: number }>`
        select (select count(*) from email_outbox where status <> 'sent')
             + (select count(*) from webhook_deliveries where status <> 'succeeded') as n`.execute(db);
      expect(Number(open.rows[0]?.n)).toBe(0);
    });
  }, 180_000);

  it('SIGTERM: the worker hands back or finishes its batch, exits 0, and nothing arrives twice', async () => {
    const smtp = await slowSmtp(100);
    const hooks = await slowReceiver(4000);
    await withDb(async (db) => {
      await sql`delete from webhooks`.execute(db);
    });
    const { emailIds, deliveryIds } = await queueWork('stopped', hooks.url);
    const first = startWorker(smtp.url);
    await until(
      'a dozen emails and some webhooks',
      () => smtp.messageIds.length >= 12 && hooks.ids.length > 0,
    );
    first.child.kill('SIGTERM');
    expect(await first.exited, first.output()).toBe(0);
    const atStop = { emails: smtp.messageIds.length, hooks: hooks.ids.length };
    // The batch in flight was finished and recorded before the exit, not left to a lease.
    await withDb(async (db) => {
      const outcomes = await sql<{ status: string; attempts: number; lastError: string | null; n: number }>`
        select status, attempts, last_error, count(*)::int as n from webhook_deliveries
        group by 1, 2, 3`.execute(db);
      expect(outcomes.rows, first.output()).toEqual([
        { status: 'succeeded', attempts: 1, lastError: null, n: HOOKS },
      ]);
    });
    expect(atStop.emails).toBeLessThan(EMAILS);

    const second = startWorker(smtp.url);
    await until(
      'every email and webhook',
      () => distinct(smtp.messageIds).size >= EMAILS && distinct(hooks.ids).size >= HOOKS,
    );
    await new Promise((r) => setTimeout(r, 2000));
    second.child.kill('SIGTERM');
    expect(await second.exited, second.output()).toBe(0);

    console.log(
      `worker SIGTERM mid-batch (${engine}): ${atStop.emails}/${EMAILS} emails and ${atStop.hooks}/${HOOKS} webhooks before it exited; ` +
        `in all ${smtp.messageIds.length} emails and ${hooks.ids.length} webhooks received`,
    );
    expect([...smtp.messageIds].sort()).toEqual(emailIds.map((id) => `<${id}@shop.example>`).sort());
    expect([...hooks.ids].sort()).toEqual([...deliveryIds].sort());
  }, 180_000);

  it('SIGTERM during an import: the job is handed back after its batch, exit 0, then it ends with every row once', async () => {
    const ROWS = 30_000;
    const smtp = await slowSmtp(0);
    const lines = ['email,firstName,lastName'];
    for (let i = 1; i <= ROWS; i++) lines.push(`stop-${i}@example.com,First${i},Last${i}`);
    const job = await withDb(async (db) => {
      const tenant = await ensureDefaultTenant(db);
      return startImport(systemContext(db, tenant.id), Readable.from([`${lines.join('\n')}\n`]), {
        mode: 'create',
        match: 'email',
        dryRun: false,
        format: 'csv',
      });
    });
    const worker = startWorker(smtp.url);
    // Rows committed so far: PostgreSQL from the database; PGlite (held by the child) from its API.
    let done: () => Promise<number>;
    if (pgHandle) {
      const db = pgHandle.db;
      done = async () =>
        Number(
          (await db.selectFrom('jobs').select('progressDone').where('id', '=', job.id).executeTakeFirst())
            ?.progressDone ?? 0,
        );
    } else {
      await until('serve to listen', () => /Admin app:\s+http/.test(worker.output()));
      const base = /Admin app:\s+(http:\/\/[^/\s]+)\//.exec(worker.output())![1];
      const login = await fetch(`${base}/admin/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: env.CLIENTELE_ADMIN_EMAIL, password: env.CLIENTELE_ADMIN_PASSWORD }),
      });
      const { token } = (await login.json()) as { token: string };
      done = async () => {
        const res = await fetch(`${base}/admin/v1/jobs/${job.id}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        return ((await res.json()) as { progress: { done: number } }).progress.done;
      };
    }
    for (let waited = 0; (await done()) < 2000; waited += 50) {
      if (waited > 120_000) throw new Error(`the import did not start:\n${worker.output()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    worker.child.kill('SIGTERM');
    expect(await worker.exited, worker.output()).toBe(0);
    expect(worker.output()).toContain('job handed back at shutdown');

    await withDb(async (db) => {
      const left = await db
        .selectFrom('jobs')
        .select(['status', 'progressDone'])
        .where('id', '=', job.id)
        .executeTakeFirstOrThrow();
      expect(left.status).toBe('running');
      expect(Number(left.progressDone)).toBeLessThan(ROWS);
      // Its lease ends (here at once, rather than after 30 s); a worker takes it up again.
      await sql`update jobs set lease_until = now() - interval '1 second' where status = 'running'`.execute(
        db,
      );
      const runner = jobRunner.start({ db, logger: { info() {}, warn() {}, error() {} }, everyMs: 0 });
      await runner.runOnce();
      await runner.stop();
      const finished = await db
        .selectFrom('jobs')
        .select(['status', 'attempts'])
        .where('id', '=', job.id)
        .executeTakeFirstOrThrow();
      expect(finished).toEqual({ status: 'succeeded', attempts: 2 });
      const counts = (
        await sql<{ all: number; distinct: number }>`
          select count(*)::int as all, count(distinct lower(email))::int as distinct from customers
          where email like 'stop-%'`.execute(db)
      ).rows[0];
      expect(counts).toEqual({ all: ROWS, distinct: ROWS });
    });
  }, 240_000);
});
