import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../src/db/database.js';
import { jobRunner } from '../../src/worker/job-runner.js';
import { type CliWorld, cli, cliWorld } from '../helpers/cli.js';

/**
 * The built `clientele import` in a child process, killed with SIGKILL mid-import (after some
 * batches have committed), then the job resumed by a worker on the same database: every good row
 * is there once, none twice. PostgreSQL: a database of its own, watched while the child runs;
 * PGlite: a data folder of its own, reopened after the kill.
 */
const ROWS = 30_000;
const BAD_EVERY = 100;

let world: CliWorld;
let pgHandle: CliWorld['pgHandle'];
let dataDir: string;
let env: NodeJS.ProcessEnv;
let child: ChildProcess | null = null;

beforeAll(async () => {
  world = await cliWorld('import-crash');
  ({ pgHandle, dataDir, env } = world);
});
afterAll(async () => {
  if (child?.exitCode === null) child.kill('SIGKILL');
  await world.close();
});

const doneRows = async (db: DatabaseHandle['db']) =>
  Number(
    (await sql<{ n: number }>`select coalesce(max(progress_done), 0) as n from jobs`.execute(db)).rows[0]
      ?.n ?? 0,
  );

describe('an import killed mid-way', () => {
  it('resumes after its last committed batch, with every good row once', async () => {
    const file = join(dataDir, 'big.csv');
    const lines = ['email,firstName,lastName'];
    for (let i = 1; i <= ROWS; i++)
      lines.push(i % BAD_EVERY === 0 ? `broken-${i},Bad,Row` : `crash-${i}@example.com,First${i},Last${i}`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    child = spawn(process.execPath, [cli, 'import', file], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    // Off a terminal the CLI prints a progress line a second (`| N rows |`): the rows committed.
    let shown = 0;
    child.stderr?.on('data', (chunk: Buffer) => {
      for (const match of chunk.toString().matchAll(/\| (\d+) rows \|/g))
        shown = Math.max(shown, Number(match[1]));
    });
    // Kill once some batches have committed, and well before the end (PGlite's folder cannot be
    // read while the child holds it, so there the CLI's own progress says when).
    const committed = async () => (pgHandle ? doneRows(pgHandle.db) : shown);
    for (let waited = 0; (await committed()) < 4000 && waited < 90_000; waited += 50)
      await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGKILL');
    await exited;

    const handle = pgHandle ?? (await openDatabase({ dataDir }));
    try {
      const before = await doneRows(handle.db);
      if (pgHandle) expect(before).toBeGreaterThan(0);
      expect(before).toBeLessThan(ROWS);
      // The dead worker's lease ends (here at once, rather than after 30 s).
      await sql`update jobs set lease_until = now() - interval '1 second' where status = 'running'`.execute(
        handle.db,
      );
      const worker = jobRunner.start({
        db: handle.db,
        logger: { info() {}, warn() {}, error() {} },
        everyMs: 0,
      });
      await worker.runOnce();
      await worker.stop();
      const job = (
        await sql<{ status: string; result: Record<string, number>; attempts: number }>`
        select status, result, attempts from jobs`.execute(handle.db)
      ).rows[0];
      expect(job?.status).toBe('succeeded');
      expect(job?.attempts).toBe(2);
      const good = ROWS - ROWS / BAD_EVERY;
      const counts = (
        await sql<{ all: number; distinct: number }>`
          select count(*)::int as all, count(distinct lower(email))::int as distinct from customers
          where email like 'crash-%'`.execute(handle.db)
      ).rows[0];
      expect(counts).toEqual({ all: good, distinct: good });
      const errors = (await sql<{ n: number }>`select count(*)::int as n from job_errors`.execute(handle.db))
        .rows[0];
      expect(errors?.n).toBe(ROWS / BAD_EVERY);
      expect(job?.result).toMatchObject({ rows: ROWS, failed: ROWS / BAD_EVERY });
    } finally {
      if (!pgHandle) await handle.close();
    }
  }, 180_000);
});
