import { forReading, type RequestContext } from '../../lib/context.js';
import type { Page } from '../../lib/list/list-builder.js';
import { type PageRequest, paginate } from '../../lib/list/paginate.js';
import { iso } from '../../lib/time.js';
import { requireCustomer } from '../customers/customer-records.service.js';
import { orderErrors } from './orders.errors.js';
import { type OrderListSpec, orderList, ordersRepository } from './orders.repository.js';
import type {
  CustomerOrderListQuery,
  MyOrder,
  MyOrderListQuery,
  Order,
  OrderAddress,
  OrderDetail,
  OrderListQuery,
  OrderSummary,
} from './orders.schemas.js';

type OrderRecord = NonNullable<Awaited<ReturnType<typeof ordersRepository.find>>>;
type OrderWithDetails = NonNullable<Awaited<ReturnType<typeof ordersRepository.findWithDetails>>>;

/** How many orders the customer has, cancelled and refunded ones included. */
export const countCustomerOrders = (ctx: RequestContext, customerId: string) =>
  ordersRepository.countForCustomer(ctx, customerId);

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
  // A plain read: on the request's replica when it has one (lib/context.ts readDb).
  const row = await ordersRepository.findWithDetails(forReading(ctx), id);
  if (!row) throw orderErrors.notFound();
  return orderDetailToApi(row);
}

/** The order as created (no history): the answer to POST /orders, kept for replays. */
export async function getCreatedOrder(ctx: RequestContext, id: string): Promise<Order> {
  const row = await ordersRepository.findWithDetails(ctx, id);
  if (!row) throw orderErrors.notFound();
  return orderToApi(row);
}

function pageOf(
  ctx: RequestContext,
  filters: Omit<OrderListSpec, 'window'>,
  request: PageRequest,
): Promise<Page<OrderSummary>> {
  return paginate(
    orderList,
    request,
    (window) => ordersRepository.list(ctx, { ...filters, window }),
    (rows) => rows.map(orderSummaryToApi),
    (cap) => ordersRepository.count(ctx, filters, cap),
    () => ordersRepository.estimate(ctx, filters),
  );
}

const filtersOf = (query: CustomerOrderListQuery) => ({
  siteId: query.siteId ?? null,
  status: query.status ?? null,
  placedFrom: query.placedFrom ?? null,
  placedTo: query.placedTo ?? null,
});

/**
 * The tenant's orders, newest first unless sorted by `placedAt`. `q` finds a fragment of the
 * order number, the order's email or a name on its addresses (the customer's name as the order
 * keeps it), in any case and with or without accents; a common fragment may answer a partial page.
 */
export function listOrders(caller: RequestContext, query: OrderListQuery): Promise<Page<OrderSummary>> {
  const ctx = forReading(caller);
  const q = query.q?.trim() ? query.q.trim() : null;
  return pageOf(ctx, { ...filtersOf(query), q, customerId: query.customerId ?? null }, query);
}

/** One customer's orders (index orders_customer); 404 when the customer is not this tenant's. */
export async function listCustomerOrders(
  caller: RequestContext,
  customerId: string,
  query: CustomerOrderListQuery,
): Promise<Page<OrderSummary>> {
  const ctx = forReading(caller);
  await requireCustomer(ctx, customerId);
  return pageOf(ctx, { ...filtersOf(query), q: null, customerId }, query);
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
      q: null,
      customerId,
      siteId: null,
      status: null,
      placedFrom: null,
      placedTo: null,
    },
    // The shopper's list has no sort parameter: always newest first.
    { limit: query.limit, cursor: query.cursor },
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
