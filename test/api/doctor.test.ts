import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.js';
import { createTestDatabase, engine } from '../helpers/db.js';
import { startSink } from '../helpers/smtp-sink.js';

const cli = join(process.cwd(), 'bin', 'clientele.js');

/** A port on which nothing listens. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** `clientele doctor` (the built CLI) with these variables; answers its exit code and output. */
function doctor(vars: Record<string, string>): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, 'doctor'], { env: { ...baseEnv, ...vars } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, out: `${stdout}${stderr}` }),
    );
  });
}

/** The report's line for one check, e.g. `ERROR    SMTP           cannot use SMTP_URL …`. */
const line = (out: string, name: string) =>
  out.split('\n').find((l) => new RegExp(`^(ok|warning|ERROR) +${name} `).test(l)) ?? '';
/** The fix printed under a check's line. */
const fixOf = (out: string, name: string) => {
  const lines = out.split('\n');
  const next = lines[lines.indexOf(line(out, name)) + 1] ?? '';
  return next.trim().startsWith('fix:') ? next.trim() : '';
};

let baseEnv: NodeJS.ProcessEnv;
let dataDir: string;
let pgHandle: (DatabaseHandle & { url?: string }) | null = null;
let sink: Awaited<ReturnType<typeof startSink>>;
/** The configuration of a healthy installation on this project's engine. */
let good: Record<string, string>;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'clientele-doctor-'));
  sink = await startSink();
  const { DATABASE_URL: _d, SMTP_URL: _s, REDIS_URL: _r, DATABASE_REPLICA_URL: _p, ...rest } = process.env;
  baseEnv = { ...rest, CLIENTELE_DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
  good = { SMTP_URL: sink.url };
  // A real Redis where the run provides one (CI does); without, the check says REDIS_URL is unset.
  if (process.env.TEST_REDIS_URL) good.REDIS_URL = process.env.TEST_REDIS_URL;
  if (engine === 'postgres') {
    pgHandle = await createTestDatabase();
    good.DATABASE_URL = pgHandle.url!;
  }
});
afterAll(async () => {
  await sink.close();
  await pgHandle?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('clientele doctor', () => {
  it('lists every check as ok on a good configuration and exits 0', async () => {
    const { code, out } = await doctor(good);
    expect(code, out).toBe(0);
    expect(line(out, 'configuration')).toMatch(/^ok /);
    expect(line(out, 'database')).toMatch(
      engine === 'postgres' ? /^ok +database +PostgreSQL 1\d/ : /^ok .*embedded/,
    );
    if (engine === 'postgres') {
      expect(line(out, 'migrations')).toMatch(/^ok +migrations +all \d+ applied/);
      expect(line(out, 'PgBouncer')).toMatch(/^ok +PgBouncer +not in use/);
    } else {
      expect(line(out, 'migrations')).toBe('');
    }
    expect(line(out, 'SMTP')).toMatch(/^ok +SMTP .*accepts connections/);
    expect(line(out, 'Redis')).toMatch(/^ok /);
    expect(out).toContain('Everything checked is fine.');
  });

  it('names SMTP_URL and REDIS_URL with the fix when their servers do not answer, and exits 1', async () => {
    const smtpPort = await closedPort();
    const redisPort = await closedPort();
    const { code, out } = await doctor({
      ...good,
      SMTP_URL: `smtp://mailer:secret-pass@127.0.0.1:${smtpPort}`,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    });
    expect(code, out).toBe(1);
    expect(line(out, 'SMTP')).toMatch(
      /^ERROR +SMTP +cannot use SMTP_URL \(smtp:\/\/.*127\.0\.0\.1:\d+\): .*ECONNREFUSED/,
    );
    expect(fixOf(out, 'SMTP')).toMatch(/^fix: check the host and port/);
    expect(line(out, 'Redis')).toMatch(/^ERROR +Redis +cannot reach REDIS_URL/);
    expect(fixOf(out, 'Redis')).toMatch(/^fix: check that Redis runs/);
    // The password of a URL is never printed.
    expect(out).not.toContain('secret-pass');
    expect(line(out, 'database')).toMatch(/^ok /);
    expect(out).toContain('2 errors');
  });

  it('names DATABASE_URL with the fix when the database does not answer, and exits 1', async () => {
    const port = await closedPort();
    const { code, out } = await doctor({
      ...good,
      DATABASE_URL: `postgres://shop:hunter22@127.0.0.1:${port}/shop`,
    });
    expect(code, out).toBe(1);
    expect(line(out, 'database')).toMatch(
      /^ERROR +database +cannot connect to DATABASE_URL \(.*127\.0\.0\.1:\d+\/shop\)/,
    );
    expect(fixOf(out, 'database')).toMatch(/PostgreSQL runs and is reachable.*unset DATABASE_URL/);
    expect(out).not.toContain('hunter22');
    // No migrations or PgBouncer check without a database to ask.
    expect(line(out, 'migrations')).toBe('');
  });

  it('prints the configuration errors with the variable and exits 1', async () => {
    const { code, out } = await doctor({ ...good, DATABASE_URL: 'mysql://db/shop', METRICS_TOKEN: 'short' });
    expect(code, out).toBe(1);
    expect(line(out, 'configuration')).toMatch(
      /^ERROR +configuration .*DATABASE_URL: must be a PostgreSQL URL/,
    );
    expect(line(out, 'configuration')).toMatch(/METRICS_TOKEN: must be 16 to 500 characters/);
    expect(fixOf(out, 'configuration')).toMatch(/^fix: set each variable named above/);
  });
});

describe('how doctor sees the way to the database', () => {
  let bouncer: ChildProcess | null = null;
  let bouncerDir: string | null = null;
  afterAll(async () => {
    if (bouncer && bouncer.exitCode === null) {
      const exited = new Promise((resolve) => bouncer!.once('exit', resolve));
      bouncer.kill('SIGTERM');
      await exited;
    }
    if (bouncerDir) rmSync(bouncerDir, { recursive: true, force: true });
  });

  /** A PgBouncer of this test's own in front of the test database, in `mode`. */
  async function startBouncer(mode: string): Promise<string> {
    const target = new URL(pgHandle!.url!);
    const port = await closedPort();
    bouncerDir = mkdtempSync(join(tmpdir(), 'clientele-bouncer-'));
    const user = decodeURIComponent(target.username) || 'postgres';
    writeFileSync(join(bouncerDir, 'users.txt'), `"${user}" ""\n`);
    writeFileSync(
      join(bouncerDir, 'pgbouncer.ini'),
      [
        '[databases]',
        `* = host=${target.hostname} port=${target.port || 5432}`,
        '[pgbouncer]',
        'listen_addr = 127.0.0.1',
        `listen_port = ${port}`,
        'unix_socket_dir =',
        'auth_type = trust',
        `auth_file = ${join(bouncerDir, 'users.txt')}`,
        `pool_mode = ${mode}`,
        `admin_users = ${user}`,
        'ignore_startup_parameters = extra_float_digits,options',
      ].join('\n'),
    );
    // PgBouncer refuses to run as root: as root (a container), it switches to the postgres user,
    // which must be able to read its files.
    const asRoot = process.getuid?.() === 0;
    if (asRoot) chmodSync(bouncerDir, 0o755);
    const args = [...(asRoot ? ['-u', 'postgres'] : []), join(bouncerDir, 'pgbouncer.ini')];
    bouncer = spawn('/usr/sbin/pgbouncer', args, { stdio: 'ignore' });
    // Listening takes a moment: poll until a connection is accepted.
    for (let i = 0; i < 100; i++) {
      const up = await new Promise<boolean>((resolve) => {
        const socket = connect(port, '127.0.0.1');
        socket.once('connect', () => {
          socket.destroy();
          resolve(true);
        });
        socket.once('error', () => resolve(false));
      });
      if (up) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    target.port = String(port);
    return target.toString();
  }

  it('reports PgBouncer and its pool mode on PostgreSQL, or the embedded database without DATABASE_URL', async () => {
    if (engine === 'postgres') {
      const { code, out } = await doctor({ ...good, DATABASE_URL: await startBouncer('transaction') });
      expect(code, out).toBe(0);
      expect(line(out, 'PgBouncer')).toMatch(/^ok +PgBouncer +PgBouncer [\d.]+ in transaction pooling mode/);
      expect(line(out, 'migrations')).toMatch(/^ok /);
    } else {
      const { code, out } = await doctor(good);
      expect(code, out).toBe(0);
      expect(line(out, 'database')).toContain(dataDir);
      expect(line(out, 'PgBouncer')).toBe('');
    }
  });

  it('warns when DATABASE_REPLICA_URL is not a replica', async () => {
    const replica = engine === 'postgres' ? pgHandle!.url! : null;
    if (replica) {
      const { code, out } = await doctor({ ...good, DATABASE_REPLICA_URL: replica });
      expect(code, out).toBe(0);
      expect(line(out, 'replica')).toMatch(/^warning +replica .*is not a replica/);
      expect(fixOf(out, 'replica')).toMatch(/point DATABASE_REPLICA_URL at a streaming standby/);
    } else {
      // Without a PostgreSQL server in this project, an unreachable replica is the error to show.
      const port = await closedPort();
      const { code, out } = await doctor({
        ...good,
        DATABASE_REPLICA_URL: `postgres://127.0.0.1:${port}/shop`,
      });
      expect(code, out).toBe(1);
      expect(line(out, 'replica')).toMatch(/^ERROR +replica +cannot connect to DATABASE_REPLICA_URL/);
    }
  });
});
