import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { CamelCasePlugin, Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { migrationProvider } from './migrations/index.js';
import { PGliteDialect } from './pglite-dialect.js';
import type { DB } from './types.js';

export type Database = Kysely<DB>;
export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Database;
  kind: DatabaseKind;
  /** The embedded engine, when that is what runs (tests dump it as a template). */
  pglite?: PGlite;
  /**
   * A read-only replica (DATABASE_REPLICA_URL) for list, search and get reads, when one is
   * configured; `close()` closes it too.
   */
  reader?: Database;
  close(): Promise<void>;
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;

// Counts and money in minor units come back as int8; they stay well inside 2^53, so read them
// as numbers on both drivers rather than as strings (pg) or bigints (PGlite).
pg.types.setTypeParser(INT8_OID, (value) => Number.parseInt(value, 10));

const plugins = [new CamelCasePlugin()];

export interface OpenDatabaseOptions {
  /** postgres:// URL; when absent the embedded PGlite database is used. */
  url?: string | null;
  /** Folder for the embedded database; omit for an in-memory one (tests). */
  dataDir?: string | null;
  /** A dumped PGlite data folder to start from (tests clone a migrated template this way). */
  loadDataDir?: Blob;
  poolSize?: number;
  /** Give up opening a connection after this long (node-postgres waits for ever by default). */
  connectTimeoutMs?: number;
}

/** The pg pool behind each PostgreSQL handle's Kysely instance, for poolStats. */
const pools = new WeakMap<Database, pg.Pool>();

/** A PostgreSQL pool's connections: open, idle, and requests waiting for one. */
export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

/**
 * The connection pool's state for /metrics, or null for the embedded database: PGlite is one
 * connection inside the process, with no pool to report.
 */
/** The pg pool behind a PostgreSQL handle's Kysely instance; undefined for PGlite and for a transaction. */
export const poolOf = (db: Database): pg.Pool | undefined => pools.get(db);

export function poolStats(db: Database): PoolStats | null {
  const pool = pools.get(db);
  return pool ? { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount } : null;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.url) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 20,
      ...(options.connectTimeoutMs ? { connectionTimeoutMillis: options.connectTimeoutMs } : {}),
    });
    // An idle connection the server ends (a restart, a failover, a replica cancelling sessions for
    // a replay conflict, PgBouncer closing it) leaves the pool, which opens another when needed;
    // without a listener its error would end the process.
    pool.on('error', () => undefined);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins });
    pools.set(db, pool);
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  const pglite = await openPGlite(options);
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite), plugins });
  return {
    db,
    kind: 'pglite',
    pglite,
    close: async () => {
      await db.destroy();
      await pglite.close();
      if (options.dataDir) unlockDataDir(options.dataDir);
    },
  };
}

/** The file in an embedded data folder naming the process that has it open. */
export const DATA_DIR_LOCK = 'clientele.lock';

