import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.js';
import { cancelTaggedStatement, openBoundedRead, transactionTag } from '../../src/lib/list/plan.js';
import { createTestDatabase } from '../helpers/db.js';

/**
 * A list whose client went away cancels its statement from another connection (lib/list/plan.ts).
 * Through PgBouncer's transaction pooling the list's server connection may already run another
 * client's statement when that cancel arrives. Here one connection stands for that pooled server
 * connection: its first transaction is the list's, its next statement the other client's.
 */
let handle: DatabaseHandle & { url?: string };
let pooled: pg.Client;

beforeAll(async () => {
  handle = await createTestDatabase();
  pooled = new pg.Client({ connectionString: handle.url });
  await pooled.connect();
});
afterAll(async () => {
  await pooled.end();
  await handle.close();
});

/** Opens a list's transaction under its own name, as plan.ts does; answers the name and the backend. */
const begin = async () => {
  const tag = transactionTag('list');
  await pooled.query(openBoundedRead(20_000, tag));
  const { rows } = await pooled.query<{ pid: number }>('select pg_backend_pid() as pid');
  return { tag, pid: rows[0]!.pid };
};

/** Waits until the pooled connection's backend is running a statement. */
async function running(pid: number) {
  const watcher = new pg.Client({ connectionString: handle.url });
  await watcher.connect();
  try {
    for (let i = 0; i < 100; i++) {
      const { rows } = await watcher.query('select state from pg_stat_activity where pid = $1', [pid]);
      if (rows[0]?.state === 'active') return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('the statement did not start');
  } finally {
    await watcher.end();
  }
}

describe('a late cancel of a list', () => {
  it('cancels the list while its transaction runs', async () => {
    const list = await begin();
    // Settled at once into a value, so its rejection is not unhandled while the cancel runs.
    const slow = pooled.query('select pg_sleep(10)').then(
      () => null,
      (error: { code?: string }) => error,
    );
    await running(list.pid);
    expect(await cancelTaggedStatement(handle.db, list.tag)).toBe(true);
    expect(await slow).toMatchObject({ code: '57014' });
    await pooled.query('rollback');
  });

  it('leaves alone the statement the same server connection runs for the next client', async () => {
    const list = await begin();
    await pooled.query('commit');
    // The connection is back in the pool and serving someone else when the cancel arrives.
    const neighbour = pooled.query('select pg_sleep(0.5), 1 as done');
    await running(list.pid);
    expect(await cancelTaggedStatement(handle.db, list.tag)).toBe(false);
    await expect(neighbour).resolves.toMatchObject({ rows: [{ done: 1 }] });
  });
});
