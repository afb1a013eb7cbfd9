import type { OrderStatus } from '../../db/types.js';
import { inTransaction, type RequestContext } from '../../lib/context.js';
import { FieldErrors } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { trimmedOrNull } from '../../lib/text.js';
import { returnCreditForOrder } from '../credit/credit.service.js';
import { lockCustomerRows, reduceSpent, uncountOrder } from '../customers/customer-records.service.js';
import { recordEvent } from '../events/events.service.js';
import { type IdempotentResult, idempotent } from '../idempotency/idempotency.service.js';
import { getOrder } from './order-reads.service.js';
import { orderErrors } from './orders.errors.js';
import { ordersRepository, UNCOUNTED } from './orders.repository.js';
import type { OrderDetail, OrderStatusChangeBody } from './orders.schemas.js';

/** The status changes an order may make (docs/orders.md draws them). */
export const TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  placed: ['paid', 'cancelled'],
  paid: ['fulfilled', 'cancelled', 'refunded', 'partially_refunded'],
  fulfilled: ['refunded', 'partially_refunded'],
  partially_refunded: ['partially_refunded', 'refunded'],
  cancelled: [],
  refunded: [],
};

function checkAmount(body: OrderStatusChangeBody) {
  const errors = new FieldErrors();
  if (body.status === 'partially_refunded' && body.amount === undefined) errors.add('/amount', 'is required');
  if (body.status !== 'partially_refunded' && body.amount !== undefined)
    errors.add('/amount', 'is only for partially_refunded');
  errors.throwIfAny();
}

/**
 * Reads the order locked for the change. The customer's row is locked first (the order a
 * metric change takes locks in), and if the order moved to another customer meanwhile (a guest
 * taken over at registration), the new customer is locked instead.
 */
async function lockOrder(ctx: RequestContext, orderId: string) {
  let customerId = (await ordersRepository.find(ctx, orderId))?.customerId;
  for (let attempt = 0; customerId && attempt < 3; attempt++) {
    await lockCustomerRows(ctx, [customerId]);
    const order = await ordersRepository.findForUpdate(ctx, orderId);
    if (!order || order.customerId === customerId) return order;
    customerId = order.customerId;
  }
  throw orderErrors.notFound();
}

async function applyChange(ctx: RequestContext, orderId: string, body: OrderStatusChangeBody) {
  const order = await lockOrder(ctx, orderId);
  if (!order) throw orderErrors.notFound();
  const from = order.status;
  const to = body.status;
  if (!TRANSITIONS[from].includes(to)) throw orderErrors.invalidTransition(from, to);
  const left = order.totalMinor - order.refundedMinor;
  let refunded = order.refundedMinor;
  let amount: number | null = null;
  if (to === 'partially_refunded') {
    amount = body.amount!;
    if (amount >= left) throw orderErrors.refundTooLarge(left);
    refunded += amount;
  } else if (to === 'refunded') {
    amount = left;
    refunded = order.totalMinor;
  }
  await ordersRepository.setStatus(ctx, orderId, to, refunded);
  await ordersRepository.insertStatusChange(ctx, {
    id: newId(),
    orderId,
    fromStatus: from,
    toStatus: to,
    amountMinor: amount,
    note: trimmedOrNull(body.note),
  });
  const voided = UNCOUNTED.includes(to);
  if (voided)
    await uncountOrder(ctx, order.customerId, { currency: order.currency, contribution: left }, UNCOUNTED);
  else if (amount !== null) await reduceSpent(ctx, order.customerId, order.currency, amount);
  await recordEvent(ctx, order.customerId, 'order.status_changed', {
    orderId,
    number: order.number,
    from,
    to,
    ...(amount !== null ? { amount, currency: order.currency } : {}),
  });
  // Store credit spent on the order goes back to the shopper (a no-op when none was).
  if (voided) await returnCreditForOrder(ctx, orderId);
  return getOrder(ctx, orderId);
}

/**
 * Moves an order along an allowed transition and records who did it, in one transaction with
 * the customer's metrics. A partial refund adds to `refundedTotal` and must leave something
 * to refund; `refunded` refunds the rest. With an Idempotency-Key the change is applied once
 * however often it is sent.
 */
export async function changeOrderStatus(
  ctx: RequestContext,
  orderId: string,
  body: OrderStatusChangeBody,
  idempotencyKey: string | undefined,
): Promise<IdempotentResult<OrderDetail>> {
  checkAmount(body);
  const work = async (trx: RequestContext) => ({
    outcome: 'updated' as const,
    body: await applyChange(trx, orderId, body),
  });
  if (idempotencyKey) return idempotent(ctx, idempotencyKey, `orders.status:${orderId}`, body, work);
  return { ...(await inTransaction(ctx, work)), replayed: false };
}
