import type { RequestContext } from '../lib/context.js';
import { takeOverAddresses } from '../modules/addresses/addresses.service.js';
import { moveCartsToCustomer } from '../modules/carts/carts.service.js';
import { linkGuests } from '../modules/customers/customer-records.service.js';
import { recordEvent } from '../modules/events/events.service.js';
import { moveGuestOrders } from '../modules/orders/guest-orders.js';

/**
 * Links guests to the registered customer and moves their addresses, carts and orders to it
 * (order metrics set again for all of them). If the registered customer has no default address
 * yet, the newest moved one becomes its default billing and shipping address. Runs inside the
 * caller's transaction: registration, an invite, automatic registration at checkout.
 */
export async function takeOverGuests(ctx: RequestContext, customerId: string, guestIds: string[]) {
  if (guestIds.length === 0) return;
  await linkGuests(ctx, guestIds, customerId);
  const addressesMoved = await takeOverAddresses(ctx, guestIds, customerId);
  await moveCartsToCustomer(ctx, guestIds, customerId);
  const ordersMoved = await moveGuestOrders(ctx, customerId, guestIds);
  await recordEvent(ctx, customerId, 'account.guests_linked', { guestIds, addressesMoved, ordersMoved });
}
