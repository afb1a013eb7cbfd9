import type { RequestContext } from '../../lib/context.js';
import { ordersRepository } from './orders.repository.js';

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
  await ordersRepository.lockCustomers(ctx, everyone);
  const moved = await ordersRepository.moveOrders(ctx, guestIds, customerId);
  if (moved > 0) await ordersRepository.recomputeMetrics(ctx, everyone);
  return moved;
}
