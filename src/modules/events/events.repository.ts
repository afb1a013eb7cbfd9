import { type Expression, type SqlBool, sql } from 'kysely';
import type { RequestContext } from '../../lib/context.js';
import type { FilterAttributes } from '../../lib/filter/filter-sql.js';
import { idFloor } from '../../lib/ids.js';
import type { PageWindow } from '../../lib/list/paginate.js';

/** What an event row says, for the timeline and the audit log alike. */
const EVENT_COLUMNS = [
  'id',
  'customerId',
  'subjectType',
  'subjectId',
  'action',
  'actorType',
  'actorId',
  'requestId',
  'data',
  'createdAt',
] as const;

/**
 * How far an event's id time may be from its created_at (the id is made by the app, created_at is
 * the transaction's start): a day is far more than any transaction runs.
 */
const ID_TIME_SLACK_MS = 86_400_000;

export const eventsRepository = {
  insert(
    ctx: RequestContext,
    event: {
      id: string;
      customerId: string | null;
      subjectType?: string | null;
      subjectId?: string | null;
      action: string;
      data: Record<string, unknown>;
    },
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

  /** Many entries by one actor in one statement (an import batch). */
  async insertMany(
    ctx: RequestContext,
    events: readonly { id: string; customerId: string; action: string; data: Record<string, unknown> }[],
  ) {
    if (events.length === 0) return;
    await ctx.db
      .insertInto('events')
      .values(
        events.map((event) => ({
          ...event,
          tenantId: ctx.tenantId,
          actorType: ctx.actor.type,
          actorId: ctx.actor.id,
          requestId: ctx.requestId ?? null,
          data: JSON.stringify(event.data),
        })),
      )
      .execute();
  },

  /** Newest first; ids are UUIDv7, so id order is time order and the index (tenant, customer, id) serves it. */
  listForCustomer(ctx: RequestContext, customerId: string, { after, rows }: PageWindow) {
    let query = ctx.db
      .selectFrom('events')
      .select(EVENT_COLUMNS)
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId);
    if (after) query = query.where('id', '<', after.id);
    return query.orderBy('id', 'desc').limit(rows).execute();
  },

  /**
   * The tenant's audit log, newest first, with a compiled filter: the primary key walks it in id
   * order, or events_actor / events_action / events_customer when the filter names one of them.
   */
  listForTenant(ctx: RequestContext, filter: Expression<SqlBool> | null, { after, rows }: PageWindow) {
    let query = ctx.db.selectFrom('events').select(EVENT_COLUMNS).where('tenantId', '=', ctx.tenantId);
    if (filter) query = query.where(filter);
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

  /**
   * Deletes up to `limit` of the tenant's events made before `before`, oldest first. The id bound
   * (a day past `before`) makes the primary key's range end there, so a run with nothing left to
   * delete reads at most a day of entries rather than the whole log.
   */
  async deleteBefore(ctx: RequestContext, before: Date, limit: number): Promise<number> {
    const bound = idFloor(new Date(before.getTime() + ID_TIME_SLACK_MS));
    const result = await ctx.db
      .deleteFrom('events')
      .where('tenantId', '=', ctx.tenantId)
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('events')
          .select('id')
          .where('tenantId', '=', ctx.tenantId)
          .where('id', '<', bound)
          .where('createdAt', '<', before)
          .orderBy('id')
          .limit(limit),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  },
};

const col = (name: string) => sql.ref(`events.${name}`);

/**
 * What the audit log's filter may name. `action` compares on the expression events_action holds,
 * so `eq` and `sw "customer."` are ranges of that index; actor and customer equalities are served
 * by events_actor and events_customer.
 */
export const auditFilterAttributes: FilterAttributes = {
  action: {
    type: 'string',
    sql: col('action'),
    indexed: { expression: sql`(${col('action')} collate "C")`, missing: sql`''` },
  },
  actorType: { type: 'string', sql: col('actorType') },
  actorId: { type: 'string', sql: col('actorId') },
  customerId: { type: 'uuid', sql: col('customerId') },
  subjectType: { type: 'string', sql: col('subjectType') },
  subjectId: { type: 'string', sql: col('subjectId') },
  requestId: { type: 'string', sql: col('requestId') },
  createdAt: { type: 'date', sql: col('createdAt') },
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
