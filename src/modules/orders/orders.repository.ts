import { type Expression, type Insertable, type Selectable, type SqlBool, sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { OrderLinesTable, OrderStatus, OrdersTable } from '../../db/types.js';
import type { RequestContext } from '../../lib/context.js';
import { containsFolded } from '../../lib/filter/folded-search.js';
import { plannedRows } from '../../lib/list/estimate.js';
import {
  afterCursor,
  orderTerms,
  type SortField,
  type SortFields,
  sortSignature,
} from '../../lib/list/list-builder.js';
import { keyColumns, type ListSpec, type PageWindow, type ReadRows } from '../../lib/list/paginate.js';
import { listPlan, readPlanned, withinTime } from '../../lib/list/plan.js';
import { type OrderSortField, orderSort } from './orders.schemas.js';

const col = (name: string) => sql.ref(`orders.${name}`);

/** Sort keys, written as in the indexes orders_placed and orders_customer (placed_at desc, id desc). */
export const orderSortFields = {
  placedAt: { expression: sql`${col('placedAt')}`, type: 'timestamptz' },
} satisfies Record<OrderSortField, SortField> as SortFields;

/** Every order list (tenant-wide, a customer's, the shopper's own) as a list. */
export const orderList: ListSpec = { sortFields: orderSortFields, defaultSort: orderSort.default };

/** Cancelled and refunded orders no longer count toward a customer's metrics. */
export const UNCOUNTED: readonly OrderStatus[] = ['cancelled', 'refunded'];

const orderColumns = [
  'orders.id',
  'orders.siteId',
  'orders.customerId',
  'orders.number',
  'orders.status',
  'orders.currency',
  'orders.subtotalMinor',
  'orders.discountMinor',
  'orders.taxMinor',
  'orders.shippingMinor',
  'orders.totalMinor',
  'orders.refundedMinor',
  'orders.email',
  'orders.billingAddress',
  'orders.shippingAddress',
  'orders.placedAt',
  'orders.version',
  'orders.createdAt',
  'orders.updatedAt',
] as const;

/** An order as a list reads it: the columns above. */
export type OrderSummaryRow = Pick<
  Selectable<OrdersTable>,
  (typeof orderColumns)[number] extends `orders.${infer Column}` ? Column : never
>;

/** An order as placed: the columns the service fills; the repository adds tenant and status. */
export type NewOrder = Required<
  Pick<
    Insertable<OrdersTable>,
    | 'id'
    | 'siteId'
    | 'customerId'
    | 'number'
    | 'currency'
    | 'subtotalMinor'
    | 'discountMinor'
    | 'taxMinor'
    | 'shippingMinor'
    | 'totalMinor'
    | 'email'
    | 'placedAt'
  >
> &
  // Addresses are given as objects; insert() serialises them.
  Pick<Selectable<OrdersTable>, 'billingAddress' | 'shippingAddress'>;

export type NewOrderLine = Required<Omit<Insertable<OrderLinesTable>, 'tenantId' | 'orderId'>>;

export interface OrderListSpec {
  /** A fragment of the order number, the order's email or a name on its addresses; any case or accents. */
  q: string | null;
  customerId: string | null;
  siteId: string | null;
  status: OrderStatus | null;
  placedFrom: string | null;
  placedTo: string | null;
  window: PageWindow;
}

const json = (value: Record<string, unknown> | null) => (value === null ? null : JSON.stringify(value));

/**
 * The conditions of an order list's filters, shared by its page, its count and its estimate (so
 * the total counts what the pages show).
 */
function orderConditions(spec: Omit<OrderListSpec, 'window' | 'q'>): Expression<SqlBool>[] {
  const where: Expression<SqlBool>[] = [];
  if (spec.customerId !== null) where.push(sql<SqlBool>`${col('customerId')} = ${spec.customerId}`);
  if (spec.siteId !== null) where.push(sql<SqlBool>`${col('siteId')} = ${spec.siteId}`);
  if (spec.status !== null) where.push(sql<SqlBool>`${col('status')} = ${spec.status}`);
  if (spec.placedFrom !== null)
    where.push(sql<SqlBool>`${col('placedAt')} >= ${spec.placedFrom}::timestamptz`);
  if (spec.placedTo !== null) where.push(sql<SqlBool>`${col('placedAt')} < ${spec.placedTo}::timestamptz`);
  return where;
}

/**
 * The search: a fragment of the text migration 0020 indexes (orders_search_trgm), written as the
 * index's expression so PostgreSQL can collect a rare fragment's few orders through it.
 */
export function orderSearch(q: string | null): Expression<SqlBool> | null {
  if (q === null) return null;
  const text = sql`clientele_order_search_text(${col('number')}, ${col('email')}, ${col('billingAddress')}, ${col('shippingAddress')})`;
  return containsFolded(text, q.toLowerCase());
}

/** The filters and the search together, for the count and the estimate. */
function allConditions(spec: Omit<OrderListSpec, 'window'>): Expression<SqlBool>[] {
  const search = orderSearch(spec.q);
  return search ? [...orderConditions(spec), search] : orderConditions(spec);
}

export const ordersRepository = {
  /** How many orders a customer has, whatever their status; served by orders_customer. */
  async countForCustomer(ctx: RequestContext, customerId: string): Promise<number> {
    const row = await ctx.db
      .selectFrom('orders')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  },

  insert(ctx: RequestContext, order: NewOrder) {
    return ctx.db
      .insertInto('orders')
      .values({
        ...order,
        tenantId: ctx.tenantId,
        status: 'placed',
        refundedMinor: 0,
        billingAddress: json(order.billingAddress),
        shippingAddress: json(order.shippingAddress),
      })
      .returning(['id'])
      .executeTakeFirstOrThrow();
  },

  insertLines(ctx: RequestContext, orderId: string, lines: NewOrderLine[]) {
    return ctx.db
      .insertInto('orderLines')
      .values(lines.map((line) => ({ ...line, orderId, tenantId: ctx.tenantId })))
      .execute();
  },

  insertStatusChange(
    ctx: RequestContext,
    change: {
      id: string;
      orderId: string;
      fromStatus: OrderStatus | null;
      toStatus: OrderStatus;
      amountMinor: number | null;
      note: string | null;
    },
  ) {
    return ctx.db
      .insertInto('orderStatusChanges')
      .values({ ...change, tenantId: ctx.tenantId, actorType: ctx.actor.type, actorId: ctx.actor.id })
      .execute();
  },

  /** The order with its lines and status history, in one query. */
  findWithDetails(ctx: RequestContext, id: string) {
    return ctx.db
      .selectFrom('orders')
      .select(orderColumns)
      .select((eb) => [
        jsonArrayFrom(
          eb
            .selectFrom('orderLines')
            .select([
              'lineNo',
              'sku',
              'name',
              'quantity',
              'unitPriceMinor',
              'discountMinor',
              'taxMinor',
              'totalMinor',
            ])
            .whereRef('orderLines.tenantId', '=', 'orders.tenantId')
            .whereRef('orderLines.orderId', '=', 'orders.id')
            .orderBy('orderLines.lineNo'),
        ).as('lines'),
        jsonArrayFrom(
          eb
            .selectFrom('orderStatusChanges')
            .select([
              'id',
              'fromStatus',
              'toStatus',
              'amountMinor',
              'note',
              'actorType',
              'actorId',
              'createdAt',
            ])
            .whereRef('orderStatusChanges.tenantId', '=', 'orders.tenantId')
            .whereRef('orderStatusChanges.orderId', '=', 'orders.id')
            // UUIDv7 ids: id order is time order (index order_status_changes_order).
            .orderBy('orderStatusChanges.id'),
        ).as('statusHistory'),
      ])
      .where('orders.tenantId', '=', ctx.tenantId)
      .where('orders.id', '=', id)
      .executeTakeFirst();
  },

  find(ctx: RequestContext, id: string) {
    return ctx.db
      .selectFrom('orders')
      .select(orderColumns)
      .where('orders.tenantId', '=', ctx.tenantId)
      .where('orders.id', '=', id)
      .executeTakeFirst();
  },

  /** Reads the order under a row lock, so two status changes cannot both start from one state. */
  findForUpdate(ctx: RequestContext, id: string) {
    return ctx.db
      .selectFrom('orders')
      .select(orderColumns)
      .where('orders.tenantId', '=', ctx.tenantId)
      .where('orders.id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  },

  setStatus(ctx: RequestContext, id: string, status: OrderStatus, refundedMinor: number) {
    return ctx.db
      .updateTable('orders')
      .set({ status, refundedMinor, updatedAt: new Date() })
      .set((eb) => ({ version: eb('version', '+', 1) }))
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .execute();
  },

  /** One page (limit + 1 rows, to know whether another follows). */
  list(ctx: RequestContext, spec: OrderListSpec): Promise<ReadRows<OrderSummaryRow>> {
    const { keys, after, rows } = spec.window;
    const select = (db: RequestContext['db']) => {
      let query = db
        .selectFrom('orders')
        .select(orderColumns)
        .select(keyColumns(keys))
        .where('orders.tenantId', '=', ctx.tenantId);
      const where = orderConditions(spec);
      if (after) where.push(afterCursor(keys, after.values, after.id, col('id')));
      for (const condition of where) query = query.where(condition);
      return query;
    };
    const search = orderSearch(spec.q);
    if (search === null)
      return select(ctx.db)
        .orderBy(orderTerms(keys, col('id')))
        .limit(rows)
        .execute();
    // A fragment is rare (collected through orders_search_trgm) or common (a bounded walk of
    // orders_placed that may answer a partial page): lib/list/plan.ts chooses, as for customers.
    return readPlanned<OrderSummaryRow>(ctx, {
      window: spec.window,
      idColumn: col('id'),
      select,
      condition: search,
      planKey: [
        'orders',
        ctx.tenantId,
        sortSignature(keys),
        spec.customerId,
        spec.siteId,
        spec.status,
        spec.placedFrom,
        spec.placedTo,
        spec.q,
      ].join('\n'),
    });
  },

  /** The matching orders, counted up to `cap` + 1 (an index range at most that long), or null out of time. */
  count(ctx: RequestContext, spec: Omit<OrderListSpec, 'window'>, cap: number): Promise<number | null> {
    const counted = async (db: RequestContext['db']) => {
      let inner = db
        .selectFrom('orders')
        .select(sql`1`.as('one'))
        .where('orders.tenantId', '=', ctx.tenantId);
      for (const condition of allConditions(spec)) inner = inner.where(condition);
      const row = await db
        .selectFrom(inner.limit(cap + 1).as('o'))
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    };
    return withinTime(ctx, listPlan.countTimeoutMs, (trx) => counted(trx.db));
  },

  /** The planner's estimate of the matching orders (a total beyond the count's cap: "about N"). */
  estimate(ctx: RequestContext, spec: Omit<OrderListSpec, 'window'>): Promise<number> {
    let query = ctx.db
      .selectFrom('orders')
      .select(sql`1`.as('one'))
      .where('orders.tenantId', '=', ctx.tenantId);
    for (const condition of allConditions(spec)) query = query.where(condition);
    return plannedRows(query);
  },

  /** Moves every order of `fromIds` to `toId`; answers how many moved. */
  async moveOrders(ctx: RequestContext, fromIds: readonly string[], toId: string) {
    const result = await ctx.db
      .updateTable('orders')
      .set({ customerId: toId, updatedAt: new Date() })
      .set((eb) => ({ version: eb('version', '+', 1) }))
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', 'in', fromIds)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  },

  // ---- Attaching checkouts to customers ----------------------------------------------------

  /**
   * Holds a transaction-long lock on one email of a customer set, so two checkouts with a new
   * email that register their shopper automatically make one customer, not a unique-index error.
   */
  async lockEmail(ctx: RequestContext, customerSetId: string, email: string) {
    const key = `order-email:${ctx.tenantId}:${customerSetId}:${email.toLowerCase()}`;
    await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(ctx.db);
  },
};
