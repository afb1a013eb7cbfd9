import type { RequestContext } from '../../lib/context.js';

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
        data: JSON.stringify(event.data),
      })
      .execute();
  },

  /** Newest first; ids are UUIDv7, so id order is time order and the index (tenant, customer, id) serves it. */
  listForCustomer(ctx: RequestContext, customerId: string, limit: number, beforeId: string | null) {
    let query = ctx.db
      .selectFrom('events')
      .select(['id', 'action', 'actorType', 'actorId', 'data', 'createdAt'])
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId);
    if (beforeId) query = query.where('id', '<', beforeId);
    return query
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
  },
};
