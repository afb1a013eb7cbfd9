import { sql } from 'kysely';
import type { RequestContext } from '../../lib/context.js';

/** The emails of a customer (by id, or to one of their addresses) for the data export and erasure. */
const ofCustomer = (ctx: RequestContext, customerId: string, addresses: readonly string[]) => {
  const lower = addresses.map((a) => a.toLowerCase());
  return ctx.db
    .selectFrom('emailOutbox')
    .where('tenantId', '=', ctx.tenantId)
    .where((eb) =>
      lower.length === 0
        ? eb('customerId', '=', customerId)
        : eb.or([eb('customerId', '=', customerId), eb(sql`lower(to_address)`, 'in', lower)]),
    );
};

export const emailDataRepository = {
  /** What was sent or queued, without the bodies: a sent link's body is gone, a queued one's is a live link. */
  list(ctx: RequestContext, customerId: string, addresses: readonly string[]) {
    return ofCustomer(ctx, customerId, addresses)
      .select([
        'id',
        'siteId',
        'template',
        'toAddress',
        'subject',
        'status',
        'attempts',
        'sentAt',
        'createdAt',
      ])
      .orderBy('createdAt')
      .orderBy('id')
      .execute();
  },

  async deleteAll(ctx: RequestContext, customerId: string, addresses: readonly string[]) {
    const ids = ofCustomer(ctx, customerId, addresses).select('id');
    const result = await ctx.db
      .deleteFrom('emailOutbox')
      .where('tenantId', '=', ctx.tenantId)
      .where('id', 'in', ids)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  },
};
