import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Config } from './config.js';
import { type DatabaseHandle, migrateToLatest, openDatabase } from './db/database.js';
import { systemContext } from './lib/context.js';
import { pgliteTemplate } from './lib/paths.js';
import { redactCredentials, redactUrl } from './lib/redact.js';
import { countAdmins, createAdmin } from './modules/admins/admins.service.js';
import { ensureDefaultTenant } from './modules/tenants/tenants.service.js';

export interface Bootstrapped {
  handle: DatabaseHandle;
  /** Set when this start created the first owner with a generated password. */
  createdOwner: { email: string; password: string; generated: boolean } | null;
}

/**
 * An empty embedded data folder starts from the migrated template when the build made one:
 * loading it takes about a second, where PGlite's initdb plus the migrations take several.
 */
function firstStartTemplate(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Blob | undefined {
  if (config.databaseUrl || existsSync(join(config.dataDir, 'PG_VERSION')) || !existsSync(pgliteTemplate)) {
    return undefined;
  }
  return new Blob([readFileSync(pgliteTemplate)]);
}

/** Why a connection failed, in the driver's words (Node reports a refused dual-stack connect as an AggregateError with no message). */
function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const inner = error instanceof AggregateError ? (error.errors[0] as Error | undefined) : undefined;
  const reason = error.message || inner?.message || (error as { code?: string }).code || error.name;
  return redactCredentials(reason);
}

/**
 * Opens the configured database and checks that it answers, so a wrong or unreachable
 * DATABASE_URL stops the start with the variable named, its credentials hidden, and the fix.
 */
export async function openConfiguredDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'dbPoolSize'>,
  options: { loadDataDir?: Blob } = {},
): Promise<DatabaseHandle> {
  const handle = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.dbPoolSize,
    ...options,
  });
  if (handle.kind !== 'postgres') return handle;
  try {
    await sql`select 1`.execute(handle.db);
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw new Error(
      `Cannot connect to the database in DATABASE_URL (${redactUrl(config.databaseUrl!)}): ${reasonOf(error)}.\n` +
        'Check that PostgreSQL is running and reachable at that host and port, and that the user, password ' +
        'and database in DATABASE_URL are right; or unset DATABASE_URL to use the embedded database in CLIENTELE_DATA_DIR.',
    );
  }
  return handle;
}

/**
 * Opens the read replica of DATABASE_REPLICA_URL beside `handle` (the primary) and checks that it
 * answers; the handle that comes back reads lists and records there (`reader`) and closes both.
 * The replica is not migrated: it replays the primary's schema, so it is checked only for reach.
 */
export async function withReplica(
  handle: DatabaseHandle,
  config: Pick<Config, 'databaseReplicaUrl' | 'dbPoolSize'>,
): Promise<DatabaseHandle> {
  if (!config.databaseReplicaUrl) return handle;
  if (handle.kind !== 'postgres')
    throw new Error('DATABASE_REPLICA_URL needs DATABASE_URL: the embedded database has no replicas.');
  // A replica host that stops answering must not hold reads: they go to the primary instead
  // (src/http/replica.ts), once a connection attempt has given up.
  const replica = await openDatabase({
    url: config.databaseReplicaUrl,
    poolSize: config.dbPoolSize,
    connectTimeoutMs: 3000,
  });
  try {
    await sql`select 1`.execute(replica.db);
  } catch (error) {
    await replica.close().catch(() => undefined);
    await handle.close().catch(() => undefined);
    throw new Error(
      `Cannot connect to the read replica in DATABASE_REPLICA_URL (${redactUrl(config.databaseReplicaUrl)}): ${reasonOf(error)}.\n` +
        'Check that the replica is running and reachable, or unset DATABASE_REPLICA_URL to read from the primary.',
    );
  }
  return {
    ...handle,
    reader: replica.db,
    close: async () => {
      await replica.close();
      await handle.close();
    },
  };
}

/** Opens the configured database, brings its schema up to date and makes sure there is a tenant. */
export async function openAndMigrate(
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'dbPoolSize'>,
): Promise<DatabaseHandle> {
  const loadDataDir = firstStartTemplate(config);
  const handle = await openConfiguredDatabase(config, loadDataDir ? { loadDataDir } : {});
  await migrateToLatest(handle.db);
  await ensureDefaultTenant(handle.db);
  return handle;
}

/**
 * First start: when no admin exists, create the owner of the default tenant from
 * CLIENTELE_ADMIN_EMAIL / CLIENTELE_ADMIN_PASSWORD, or with a one-time generated password.
 */
export async function ensureFirstOwner(
  handle: DatabaseHandle,
  config: Pick<Config, 'adminEmail' | 'adminPassword'>,
) {
  if ((await countAdmins(handle.db)) > 0) return null;
  const tenant = await ensureDefaultTenant(handle.db);
  const email = config.adminEmail ?? 'admin@example.com';
  const generated = !config.adminPassword;
  const password = config.adminPassword ?? randomBytes(12).toString('base64url');
  await createAdmin(systemContext(handle.db, tenant.id), { email, role: 'owner', password, name: 'Owner' });
  return { email, password, generated };
}

export async function bootstrap(config: Config): Promise<Bootstrapped> {
  const primary = await openAndMigrate(config);
  const createdOwner = await ensureFirstOwner(primary, config);
  return { handle: await withReplica(primary, config), createdOwner };
}
