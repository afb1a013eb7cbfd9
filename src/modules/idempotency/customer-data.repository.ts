import { sql } from 'kysely';
import type { RequestContext } from '../../lib/context.js';

/**
 * Stored answers that name the customer (an order's body holds its email and addresses). The keys
 * have no customer column, so this reads the tenant's keys, which the purge keeps to about a day
 * of writes (IDEMPOTENCY_TTL_HOURS); an erasure is rare enough to afford it.
 */
export async function deleteAnswersNaming(ctx: RequestContext, customerId: string) {
  const result = await ctx.db
    .deleteFrom('idempotencyKeys')
    .where('tenantId', '=', ctx.tenantId)
    .where(sql`response_body::text`, 'like', `%${customerId}%`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
