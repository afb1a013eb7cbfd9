/**
 * `npx tsx bench/webhooks.ts [--db pglite|postgres] [--url postgres://…] [--events N] [--batch B] [--endpoints E]`
 *
 * Webhook delivery throughput (issue 16 point 6 asks for ≥ 500 deliveries/s to a local
 * receiver). Queues N events through recordEvent (so through the outbox, in transactions of
 * 500), then times the real worker draining them to a receiver in a child process (so the
 * receiver does not share the worker's thread). Beside it, the floor: the same bodies signed and
 * POSTed by a plain loop with the same sender and as many requests in flight, no database.
 * Prints both and writes bench/results/<timestamp>-webhooks-<db>-<N>.json.
 * Not a test: never run it in CI. Everything goes to 127.0.0.1 only.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { inTransaction } from '../src/lib/context.js';
import { newId } from '../src/lib/ids.js';
import { createCustomer } from '../src/modules/customers/customers.service.js';
import { recordEvent } from '../src/modules/events/events.service.js';
import { createWebhook } from '../src/modules/events/webhooks.service.js';
import { webhookSender } from '../src/worker/webhook-http.js';
import { startWebhookWorker } from '../src/worker/webhook-worker.js';
import { openTarget } from './target.js';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'pglite' },
    url: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/clientele_bench_webhooks' },
    events: { type: 'string', default: '10000' },
    batch: { type: 'string', default: '100' },
    endpoints: { type: 'string', default: '1' },
  },
});
const engine = values.db as 'pglite' | 'postgres';
if (engine !== 'pglite' && engine !== 'postgres') throw new Error('--db is pglite or postgres');
const bounded = (name: string, value: string, min: number, max: number) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`--${name} must be a whole number ${min}–${max}`);
  return n;
};
const events = bounded('events', values.events, 100, 1_000_000);
const batch = bounded('batch', values.batch, 1, 1000);
const endpoints = bounded('endpoints', values.endpoints, 1, 20);
const log = (message: string) => console.log(`[bench webhooks] ${message}`);

/** The receiver: answers 204 to every POST and counts them; prints its port, then the count on request. */
const RECEIVER = `
const http = require('node:http');
let count = 0;
const server = http.createServer((req, res) => {
  if (req.method === 'GET') { res.end(String(count)); return; }
  req.resume();
  req.on('end', () => { count++; res.writeHead(204); res.end(); });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

async function startReceiver(): Promise<{ url: string; count(): Promise<number>; child: ChildProcess }> {
  const child = spawn(process.execPath, ['-e', RECEIVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
    child.once('exit', (code) => reject(new Error(`receiver exited with ${code}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  return { url, child, count: async () => Number(await (await fetch(url)).text()) };
}

const dataDir = engine === 'pglite' ? mkdtempSync(join(tmpdir(), 'clientele-bench-webhooks-')) : null;
const target = await openTarget(engine, engine === 'postgres' ? values.url : dataDir!, 10);
const receiver = await startReceiver();
try {
  const ctx = target.ctx;
  // A clean slate on a reused database: earlier runs' endpoints would take deliveries too.
  await ctx.db.deleteFrom('webhooks').where('tenantId', '=', ctx.tenantId).execute();
  const hooks = [];
  for (let i = 0; i < endpoints; i++)
    hooks.push(await createWebhook(ctx, { url: `${receiver.url}/hook/${i}`, topics: ['credit.changed'] }));
  const customer = await createCustomer(ctx, {
    email: `webhook-bench-${newId()}@example.com`,
    lastName: 'Bench',
  });

  log(`queueing ${events} events for ${endpoints} endpoint(s) on ${engine}`);
  let queued = performance.now();
  for (let done = 0; done < events; done += 500)
    await inTransaction(ctx, async (trx) => {
      for (let i = done; i < Math.min(events, done + 500); i++)
        await recordEvent(trx, customer.id, 'credit.issued', {
          amount: 100 + i,
          currency: 'EUR',
          reason: 'bench',
        });
    });
  queued = (performance.now() - queued) / 1000;
  const deliveries = events * endpoints;

  const worker = startWebhookWorker({
    db: target.handle.db,
    logger: { info: () => undefined, warn: () => undefined, error: console.error },
    allowPrivate: true,
    pollMs: 0,
    batchSize: batch,
  });
  const started = performance.now();
  const handled = await worker.drain();
  const workerSeconds = (performance.now() - started) / 1000;
  await worker.stop();
  const received = await receiver.count();
  log(`worker: ${handled} deliveries in ${workerSeconds.toFixed(2)} s, receiver got ${received}`);

  // The floor: the same bodies, signed and sent by a loop with `batch` requests in flight.
  const rows = await ctx.db
    .selectFrom('webhookDeliveries')
    .select(['id', 'payload', 'webhookId'])
    .where('tenantId', '=', ctx.tenantId)
    .execute();
  const secretOf = new Map(hooks.map((h) => [h.id, { secret: h.secret, url: h.url }]));
  const sender = webhookSender({ allowPrivate: true, timeoutMs: 10_000, maxSockets: batch });
  let next = 0;
  let failed = 0;
  const floorStarted = performance.now();
  await Promise.all(
    Array.from({ length: batch }, async () => {
      while (next < rows.length) {
        const row = rows[next++]!;
        const hook = secretOf.get(row.webhookId)!;
        const outcome = await sender.send({
          url: hook.url,
          id: row.id,
          secret: hook.secret,
          body: row.payload,
        });
        if (outcome.error) failed++;
      }
    }),
  );
  const floorSeconds = (performance.now() - floorStarted) / 1000;
  sender.close();
  log(`floor: ${rows.length} POSTs in ${floorSeconds.toFixed(2)} s (${failed} failed)`);

  const report = {
    engine,
    events,
    endpoints,
    batch,
    machine: { cpus: cpus().length, model: cpus()[0]?.model, load1: loadavg()[0] },
    queue: { seconds: queued, eventsPerSecond: events / queued },
    worker: { deliveries: handled, received, seconds: workerSeconds, perSecond: handled / workerSeconds },
    floor: { deliveries: rows.length, failed, seconds: floorSeconds, perSecond: rows.length / floorSeconds },
    workerToFloor: handled / workerSeconds / (rows.length / floorSeconds),
  };
  console.table({
    'outbox worker': {
      'deliveries/s': Math.round(report.worker.perSecond),
      seconds: workerSeconds.toFixed(2),
    },
    'floor (plain loop, no DB)': {
      'deliveries/s': Math.round(report.floor.perSecond),
      seconds: floorSeconds.toFixed(2),
    },
  });
  log(
    `worker/floor ${(report.workerToFloor * 100).toFixed(0)} %; queueing ran at ${Math.round(report.queue.eventsPerSecond)} events/s`,
  );
  if (handled !== deliveries || received < deliveries)
    throw new Error(
      `expected ${deliveries} deliveries, the worker handled ${handled} and the receiver got ${received}`,
    );
  const dir = join(process.cwd(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const stamp = new Date()
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
  const file = join(dir, `${stamp}-webhooks-${engine}-${events}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  log(`written ${file}`);
} finally {
  receiver.child.kill();
  await target.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
