import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import { connect, createServer } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { type CliWorld, cli, cliWorld } from '../helpers/cli.js';
import { engine } from '../helpers/db.js';

/**
 * A restart under load: the built `clientele serve` answers 16 keep-alive clients, gets SIGTERM
 * mid-load, and a second process takes over the same port (PostgreSQL: started as soon as the
 * first has stopped listening, while it still answers; PGlite: once the first has exited, on
 * the same data folder). Clients retry only what no process took: a refused connection, or a
 * reused keep-alive connection closed before any answer. Every request a process took must be
 * answered with a 2xx, and every customer a 201 announced must be there once.
 */
const EMAIL = 'owner@restart.test';
const PASSWORD = 'restart-test-password';
const CONCURRENCY = 16;

let world: CliWorld;
let pgHandle: CliWorld['pgHandle'];
let dataDir: string;
let env: NodeJS.ProcessEnv;
let children: ChildProcess[];

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

beforeAll(async () => {
  world = await cliWorld('restart', {
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    LOG_FORMAT: 'json',
    CLIENTELE_ADMIN_EMAIL: EMAIL,
    CLIENTELE_ADMIN_PASSWORD: PASSWORD,
    CLIENTELE_RATE_LIMIT: '0',
    CLIENTELE_SIGNIN_RATE_LIMIT: '0',
    CLIENTELE_SHUTDOWN_GRACE_MS: '10000',
  });
  ({ pgHandle, dataDir, env, children } = world);
});
afterAll(() => world.close());

interface Server {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  /** Resolves once its log says it has begun to stop (and so stopped listening). */
  stopping: Promise<void>;
}

async function startServer(extraEnv: NodeJS.ProcessEnv = {}): Promise<Server> {
  const child = spawn(process.execPath, [cli, 'serve', '--no-worker'], {
    env: { ...env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let onStopping = () => {};
  const stopping = new Promise<void>((resolve) => {
    onStopping = resolve;
  });
  const listening = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/Admin app:\s+http/.test(output)) resolve();
      if (/"msg":"SIGTERM: stopping/.test(output)) onStopping();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`serve exited (${code}) before listening:\n${output}`)));
  });
  await listening;
  return { child, output: () => output, exited, stopping };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(done: () => boolean, ms = 60_000) {
  for (let waited = 0; !done(); waited += 20) {
    if (waited > ms) throw new Error('timed out');
    await sleep(20);
  }
}

interface Figures {
  /** Requests written to a connection (retries included). */
  sent: number;
  /** Requests a process took: each got an answer or failed after it was taken. */
  accepted: number;
  /** Accepted requests without a 2xx answer. */
  failed: number;
  refused: number;
  /** Reused keep-alive connections closed before any answer (the request never reached a handler). */
  closedBeforeAnswer: number;
  created: number;
  failures: string[];
  answeredAfterFirstExit: number;
  /** Requests written and not yet answered when SIGTERM was sent. */
  inFlightAtSignal: number;
  /** 2xx answers that came between SIGTERM and the old process's exit. */
  answeredWhileStopping: number;
}

type Attempt =
  | { kind: 'answer'; status: number; body: string }
  | { kind: 'refused' }
  | { kind: 'closed-before-answer' }
  | { kind: 'error'; message: string };

/** One request on the shared keep-alive agent, classified. */
function attempt(
  agent: http.Agent,
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Attempt> {
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ kind: 'answer', status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
      );
      res.on('error', (e) => resolve({ kind: 'error', message: `after headers: ${e.message}` }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED') return resolve({ kind: 'refused' });
      // Node's documented retry case: a reused keep-alive socket the server closed (no answer yet).
      if (req.reusedSocket && (error.code === 'ECONNRESET' || error.message === 'socket hang up'))
        return resolve({ kind: 'closed-before-answer' });
      resolve({ kind: 'error', message: `${error.code ?? ''} ${error.message}` });
    });
    req.end(body);
  });
}

