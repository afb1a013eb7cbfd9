import { sql } from 'kysely';
import type { RequestContext } from '../../lib/context.js';

export const idempotencyRepository = {
  /** Claims a key; answers false when it is already taken (by a live or an expired claim). */
  async claim(
    ctx: RequestContext,
    row: { key: string; operation: string; requestHash: string; expiresAt: Date },
  ) {
    const inserted = await ctx.db
      .insertInto('idempotencyKeys')
      .values({ ...row, tenantId: ctx.tenantId })
      .onConflict((oc) => oc.columns(['tenantId', 'key']).doNothing())
      .returning('key')
      .executeTakeFirst();
    return inserted !== undefined;
  },

  find(ctx: RequestContext, key: string) {
    return ctx.db
      .selectFrom('idempotencyKeys')
      .selectAll()
      .where('tenantId', '=', ctx.tenantId)
      .where('key', '=', key)
      .executeTakeFirst();
  },

  complete(ctx: RequestContext, key: string, status: number, body: unknown) {
    return ctx.db
      .updateTable('idempotencyKeys')
      .set({ responseStatus: status, responseBody: JSON.stringify(body) })
      .where('tenantId', '=', ctx.tenantId)
      .where('key', '=', key)
      .execute();
  },

  release(ctx: RequestContext, key: string) {
    return ctx.db
      .deleteFrom('idempotencyKeys')
      .where('tenantId', '=', ctx.tenantId)
      .where('key', '=', key)
      .execute();
  },

  /** Deletes an expired claim so the key can be used afresh. */
  releaseExpired(ctx: RequestContext, key: string) {
    return ctx.db
      .deleteFrom('idempotencyKeys')
      .where('tenantId', '=', ctx.tenantId)
      .where('key', '=', key)
      .where('expiresAt', '<=', sql<Date>`now()`)
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
