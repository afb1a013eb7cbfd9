import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { Migrator, sql } from 'kysely';
import nodemailer from 'nodemailer';
import pg from 'pg';
import { type Config, loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { migrationProvider } from '../db/migrations/index.js';
import { redactCredentials, redactUrl } from '../lib/redact.js';

export type CheckStatus = 'ok' | 'warning' | 'error';

/** One line of the report: what was checked, what was found, and for a problem the fix in words. */
export interface Check {
  name: string;
  status: CheckStatus;
  detail: string;
  fix?: string;
}

/** A check waits this long for a server before calling it unreachable. */
const TIMEOUT_MS = 5000;

/**
 * The oldest PostgreSQL the schema runs on: gen_random_uuid() without pgcrypto (0014) is 13+,
 * generated columns 12+. CI runs 15 and PGlite is 17; 13 and 14 are past their community end
 * of life (November 2025 and 2026), so they are a warning, not an error.
 */
const MIN_VERSION = 130000;
const SUPPORTED_VERSION = 150000;

/** Why a connection failed, in the driver's words, credentials hidden (Node's dual-stack refusals are AggregateErrors with no message). */
function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const inner = error instanceof AggregateError ? (error.errors[0] as Error | undefined) : undefined;
  return redactCredentials(
    error.message || inner?.message || (error as { code?: string }).code || error.name,
  );
}

/**
 * A pg client on `url` (or on another database of its server) that gives up connecting after
 * TIMEOUT_MS; an error after connecting is ignored (the check has answered by then).
 */
async function connect(url: string, database?: string): Promise<pg.Client> {
  const target = new URL(url);
  // pg takes the database from the connection string over a `database` option: set it there.
  if (database) target.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: target.toString(), connectionTimeoutMillis: TIMEOUT_MS });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  return client;
}

function checkConfiguration(): { config: Config | null; check: Check } {
  try {
    return {
      config: loadConfig(),
      check: { name: 'configuration', status: 'ok', detail: 'every setting is valid' },
    };
  } catch (error) {
    return {
      config: null,
      check: {
        name: 'configuration',
        status: 'error',
        detail: reasonOf(error),
        fix: 'set each variable named above as described, or unset it to take its default; the other checks need a valid configuration',
      },
    };
  }
}

async function checkPostgres(url: string, checks: Check[]): Promise<boolean> {
  const shown = redactUrl(url);
  let client: pg.Client;
  try {
    client = await connect(url);
  } catch (error) {
    checks.push({
      name: 'database',
      status: 'error',
      detail: `cannot connect to DATABASE_URL (${shown}): ${reasonOf(error)}`,
      fix: 'check that PostgreSQL runs and is reachable at that host and port, and that the user, password and database in DATABASE_URL are right; or unset DATABASE_URL to use the embedded database',
    });
    return false;
  }
  try {
    const { rows } = await client.query<{ num: string; version: string }>(
      "select current_setting('server_version_num') as num, current_setting('server_version') as version",
    );
    const num = Number(rows[0]!.num);
    const version = rows[0]!.version;
    if (num < MIN_VERSION)
      checks.push({
        name: 'database',
        status: 'error',
        detail: `PostgreSQL ${version} at ${shown} is too old: the schema needs 13 or later`,
        fix: 'upgrade PostgreSQL to 15 or later (pg_upgrade, or pg_dump and restore)',
      });
    else if (num < SUPPORTED_VERSION)
      checks.push({
        name: 'database',
        status: 'warning',
        detail: `PostgreSQL ${version} at ${shown} works but is past its community end of life; Clientele is tested on 15 and 17`,
        fix: 'plan an upgrade to PostgreSQL 15 or later',
      });
    else checks.push({ name: 'database', status: 'ok', detail: `PostgreSQL ${version} at ${shown}` });
  } finally {
    await client.end().catch(() => undefined);
  }
  return true;
}

