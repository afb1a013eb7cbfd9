import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
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
    },
  };
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
  if (isDataFolder()) makePrivate(options.dataDir);
  const pglite = await createPGlite(options);
  if (isDataFolder()) makePrivate(options.dataDir);
  return pglite;
}

function createPGlite(options: Pick<OpenDatabaseOptions, 'dataDir' | 'loadDataDir'>) {
  return PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    extensions: { pg_trgm, btree_gin },
    parsers: {
      [INT8_OID]: (value: string) => Number.parseInt(value, 10),
      [NUMERIC_OID]: (value: string) => value,
    },
  });
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
