import type { RequestContext } from '../../lib/context.js';
import { lockCustomerRows, recomputeOrderMetrics } from '../customers/customer-records.service.js';
import { ordersRepository, UNCOUNTED } from './orders.repository.js';

/**
 * The orders of guests a registered customer takes over (registration, invite, automatic
 * registration at checkout) move to that customer, and the metrics of all of them are set
 * again from the orders they now have. Locks the customers first, so no status change or
 * metric update of theirs runs in between. Answers how many orders moved.
 */
export async function moveGuestOrders(
  ctx: RequestContext,
  customerId: string,
  guestIds: readonly string[],
): Promise<number> {
  if (guestIds.length === 0) return 0;
  const everyone = [customerId, ...guestIds];
  await lockCustomerRows(ctx, everyone);
  const moved = await ordersRepository.moveOrders(ctx, guestIds, customerId);
  if (moved > 0) await recountCustomerMetrics(ctx, everyone);
  return moved;
}

/**
 * Sets the customers' order metrics from the orders they have, by the orders module's rule of
 * which statuses count (one set-based UPDATE, kept by the customers module): after moving
 * orders, after a bulk seed.
 */
export const recountCustomerMetrics = (ctx: RequestContext, customerIds: readonly string[]) =>
  recomputeOrderMetrics(ctx, customerIds, UNCOUNTED);

/**
 * A merge (src/flows/merge-customers.ts): every order of one customer moves to the other, and
 * both customers' metrics are counted again. Answers how many moved.
 */
export const moveOrdersToCustomer = (ctx: RequestContext, fromId: string, toId: string) =>
  moveGuestOrders(ctx, toId, [fromId]);
