import { ORDER_STATUSES, type OrderStatus } from '../../db/types.js';
import { newId } from '../../lib/ids.js';
import type { SeedStatusChange } from './commerce-rows.js';
import { DAY, HOUR, MINUTE, type Random } from './seeded-random.js';

/**
 * Weights of ORDER_STATUSES, in its order, by the order's age: recent orders are still on their
 * way, old ones settled.
 */
const STATUS_WEIGHTS_BY_AGE: { maxDays: number; weights: number[] }[] = [
  { maxDays: 2, weights: [35, 40, 15, 10, 0, 0] },
  { maxDays: 14, weights: [0, 12, 70, 6, 5, 7] },
  { maxDays: Number.POSITIVE_INFINITY, weights: [0, 0, 80, 6, 6, 8] },
];

const NOTES = {
  cancelled: ['Customer asked to cancel', 'Payment failed', 'Out of stock'],
  refunded: ['Returned within 30 days', 'Never arrived', 'Wrong size'],
  partially_refunded: ['One item returned', 'Damaged in transit', 'Price adjustment'],
};

/**
 * The status history along the orders module's transitions (placed → paid → fulfilled;
 * cancelled; refunded / partially refunded), each step later than the one before and before
 * now, with refund amounts that add up to refundedTotal.
 */
export function orderHistory(
  random: Random,
  now: number,
  order: { id: string; total: number; placedAt: number },
  forced: OrderStatus | null,
) {
  const { id: orderId, total, placedAt } = order;
  const ageDays = (now - placedAt) / DAY;
  let status =
    forced ??
    ORDER_STATUSES[random.weighted(STATUS_WEIGHTS_BY_AGE.find((s) => ageDays < s.maxDays)!.weights)]!;
  if (status === 'partially_refunded' && total < 2) status = 'fulfilled';
  const steps: { to: OrderStatus; amount?: number; after: [number, number] }[] = [];
  const refundDelay: [number, number] = [2 * DAY, 30 * DAY];
  let refunded = 0;
  const partial = () => {
    const left = total - refunded;
    const amount = Math.min(left - 1, Math.max(1, Math.round(left * random.between(0.1, 0.5))));
    refunded += amount;
    steps.push({ to: 'partially_refunded', amount, after: refundDelay });
  };
  const refundRest = () => {
    steps.push({ to: 'refunded', amount: total - refunded, after: refundDelay });
    refunded = total;
  };
  const paid = () => steps.push({ to: 'paid', after: [MINUTE, 30 * MINUTE] });
  const fulfilled = () => steps.push({ to: 'fulfilled', after: [12 * HOUR, 4 * DAY] });
  switch (status) {
    case 'placed':
      break;
    case 'paid':
      paid();
      break;
    case 'fulfilled':
      paid();
      fulfilled();
      break;
    case 'cancelled':
      if (random.chance(0.5)) paid();
      steps.push({ to: 'cancelled', after: [10 * MINUTE, 2 * DAY] });
      break;
    case 'refunded': {
      paid();
      const path = random.next();
      // Most were shipped first; some were partly refunded before the rest.
      if (path >= 0.2) fulfilled();
      if (path >= 0.8 && total >= 2) partial();
      refundRest();
      break;
    }
    case 'partially_refunded':
      paid();
      fulfilled();
      partial();
      if (total - refunded >= 2 && random.chance(0.25)) partial();
      break;
  }
  let at = placedAt;
  let from: OrderStatus = 'placed';
  const changes: SeedStatusChange[] = [
    {
      id: newId(),
      orderId,
      fromStatus: null,
      toStatus: 'placed',
      amountMinor: null,
      note: null,
      createdAt: new Date(at),
    },
  ];
  let closedAt: number | null = null;
  for (const step of steps) {
    // Never past now: a step that would be takes half of the time left instead.
    at = Math.min(at + random.between(...step.after), at + (now - at) / 2);
    const notes = NOTES[step.to as keyof typeof NOTES];
    changes.push({
      id: newId(),
      orderId,
      fromStatus: from,
      toStatus: step.to,
      amountMinor: step.amount ?? null,
      note: notes ? random.pick(notes) : null,
      createdAt: new Date(at),
    });
    if (step.to === 'cancelled' || step.to === 'refunded') closedAt = at;
    from = step.to;
  }
  return { changes, refunded, closedAt };
}
