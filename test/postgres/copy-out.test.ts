import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyCsvOut } from '../../src/db/copy-out.js';
import type { DatabaseHandle } from '../../src/db/database.js';
import { createTestDatabase } from '../helpers/db.js';

/**
 * The CSV export's COPY stream (src/db/copy-out.ts) on a PostgreSQL server: what it sends, and
 * that a reader who stops early, or a cancelled job, leaves no COPY running on the server.
 */
let handle: DatabaseHandle & { url?: string };
let watcher: pg.Client;

beforeAll(async () => {
  handle = await createTestDatabase();
  watcher = new pg.Client({ connectionString: handle.url });
  await watcher.connect();
});
afterAll(async () => {
  await watcher.end();
  await handle.close();
});

/** Statements of this database still running a COPY, a moment after the reader let go. */
async function copiesRunning() {
  for (let i = 0; i < 50; i++) {
    const { rows } = await watcher.query<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid() and state = 'active' and query ilike 'copy (%'`,
    );
    if (rows[0]!.n === 0) return 0;
    await new Promise((r) => setTimeout(r, 100));
  }
  return 1;
}

/**
 * A COPY far too long to finish while a test runs: 50 million rows, made as they are sent (a
 * set-returning function in the select list streams; in FROM it would be gathered first).
 */
const endless = () =>
  sql`select x, 'row ' || x from (select generate_series(1, 50000000) as x) as s`.compile(handle.db);

describe('COPY out of a PostgreSQL pool', () => {
  it("sends PostgreSQL's CSV with the parameters written in, and the row count at the end", async () => {
    const copy = copyCsvOut(
      handle.db,
      sql`select x, ${'a "quoted", value'} as q, ${null}::text as nothing from generate_series(1, ${3}) as x`.compile(
        handle.db,
      ),
    );
    const chunks: Buffer[] = [];
    for await (const chunk of copy.chunks) chunks.push(chunk);
    expect(Buffer.concat(chunks).toString()).toBe(
      '1,"a ""quoted"", value",\n2,"a ""quoted"", value",\n3,"a ""quoted"", value",\n',
    );
    expect(copy.rows()).toBe(3);
  });

  it('ends the statement when the reader stops early, and the pool serves the next query', async () => {
    const copy = copyCsvOut(handle.db, endless());
    let read = 0;
    for await (const chunk of copy.chunks) {
      read += chunk.length;
      if (read > 1_000_000) break;
    }
    expect(read).toBeGreaterThan(1_000_000);
    expect(await copiesRunning()).toBe(0);
    const after = await sql<{ one: number }>`select 1 as one`.execute(handle.db);
    expect(after.rows).toEqual([{ one: 1 }]);
  });

  it('ends the statement when its job is cancelled (the signal), with an error for the reader', async () => {
    const controller = new AbortController();
    const copy = copyCsvOut(handle.db, endless(), controller.signal);
    let read = 0;
    const reading = (async () => {
      for await (const chunk of copy.chunks) {
        read += chunk.length;
        if (read > 100_000 && !controller.signal.aborted) controller.abort();
      }
    })();
    await expect(reading).rejects.toThrow(/cancelled/);
    expect(await copiesRunning()).toBe(0);
    expect((await sql<{ one: number }>`select 1 as one`.execute(handle.db)).rows).toEqual([{ one: 1 }]);
  });

  it('cancels a statement that has sent nothing yet (still sorting, here sleeping) when its job is cancelled', async () => {
    const controller = new AbortController();
    // A backend busy before its first row never writes to the closed socket, so only a cancel stops it.
    const copy = copyCsvOut(handle.db, sql`select pg_sleep(${60})`.compile(handle.db), controller.signal);
    const reading = (async () => {
      for await (const _ of copy.chunks) {
        // Nothing arrives before the cancel.
      }
    })();
    setTimeout(() => controller.abort(), 300);
    await expect(reading).rejects.toThrow(/cancelled/);
    expect(await copiesRunning()).toBe(0);
  });

  it("fails with the server's error for a bad statement, and gives its connection back", async () => {
    const copy = copyCsvOut(handle.db, sql`select 1 / ${0}`.compile(handle.db));
    await expect(
      (async () => {
        for await (const _ of copy.chunks) {
          // Nothing arrives: the division fails first.
        }
      })(),
    ).rejects.toThrow(/division by zero/);
    expect((await sql<{ one: number }>`select 1 as one`.execute(handle.db)).rows).toEqual([{ one: 1 }]);
  });
});
