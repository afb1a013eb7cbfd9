import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseHandle } from '../../src/db/database.js';
import { createTestDatabase, engine } from './db.js';

/** The built `clientele` command (npm test builds it first). */
export const cli = join(process.cwd(), 'bin', 'clientele.js');

/**
 * Where a test runs the built command in child processes, on this project's engine: a database of
 * its own on PostgreSQL (DATABASE_URL), a data folder of its own on PGlite (CLIENTELE_DATA_DIR;
 * one process at a time may open it). `close()` kills what is still running and drops both.
 */
export interface CliWorld {
  /** The children's environment: this process's, the database's, and the test's settings. */
  env: NodeJS.ProcessEnv;
  dataDir: string;
  /** PostgreSQL only: the test's own handle on the children's database. */
  pgHandle: (DatabaseHandle & { url?: string }) | null;
  /** Children to kill at close, should a test end before they do. */
  children: ChildProcess[];
  close(): Promise<void>;
}

export async function cliWorld(name: string, settings: NodeJS.ProcessEnv = {}): Promise<CliWorld> {
  const dataDir = mkdtempSync(join(tmpdir(), `clientele-${name}-`));
  const pgHandle = engine === 'postgres' ? await createTestDatabase() : null;
  const children: ChildProcess[] = [];
  return {
    env: {
      ...process.env,
      LOG_LEVEL: 'silent',
      ...settings,
      CLIENTELE_DATA_DIR: dataDir,
      DATABASE_URL: pgHandle?.url ?? '',
    },
    dataDir,
    pgHandle,
    children,
    close: async () => {
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
      await pgHandle?.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