async function checkMigrations(url: string): Promise<Check> {
  const handle = await openDatabase({ url, poolSize: 1 });
  try {
    const migrations = await new Migrator({ db: handle.db, provider: migrationProvider }).getMigrations();
    const known = new Set(migrations.map((m) => m.name));
    const pending = migrations.filter((m) => m.executedAt === undefined).map((m) => m.name);
    const applied = migrations.length - pending.length;
    // A name the code does not know: a newer release migrated this database.
    const unknown =
      applied === 0
        ? []
        : (await sql<{ name: string }>`select name from kysely_migration`.execute(handle.db)).rows
            .map((row) => row.name)
            .filter((name) => !known.has(name));
    if (unknown.length > 0)
      return {
        name: 'migrations',
        status: 'warning',
        detail: `the database has migrations this release does not know (${unknown.join(', ')}): a newer release migrated it`,
        fix: 'run the same release as the newest process; the expand/contract rules of docs/operations.md keep older processes working meanwhile',
      };
    if (pending.length === migrations.length)
      return {
        name: 'migrations',
        status: 'warning',
        detail: 'the database is empty: no migration has run',
        fix: 'run `clientele migrate` (or start `clientele serve`, which migrates at start)',
      };
    if (pending.length > 0)
      return {
        name: 'migrations',
        status: 'warning',
        detail: `${pending.length} pending: ${pending.join(', ')}`,
        fix: 'run `clientele migrate` (or start `clientele serve`, which migrates at start)',
      };
    return { name: 'migrations', status: 'ok', detail: `all ${applied} applied` };
  } catch (error) {
    return {
      name: 'migrations',
      status: 'error',
      detail: `cannot read the applied migrations: ${reasonOf(error)}`,
      fix: 'give the user of DATABASE_URL read access to the kysely_migration table',
    };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * Whether DATABASE_URL reaches PostgreSQL through PgBouncer, and in which pool mode. PgBouncer
 * passes `SHOW` through to the server on ordinary connections; only its admin console (the
 * virtual database `pgbouncer`) answers `SHOW DATABASES`/`SHOW CONFIG`. PostgreSQL itself
 * answers a connection to that database with 3D000 (no such database). Failing both, a server
 * port other than the URL's says a proxy sits in between.
 */
async function checkPgBouncer(url: string): Promise<Check> {
  const name = 'PgBouncer';
  const target = new URL(url);
  const database = decodeURIComponent(target.pathname.slice(1)) || decodeURIComponent(target.username);
  let console_: pg.Client | null = null;
  let refusal: string | null = null;
  try {
    console_ = await connect(url, 'pgbouncer');
  } catch (error) {
    if ((error as { code?: string }).code === '3D000')
      return { name, status: 'ok', detail: 'not in use: DATABASE_URL reaches PostgreSQL directly' };
    refusal = reasonOf(error);
  }
  if (console_) {
    try {
      const version =
        (await console_.query<{ version: string }>('SHOW VERSION')).rows[0]?.version ?? 'PgBouncer';
      const databases = (await console_.query<{ name: string; pool_mode: string | null }>('SHOW DATABASES'))
        .rows;
      const config = (await console_.query<{ key: string; value: string }>('SHOW CONFIG')).rows;
      const mode =
        databases.find((row) => row.name === database)?.pool_mode ||
        config.find((row) => row.key === 'pool_mode')?.value ||
        'session';
      if (mode === 'statement')
        return {
          name,
          status: 'error',
          detail: `${version} in statement pooling mode: transactions cannot run`,
          fix: 'set pool_mode = transaction (or session) for this database in pgbouncer.ini and reload PgBouncer',
        };
      return { name, status: 'ok', detail: `${version} in ${mode} pooling mode (both are supported)` };
    } catch (error) {
      refusal = reasonOf(error);
    } finally {
      await console_.end().catch(() => undefined);
    }
  }
  const client = await connect(url);
  try {
    const port = (await client.query<{ port: number | null }>('select inet_server_port() as port')).rows[0]
      ?.port;
    const urlPort = Number(target.port || 5432);
    if (port !== null && port !== undefined && port !== urlPort)
      return {
        name,
        status: 'warning',
        detail: `a pooler sits between (DATABASE_URL names port ${urlPort}, the server listens on ${port}), but its pool mode could not be read: ${refusal}`,
        fix: "if it is PgBouncer, add DATABASE_URL's user to stats_users in pgbouncer.ini so doctor can read pool_mode; transaction or session mode is supported, statement mode is not",
      };
    return { name, status: 'ok', detail: 'not detected: DATABASE_URL appears to reach PostgreSQL directly' };
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function checkReplica(url: string, readYourWritesMs: number): Promise<Check> {
  const name = 'replica';
  const shown = redactUrl(url);
  let client: pg.Client;
  try {
    client = await connect(url);
  } catch (error) {
    return {
      name,
      status: 'error',
      detail: `cannot connect to DATABASE_REPLICA_URL (${shown}): ${reasonOf(error)}`,
      fix: 'check that the replica runs and accepts connections (hot_standby = on, pg_hba.conf), or unset DATABASE_REPLICA_URL to read from the primary',
    };
  }
  try {
    // Replay lag by the clock; a replica that has replayed all it received is caught up, however
    // long ago the primary's last write was.
    const { rows } = await client.query<{ replica: boolean; lag: number | null; caughtUp: boolean | null }>(
      `select pg_is_in_recovery() as replica,
              extract(epoch from now() - pg_last_xact_replay_timestamp())::float8 as lag,
              pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() as "caughtUp"`,
    );
    const { replica, lag, caughtUp } = rows[0]!;
    if (!replica)
      return {
        name,
        status: 'warning',
        detail: `DATABASE_REPLICA_URL (${shown}) is not a replica: the server is not in recovery`,
        fix: 'point DATABASE_REPLICA_URL at a streaming standby, or unset it to read from the primary',
      };
    if (caughtUp) return { name, status: 'ok', detail: `${shown} is a streaming replica, caught up` };
    const seconds = lag === null ? null : Math.max(0, lag);
    if (seconds === null || seconds * 1000 > Math.max(readYourWritesMs, 10_000))
      return {
        name,
        status: 'warning',
        detail: `${shown} is behind the primary by ${seconds === null ? 'an unknown time (nothing replayed yet)' : `${seconds.toFixed(1)} s`}`,
        fix: "check the replica's replication (pg_stat_wal_receiver) and its load; an admin's reads go to the primary only for CLIENTELE_READ_YOUR_WRITES_MS after their write",
      };
    return { name, status: 'ok', detail: `${shown} is a streaming replica, ${seconds.toFixed(1)} s behind` };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** SMTP_URL's server, asked through nodemailer's verify (connect, TLS, EHLO, and AUTH when given). */
async function checkSmtp(smtpUrl: string): Promise<Check> {
  const url = new URL(smtpUrl);
  for (const setting of ['connectionTimeout', 'greetingTimeout', 'socketTimeout'])
    if (!url.searchParams.has(setting)) url.searchParams.set(setting, String(TIMEOUT_MS));
  const transport = nodemailer.createTransport(url.toString());
  try {
    await transport.verify();
    return { name: 'SMTP', status: 'ok', detail: `${redactUrl(smtpUrl)} accepts connections` };
  } catch (error) {
    return {
      name: 'SMTP',
      status: 'error',
      detail: `cannot use SMTP_URL (${redactUrl(smtpUrl)}): ${reasonOf(error)}`,
      fix: 'check the host and port, smtps:// for TLS from the start (port 465) or smtp:// (STARTTLS), and the user:password; or unset SMTP_URL to keep emails in the Mailbox',
    };
  } finally {
    transport.close();
  }
}

async function checkRedis(redisUrl: string): Promise<Check> {
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    connectTimeout: TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    const answer = await redis.ping();
    return { name: 'Redis', status: 'ok', detail: `${redactUrl(redisUrl)} answers ${answer}` };
  } catch (error) {
    return {
      name: 'Redis',
      status: 'error',
      detail: `cannot reach REDIS_URL (${redactUrl(redisUrl)}): ${reasonOf(error)}`,
      fix: 'check that Redis runs at that host and port and the password; or unset REDIS_URL to count rate limits in each process',
    };
  } finally {
    redis.disconnect();
  }
}

/** Every check, in order; the ones that need a valid configuration or database are left out without them. */
export async function runDoctor(): Promise<Check[]> {
  const { config, check } = checkConfiguration();
  const checks: Check[] = [check];
  if (!config) return checks;
  if (config.databaseUrl) {
    if (await checkPostgres(config.databaseUrl, checks)) {
      checks.push(await checkMigrations(config.databaseUrl));
      checks.push(await checkPgBouncer(config.databaseUrl));
    }
  } else {
    // Not opened: PGlite serves one process, and a running `serve` may hold it.
    checks.push({
      name: 'database',
      status: 'ok',
      detail: existsSync(join(config.dataDir, 'PG_VERSION'))
        ? `the embedded database in ${config.dataDir} (migrated at every start; set DATABASE_URL for PostgreSQL)`
        : `the embedded database, created in ${config.dataDir} at the first start`,
    });
  }
  if (config.databaseReplicaUrl)
    checks.push(await checkReplica(config.databaseReplicaUrl, config.readYourWritesMs));
  checks.push(
    config.smtpUrl
      ? await checkSmtp(config.smtpUrl)
      : {
          name: 'SMTP',
          status: 'warning',
          detail: 'SMTP_URL is not set: emails are kept in the Mailbox, not sent',
          fix: 'set SMTP_URL (smtp://user:password@mail.example:587) to send them',
        },
  );
  checks.push(
    config.redisUrl
      ? await checkRedis(config.redisUrl)
      : {
          name: 'Redis',
          status: 'ok',
          detail:
            'REDIS_URL is not set: each process counts its own rate limits (set it when running several API processes)',
        },
  );
  return checks;
}

const LABEL: Record<CheckStatus, string> = { ok: 'ok', warning: 'warning', error: 'ERROR' };

/** The report as lines: `ok       database        PostgreSQL 15…`, with the fix under each problem. */
export function doctorReport(checks: readonly Check[]): string {
  const lines = checks.flatMap((c) => {
    const head = `${LABEL[c.status].padEnd(8)} ${c.name.padEnd(14)} ${c.detail.replace(/\n\s*/g, '; ')}`;
    return c.fix ? [head, `${' '.repeat(24)}fix: ${c.fix}`] : [head];
  });
  const errors = checks.filter((c) => c.status === 'error').length;
  const warnings = checks.filter((c) => c.status === 'warning').length;
  lines.push(
    '',
    errors + warnings === 0
      ? 'Everything checked is fine.'
      : `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}.`,
  );
  return lines.join('\n');
}