/** A second process would open the embedded data folder beside the first: refused, with the fix. */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by another Clientele process (pid ${pid}). ` +
        'The embedded engine serves one process at a time: stop that process first (for `clientele serve`, ' +
        'Ctrl+C or SIGTERM), then run this command again; to run several processes, use PostgreSQL (DATABASE_URL).',
    );
  }
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Takes the embedded data folder for this process. PGlite itself lets two processes open one
 * folder, and two PostgreSQL backends writing the same files without shared memory corrupt it; so
 * `clientele.lock` names the process that has it, and a second process (a CLI command, a backup
 * while `serve` runs) stops with DataDirInUseError. A lock whose process is gone (kill -9, a
 * crash) is stale and taken over. The same process opening the folder again is its own affair.
 */
export function lockDataDir(dataDir: string) {
  const path = join(dataDir, DATA_DIR_LOCK);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number.parseInt(readFileSync(path, 'utf8'), 10);
    if (holder === process.pid) return;
    if (Number.isSafeInteger(holder) && holder > 0 && isAlive(holder))
      throw new DataDirInUseError(dataDir, holder);
    try {
      unlinkSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  throw new Error(`Could not take ${path}: other processes keep taking it.`);
}

/** Gives the data folder up, when this process holds it. */
export function unlockDataDir(dataDir: string) {
  const path = join(dataDir, DATA_DIR_LOCK);
  try {
    if (Number.parseInt(readFileSync(path, 'utf8'), 10) === process.pid) unlinkSync(path);
  } catch {
    // Already gone (the folder was moved away by a restore, or removed): nothing to give up.
  }
}

/**
 * Makes the embedded data folder readable by its owner alone: the folder and its subfolders 0700,
 * its files 0600. PGlite writes the files of a new (or template-loaded) database 0666, whatever
 * the umask, so this runs before opening (a folder an older version left open) and after.
 */
export function makePrivate(path: string) {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return;
  if (stat.isDirectory()) {
    if ((stat.mode & 0o777) !== 0o700) chmodSync(path, 0o700);
    for (const entry of readdirSync(path)) makePrivate(join(path, entry));
  } else if ((stat.mode & 0o777) !== 0o600) {
    chmodSync(path, 0o600);
  }
}

export async function openPGlite(
  options: Pick<OpenDatabaseOptions, 'dataDir' | 'loadDataDir'>,
): Promise<PGlite> {
  if (!options.dataDir) return createPGlite(options);
  // Files PostgreSQL creates later (new tables, WAL segments) take the process umask: owner only.
  process.umask(0o077);
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  // Only a folder that holds a database is walked: a mistyped CLIENTELE_DATA_DIR (a home folder)
  // must not have its files' modes changed.
  const isDataFolder = () => existsSync(join(options.dataDir!, 'PG_VERSION'));
  lockDataDir(options.dataDir);
  try {
    if (isDataFolder()) makePrivate(options.dataDir);
    const pglite = await createPGlite(options);
    if (isDataFolder()) makePrivate(options.dataDir);
    return pglite;
  } catch (error) {
    unlockDataDir(options.dataDir);
    throw error;
  }
}

function createPGlite(options: Pick<OpenDatabaseOptions, 'dataDir' | 'loadDataDir'>) {
  return PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    extensions: { pg_trgm, btree_gin, unaccent },
    parsers: {
      [INT8_OID]: (value: string) => Number.parseInt(value, 10),
      [NUMERIC_OID]: (value: string) => value,
    },
  });
}

/**
 * The migrations the database has run that this release does not know: a newer release has
 * migrated it (a rolling upgrade, docs/operations.md). Migrations only expand the schema while
 * the release before them may still run, so this release runs on it as it is.
 */
export async function newerMigrations(db: Database): Promise<string[]> {
  const { rows: table } = await sql<{ present: boolean }>`
    select to_regclass('kysely_migration') is not null as present`.execute(db);
  // No migration table yet: a new database, nothing newer in it.
  if (!table[0]?.present) return [];
  const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
  const known = new Set(Object.keys(await migrationProvider.getMigrations()));
  return rows.map((row) => row.name).filter((name) => !known.has(name));
}

/** Serialises migrators across processes; any fixed key no other lock of ours uses. */
const MIGRATION_LOCK = 'clientele.migrations';

/**
 * Brings the schema up to date; safe to run at every start and from several processes, also
 * through PgBouncer in transaction pooling mode. Kysely's migrator takes a session-level advisory
 * lock in a statement of its own and then opens its transaction: through a transaction pooler
 * those run on whichever server connections are free, so the unlock can miss and leave the lock
 * held by a pooled connection, and the next start waits for it for an hour (seen with four
 * `clientele migrate` at once). Here the whole run is one transaction on one connection,
 * serialised by a transaction-scoped lock that ends with it, whatever happens.
 */
export async function migrateToLatest(db: Database): Promise<string[]> {
  // A database a newer release has migrated is left as it is (Kysely's migrator would refuse to
  // start with "corrupted migrations"), so an old process restarting mid-upgrade keeps serving.
  if ((await newerMigrations(db)).length > 0) return [];
  return db.connection().execute(async (conn) => {
    await sql`begin`.execute(conn);
    try {
      await sql`select pg_advisory_xact_lock(hashtextextended(${MIGRATION_LOCK}, 0))`.execute(conn);
      // Kysely's own lock and unlock now run inside this transaction, on its one server session.
      const migrator = new Migrator({ db: conn, provider: migrationProvider, disableTransactions: true });
      const { error, results } = await migrator.migrateToLatest();
      if (error) throw error instanceof Error ? error : new Error(String(error));
      await sql`commit`.execute(conn);
      return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    } catch (error) {
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw error;
    }
  });
}
