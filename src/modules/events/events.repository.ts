import type { RequestContext } from '../../lib/context.js';
import type { PageWindow } from '../../lib/list/paginate.js';

export const eventsRepository = {
  insert(
    ctx: RequestContext,
    event: { id: string; customerId: string; action: string; data: Record<string, unknown> },
  ) {
    return ctx.db
      .insertInto('events')
      .values({
        ...event,
        tenantId: ctx.tenantId,
        actorType: ctx.actor.type,
        actorId: ctx.actor.id,
        requestId: ctx.requestId ?? null,
        data: JSON.stringify(event.data),
      })
      .execute();
  },

  /** Newest first; ids are UUIDv7, so id order is time order and the index (tenant, customer, id) serves it. */
  listForCustomer(ctx: RequestContext, customerId: string, { after, rows }: PageWindow) {
    let query = ctx.db
      .selectFrom('events')
      .select(['id', 'action', 'actorType', 'actorId', 'data', 'createdAt'])
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId);
    if (after) query = query.where('id', '<', after.id);
    return query.orderBy('id', 'desc').limit(rows).execute();
  },

  /** A merge: one customer's timeline joins the other's (ids are times, so it interleaves in order). */
  async moveToCustomer(ctx: RequestContext, fromId: string, toId: string): Promise<number> {
    const result = await ctx.db
      .updateTable('events')
      .set({ customerId: toId })
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', fromId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  },
};

/** Every entry of a customer's timeline, oldest first, for their data export and their erasure. */
export function timelineRows(ctx: RequestContext, customerId: string) {
  return ctx.db
    .selectFrom('events')
    .select(['id', 'action', 'actorType', 'actorId', 'requestId', 'data', 'createdAt'])
    .where('tenantId', '=', ctx.tenantId)
    .where('customerId', '=', customerId)
    .orderBy('id')
    .execute();
}

/** Writes an entry's redacted data back (erasure); the entry, its action, actor and time stay. */
export async function setEventData(ctx: RequestContext, id: string, data: Record<string, unknown>) {
  await ctx.db
    .updateTable('events')
    .set({ data: JSON.stringify(data) })
    .where('tenantId', '=', ctx.tenantId)
    .where('id', '=', id)
    .execute();
}
