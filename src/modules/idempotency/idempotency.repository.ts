import { sql } from 'kysely';
import type { IdempotencyOutcome } from '../../db/types.js';
import type { RequestContext } from '../../lib/context.js';

export const idempotencyRepository = {
  /**
   * Takes the key's lock for the rest of the transaction, without waiting: false when another
   * transaction holds it, i.e. a request with this key is running right now. The two-key form
   * keeps these locks apart from the single-key ones of orders.lockEmail. A transaction that
   * dies (its process killed) loses the lock with its connection, so nothing is left behind.
   */
  async tryLock(ctx: RequestContext, key: string) {
    const result = await sql<{ locked: boolean }>`
      select pg_try_advisory_xact_lock(hashtext(${ctx.tenantId}), hashtext(${key})) as locked`.execute(
      ctx.db,
    );
    return result.rows[0]?.locked === true;
  },

  find(ctx: RequestContext, key: string) {
    return ctx.db
      .selectFrom('idempotencyKeys')
      .selectAll()
      .where('tenantId', '=', ctx.tenantId)
      .where('key', '=', key)
      .executeTakeFirst();
  },

  /** Stores a finished request's answer under its key (in the transaction of its work). */
  async store(
    ctx: RequestContext,
    row: {
      key: string;
      operation: string;
      requestHash: string;
      expiresAt: Date;
      outcome: IdempotencyOutcome;
      body: unknown;
    },
  ) {
    await ctx.db
      .insertInto('idempotencyKeys')
      .values({
        tenantId: ctx.tenantId,
        key: row.key,
        operation: row.operation,
        requestHash: row.requestHash,
        expiresAt: row.expiresAt,
        outcome: row.outcome,
        responseBody: JSON.stringify(row.body),
      })
      .execute();
  },

  /**
   * Deletes a key that may be used afresh: one past its lifetime, or one without an answer (a
   * claim that an older version committed before its work, stranded when that process died).
   */
  releaseStale(ctx: RequestContext, key: string) {
    return ctx.db
      .deleteFrom('idempotencyKeys')
      .where('tenantId', '=', ctx.tenantId)
      .where('key', '=', key)
      .where((eb) => eb.or([eb('expiresAt', '<=', sql<Date>`now()`), eb('outcome', 'is', null)]))
      .execute();
  },

  /** The worker's sweep of keys past their lifetime, across tenants (index idempotency_keys_expiry). */
  async purgeExpired(db: RequestContext['db'], limit = 1000) {
    const result = await sql<{ n: number }>`
      with gone as (
        delete from idempotency_keys where ctid in (
          select ctid from idempotency_keys where expires_at <= now() limit ${limit}
        ) returning 1
      ) select count(*)::int as n from gone`.execute(db);
    return result.rows[0]?.n ?? 0;
  },
};
