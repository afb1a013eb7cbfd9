import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationProvider } from '../../src/db/migrations/index.js';
import {
  idempotent,
  purgeExpiredIdempotencyKeys,
} from '../../src/modules/idempotency/idempotency.service.js';
import { startIdempotencyPurgeJob } from '../../src/worker/idempotency-purge-job.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const answer = (n: number) => async () => ({ outcome: 'created' as const, body: { n } });
const keys = () => t.handle.db.selectFrom('idempotencyKeys').select('key').orderBy('key').execute();

describe('idempotency keys', () => {
  it('replays the stored answer, refuses another request under the same key, and frees the key of a failed request', async () => {
    const first = await idempotent(t.tenant.ctx, 'k-1', 'test', { a: 1, b: 2 }, answer(1));
    expect(first).toEqual({ outcome: 'created', body: { n: 1 }, replayed: false });
    // The same request with its keys in another order is the same request.
    const again = await idempotent(t.tenant.ctx, 'k-1', 'test', { b: 2, a: 1 }, answer(2));
    expect(again).toEqual({ outcome: 'created', body: { n: 1 }, replayed: true });
    await expect(idempotent(t.tenant.ctx, 'k-1', 'test', { a: 9 }, answer(3))).rejects.toMatchObject({
      code: 'idempotency.key_reused',
    });
    await expect(
      idempotent(t.tenant.ctx, 'k-2', 'test', {}, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await idempotent(t.tenant.ctx, 'k-2', 'test', {}, answer(4))).toMatchObject({ replayed: false });
  });

  it('keeps keys 24 hours; the worker purges those past it, and an expired key starts afresh', async () => {
    await idempotent(t.tenant.ctx, 'old', 'test', {}, answer(5));
    await idempotent(t.tenant.ctx, 'fresh', 'test', {}, answer(6));
    const row = await t.handle.db
      .selectFrom('idempotencyKeys')
      .select(['createdAt', 'expiresAt'])
      .where('key', '=', 'fresh')
      .executeTakeFirstOrThrow();
    expect(new Date(row.expiresAt).getTime() - new Date(row.createdAt).getTime()).toBeGreaterThanOrEqual(
      24 * 3600_000 - 5000,
    );
    await t.handle.db
      .updateTable('idempotencyKeys')
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where('key', 'in', ['old', 'k-1'])
      .execute();
    const reused = await idempotent(t.tenant.ctx, 'k-1', 'test', { other: true }, answer(7));
    expect(reused).toEqual({ outcome: 'created', body: { n: 7 }, replayed: false });

    const logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const job = startIdempotencyPurgeJob({ db: t.handle.db, logger, everyMs: 0 });
    expect(await job.runOnce()).toBe(1);
    await job.stop();
    expect((await keys()).map((k) => k.key)).toEqual(['fresh', 'k-1', 'k-2']);
    expect(await purgeExpiredIdempotencyKeys(t.handle.db, 10)).toBe(0);
  });

  it('replays keys stored before outcomes were kept (as a status) with the same outcome, and frees their stranded claims', async () => {
    const { db } = t.handle;
    const changed = async () => ({ outcome: 'updated' as const, body: { n: 9 } });
    await idempotent(t.tenant.ctx, 'kept-created', 'test', { x: 1 }, answer(8));
    await idempotent(t.tenant.ctx, 'kept-updated', 'test', { x: 2 }, changed);
    const migrator = new Migrator({ db, provider: migrationProvider });
    const down = await migrator.migrateTo('0004-admin-lockout');
    expect(down.error).toBeUndefined();
    // The old shape: the answer's status, and a claim an older version left without an answer.
    const old = await sql<{ key: string; responseStatus: number | null }>`
      select key, response_status from idempotency_keys where key like 'kept-%' order by key`.execute(db);
    expect(old.rows).toEqual([
      { key: 'kept-created', responseStatus: 201 },
      { key: 'kept-updated', responseStatus: 200 },
    ]);
    await sql`
      insert into idempotency_keys (tenant_id, key, operation, request_hash, expires_at)
      values (${t.tenant.id}, 'kept-stranded', 'test', 'x', now() + interval '1 day')`.execute(db);
    expect((await migrator.migrateToLatest()).error).toBeUndefined();

    expect(await idempotent(t.tenant.ctx, 'kept-created', 'test', { x: 1 }, answer(10))).toEqual({
      outcome: 'created',
      body: { n: 8 },
      replayed: true,
    });
    expect(await idempotent(t.tenant.ctx, 'kept-updated', 'test', { x: 2 }, answer(11))).toEqual({
      outcome: 'updated',
      body: { n: 9 },
      replayed: true,
    });
    expect(await idempotent(t.tenant.ctx, 'kept-stranded', 'test', {}, answer(12))).toEqual({
      outcome: 'created',
      body: { n: 12 },
      replayed: false,
    });
  });
});
