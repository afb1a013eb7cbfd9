import {
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { sql } from 'kysely';
import {
  DATA_DIR_LOCK,
  lockDataDir,
  makePrivate,
  migrateToLatest,
  openDatabase,
  unlockDataDir,
} from './database.js';

/**
 * Backup and restore of the embedded database (`clientele backup FILE`, `clientele restore FILE`).
 * A backup is PGlite's own dump of the data folder, gzip'd tar: it is taken with the folder open in
 * this process alone (the folder's lock refuses it while `serve` runs, and says to stop it), so no
 * statement runs while the files are read and the copy is consistent. PostgreSQL installs use
 * pg_dump and pg_restore instead (docs/operations.md).
 */

export interface BackupReport {
  file: string;
  bytes: number;
  customers: number;
  tables: number;
}

const countOf = async (db: Parameters<typeof migrateToLatest>[0]) => {
  const { rows } = await sql<{ customers: number; tables: number }>`
    select (select count(*) from customers)::int as customers,
           (select count(*) from information_schema.tables
             where table_schema = 'public' and table_type = 'BASE TABLE')::int as tables`.execute(db);
  return rows[0]!;
};

/** Writes the embedded database in `dataDir` to `file` (replaced atomically; owner-only, it holds personal data). */
export async function backupEmbedded(dataDir: string, file: string): Promise<BackupReport> {
  if (!existsSync(join(dataDir, 'PG_VERSION')))
    throw new Error(`There is no embedded database in ${dataDir} to back up (CLIENTELE_DATA_DIR).`);
  const handle = await openDatabase({ dataDir });
  try {
    const counts = await countOf(handle.db);
    const dump = await handle.pglite!.dumpDataDir('gzip');
    const bytes = Buffer.from(await dump.arrayBuffer());
    const partial = join(dirname(file), `.${process.pid}.clientele-backup.partial`);
    writeFileSync(partial, bytes, { mode: 0o600 });
    renameSync(partial, file);
    return { file, bytes: bytes.length, ...counts };
  } finally {
    await handle.close();
  }
}

export interface RestoreReport {
  customers: number;
  tables: number;
  /** Where the database the restore replaced was moved (null when there was none). */
  replacedDir: string | null;
  /** Migrations the restore applied to bring an older backup up to this version. */
  migrated: string[];
}

/**
 * Makes `dataDir` the database in `file`. The backup is unpacked and migrated in a folder beside
 * `dataDir` first, so a bad file or a failed migration leaves the current database untouched; only
 * then is the current folder moved aside (kept, not deleted) and the restored one put in its place.
 */
export async function restoreEmbedded(
  dataDir: string,
  file: string,
  now = new Date(),
): Promise<RestoreReport> {
  if (!existsSync(file) || !statSync(file).isFile()) throw new Error(`No backup file at ${file}.`);
  const hasDatabase = existsSync(join(dataDir, 'PG_VERSION'));
  if (!hasDatabase && existsSync(dataDir) && readdirSync(dataDir).length > 0)
    throw new Error(
      `${dataDir} is not empty and holds no embedded database: check CLIENTELE_DATA_DIR (a restore replaces only a database folder or an empty one).`,
    );
  // The running service holds the folder: refuse before unpacking anything.
  if (hasDatabase) lockDataDir(dataDir);
  const staging = `${dataDir}.restoring-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  try {
    let handle: Awaited<ReturnType<typeof openDatabase>>;
    try {
      handle = await openDatabase({ dataDir: staging, loadDataDir: new Blob([readFileSync(file)]) });
    } catch (error) {
      throw new Error(
        `${file} is not a Clientele backup (a file made by \`clientele backup\`): ${(error as Error).message}`,
      );
    }
    let counts: { customers: number; tables: number };
    let migrated: string[];
    try {
      migrated = await migrateToLatest(handle.db);
      counts = await countOf(handle.db);
    } finally {
      await handle.close();
    }
    // The dump carries the lock of the process that made it; that process is not this one.
    rmSync(join(staging, DATA_DIR_LOCK), { force: true });
    let replacedDir: string | null = null;
    if (hasDatabase) {
      replacedDir = `${dataDir}.replaced-${now.toISOString().replace(/[:.]/g, '-')}`;
      renameSync(dataDir, replacedDir);
      unlockDataDir(replacedDir);
    } else if (existsSync(dataDir)) {
      // Only an empty folder is replaced: a mistyped CLIENTELE_DATA_DIR must not lose its files.
      rmdirSync(dataDir);
    }
    renameSync(staging, dataDir);
    makePrivate(dataDir);
    return { ...counts, replacedDir, migrated };
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (hasDatabase) unlockDataDir(dataDir);
    throw error;
  }
}