describe('a restart under load', () => {
  it('answers every request it accepted, with a 2xx, across SIGTERM and a new process', async () => {
    const port = Number(env.PORT);
    const first = await startServer();
    const login = await fetch(`http://127.0.0.1:${port}/admin/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
    });
    expect(login.status).toBe(200);
    const token = ((await login.json()) as { token: string }).token;
    const auth = { authorization: `Bearer ${token}` };

    const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const figures: Figures = {
      sent: 0,
      accepted: 0,
      failed: 0,
      refused: 0,
      closedBeforeAnswer: 0,
      created: 0,
      failures: [],
      answeredAfterFirstExit: 0,
      inFlightAtSignal: 0,
      answeredWhileStopping: 0,
    };
    let inFlight = 0;
    let signalled = false;
    let firstExited = false;
    let running = true;
    let serial = 0;
    async function client(n: number) {
      while (running) {
        const write = serial++ % 3 === 0;
        const body = write
          ? JSON.stringify({
              email: `load-${n}-${serial}@restart.test`,
              firstName: 'Load',
              lastName: `${serial}`,
            })
          : undefined;
        for (let tries = 0; ; tries++) {
          inFlight++;
          const result = await attempt(
            agent,
            port,
            write ? 'POST' : 'GET',
            write ? '/admin/v1/customers' : '/admin/v1/customers?limit=5',
            write ? { ...auth, 'content-type': 'application/json' } : auth,
            body,
          ).finally(() => inFlight--);
          if (result.kind === 'refused' || result.kind === 'closed-before-answer') {
            if (result.kind === 'refused') figures.refused++;
            else {
              figures.sent++;
              figures.closedBeforeAnswer++;
            }
            if (tries > 600) throw new Error('no process took the request for 30 s');
            await sleep(50);
            continue;
          }
          figures.sent++;
          figures.accepted++;
          if (result.kind === 'error') {
            figures.failed++;
            figures.failures.push(result.message);
          } else if (result.status < 200 || result.status > 299) {
            figures.failed++;
            figures.failures.push(`${result.status} ${result.body.slice(0, 200)}`);
          } else {
            if (write) figures.created++;
            if (firstExited) figures.answeredAfterFirstExit++;
            else if (signalled) figures.answeredWhileStopping++;
          }
          break;
        }
      }
    }
    const clients = Array.from({ length: CONCURRENCY }, (_, n) => client(n));

    // A few rounds of every client first (waiting on answers, not on a clock: the machine may be slow).
    await until(() => figures.accepted >= 6 * CONCURRENCY);
    figures.inFlightAtSignal = inFlight;
    signalled = true;
    first.child.kill('SIGTERM');
    let second: Server;
    if (engine === 'postgres') {
      // The new process starts while the old one still answers what it took.
      await first.stopping;
      second = await startServer();
    } else {
      // The embedded database serves one process: the new one opens the folder once it is free.
      await first.exited;
      second = await startServer();
    }
    const firstCode = await first.exited;
    firstExited = true;
    await until(() => figures.answeredAfterFirstExit >= 4 * CONCURRENCY);
    running = false;
    await Promise.all(clients);
    agent.destroy();
    second.child.kill('SIGTERM');
    const secondCode = await second.exited;

    // Opened here on PGlite (closed again below: the folder takes one process at a time).
    const own = pgHandle ? null : await openDatabase({ dataDir });
    const db = pgHandle?.db ?? own!.db;
    const stored = Number(
      (
        await sql<{ n: number }>`select count(*)::int as n from customers where email like 'load-%'`.execute(
          db,
        )
      ).rows[0]?.n,
    );
    await own?.close();

    console.log(
      `restart under load (${engine}, ${CONCURRENCY} keep-alive clients): sent ${figures.sent}, ` +
        `accepted ${figures.accepted}, failed ${figures.failed}; retried: ${figures.refused} refused connections, ` +
        `${figures.closedBeforeAnswer} keep-alive connections closed before an answer; ` +
        `${figures.inFlightAtSignal} in flight at the signal, ${figures.answeredWhileStopping} answered while the old process stopped; ` +
        `${figures.created} customers created (${stored} stored); ` +
        `${figures.answeredAfterFirstExit} answered by the new process after the old one exited`,
    );
    expect(firstCode, first.output()).toBe(0);
    expect(secondCode, second.output()).toBe(0);
    expect(figures.failures).toEqual([]);
    expect(figures.failed).toBe(0);
    // Nothing an answer announced was lost, and nothing was created twice by a retry.
    expect(stored).toBe(figures.created);
    // The old process said it stopped, and when.
    expect(first.output()).toMatch(/"msg":"stopped in \d+ ms"/);
  }, 180_000);

  it('past its grace, exits 1 with a line naming what was still running', async () => {
    const port = Number(env.PORT);
    const server = await startServer({ CLIENTELE_SHUTDOWN_GRACE_MS: '1000' });
    // A request whose body never ends: taken, and still running when the grace is over.
    const socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(
      'POST /admin/v1/customers HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
        'X-Request-Id: slow-body-1\r\nContent-Length: 100\r\n\r\n{"email":',
    );
    await sleep(300);
    const signalled = Date.now();
    server.child.kill('SIGTERM');
    const code = await server.exited;
    const took = Date.now() - signalled;
    socket.destroy();
    expect(code, server.output()).toBe(1);
    expect(took).toBeGreaterThanOrEqual(1000);
    const line = server
      .output()
      .split('\n')
      .find((l) => l.includes('still running after the 1000 ms grace'));
    expect(line, server.output()).toBeDefined();
    expect(JSON.parse(line!)).toMatchObject({
      level: 50,
      stillRunning: ['POST /admin/v1/customers (slow-body-1)'],
    });
  }, 120_000);
});
