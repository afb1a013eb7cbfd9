import type { RequestContext } from '../../lib/context.js';
import { decodeCursor, encodeCursor, keyValue, type Page, parseSort } from '../../lib/list/list-builder.js';
import { iso } from '../../lib/time.js';
import { requireCustomer } from '../customers/customer-records.service.js';
import { orderErrors } from './orders.errors.js';
import { type OrderListSpec, orderSortFields, ordersRepository } from './orders.repository.js';
import {
  type CustomerOrderListQuery,
  type MyOrder,
  type MyOrderListQuery,
  type Order,
  type OrderAddress,
  type OrderDetail,
  type OrderListQuery,
  type OrderSummary,
  orderSort,
} from './orders.schemas.js';

type OrderRecord = NonNullable<Awaited<ReturnType<typeof ordersRepository.find>>>;
type OrderWithDetails = NonNullable<Awaited<ReturnType<typeof ordersRepository.findWithDetails>>>;

/** How many orders the customer has, cancelled and refunded ones included. */
export const countCustomerOrders = (ctx: RequestContext, customerId: string) =>
  ordersRepository.countForCustomer(ctx, customerId);

export const DEFAULT_ORDER_SORT = orderSort.default;

export function orderSummaryToApi(row: OrderRecord): OrderSummary {
  return {
    id: row.id,
    siteId: row.siteId,
    customerId: row.customerId,
    number: row.number,
    status: row.status,
    currency: row.currency,
    subtotal: row.subtotalMinor,
    discountTotal: row.discountMinor,
    taxTotal: row.taxMinor,
    shippingTotal: row.shippingMinor,
    total: row.totalMinor,
    refundedTotal: row.refundedMinor,
    email: row.email,
    placedAt: iso(row.placedAt),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

function orderToApi(row: OrderWithDetails): Order {
  return {
    ...orderSummaryToApi(row),
    billingAddress: row.billingAddress as OrderAddress | null,
    shippingAddress: row.shippingAddress as OrderAddress | null,
    lines: row.lines.map((line) => ({
      lineNo: line.lineNo,
      sku: line.sku,
      name: line.name,
      quantity: line.quantity,
      unitPrice: Number(line.unitPriceMinor),
      discount: Number(line.discountMinor),
      tax: Number(line.taxMinor),
      total: Number(line.totalMinor),
    })),
  };
}

const amountOf = (value: number | null) => (value === null ? null : Number(value));

function orderDetailToApi(row: OrderWithDetails): OrderDetail {
  return {
    ...orderToApi(row),
    statusHistory: row.statusHistory.map((change) => ({
      id: change.id,
      fromStatus: change.fromStatus,
      toStatus: change.toStatus,
      amount: amountOf(change.amountMinor),
      note: change.note,
      actor: { type: change.actorType, id: change.actorId },
      createdAt: iso(change.createdAt),
    })),
  };
}

/** The order with its lines and status history; another tenant's id is "not found". */
export async function getOrder(ctx: RequestContext, id: string): Promise<OrderDetail> {
  const row = await ordersRepository.findWithDetails(ctx, id);
  if (!row) throw orderErrors.notFound();
  return orderDetailToApi(row);
}

/** The order as created (no history): the answer to POST /orders, kept for replays. */
export async function getCreatedOrder(ctx: RequestContext, id: string): Promise<Order> {
  const row = await ordersRepository.findWithDetails(ctx, id);
  if (!row) throw orderErrors.notFound();
  return orderToApi(row);
}

async function pageOf(
  ctx: RequestContext,
  spec: Omit<OrderListSpec, 'keys' | 'after'>,
  sort: string | undefined,
  cursor: string | undefined,
): Promise<Page<OrderSummary>> {
  const keys = parseSort(sort, orderSortFields, DEFAULT_ORDER_SORT);
  const after = cursor ? decodeCursor(cursor, keys) : null;
  const rows = await ordersRepository.list(ctx, { ...spec, keys, after });
  const page = rows.slice(0, spec.limit);
  const last = page.at(-1) as (OrderRecord & Record<string, unknown>) | undefined;
  const nextCursor =
    rows.length > spec.limit && last
      ? encodeCursor(
          keys,
          keys.map((key, i) => keyValue(last[`c${i}`], key.field.type)),
          last.id,
        )
      : null;
  return { data: page.map((row) => orderSummaryToApi(row as OrderRecord)), nextCursor };
}

const filtersOf = (query: CustomerOrderListQuery) => ({
  siteId: query.siteId ?? null,
  status: query.status ?? null,
  placedFrom: query.placedFrom ?? null,
  placedTo: query.placedTo ?? null,
  limit: query.limit ?? 50,
});

/**
 * The tenant's orders, newest first unless sorted by `placedAt`. `q` is an email when it holds
 * an `@` (exact, any case) and otherwise an order number or its beginning.
 */
export function listOrders(ctx: RequestContext, query: OrderListQuery): Promise<Page<OrderSummary>> {
  const q = query.q?.trim() ? query.q.trim() : null;
  const isEmail = q?.includes('@') ?? false;
  return pageOf(
    ctx,
    {
      ...filtersOf(query),
      numberPrefix: q !== null && !isEmail ? q : null,
      email: q !== null && isEmail ? q : null,
      customerId: query.customerId ?? null,
    },
    query.sort,
    query.cursor,
  );
}

/** One customer's orders (index orders_customer); 404 when the customer is not this tenant's. */
export async function listCustomerOrders(
  ctx: RequestContext,
  customerId: string,
  query: CustomerOrderListQuery,
): Promise<Page<OrderSummary>> {
  await requireCustomer(ctx, customerId);
  return pageOf(
    ctx,
    { ...filtersOf(query), numberPrefix: null, email: null, customerId },
    query.sort,
    query.cursor,
  );
}

/** The signed-in shopper's orders, newest first. */
export function listMyOrders(
  ctx: RequestContext,
  customerId: string,
  query: MyOrderListQuery,
): Promise<Page<OrderSummary>> {
  return pageOf(
    ctx,
    {
      numberPrefix: null,
      email: null,
      customerId,
      siteId: null,
      status: null,
      placedFrom: null,
      placedTo: null,
      limit: query.limit ?? 50,
    },
    undefined,
    query.cursor,
  );
}

/** One of the shopper's orders; any other order, whoever's, is "not found". */
export async function getMyOrder(ctx: RequestContext, customerId: string, orderId: string): Promise<MyOrder> {
  const row = await ordersRepository.findWithDetails(ctx, orderId);
  if (!row || row.customerId !== customerId) throw orderErrors.notFound();
  return {
    ...orderToApi(row),
    statusHistory: row.statusHistory.map((change) => ({
      fromStatus: change.fromStatus,
      toStatus: change.toStatus,
      amount: amountOf(change.amountMinor),
      createdAt: iso(change.createdAt),
    })),
  };
}
