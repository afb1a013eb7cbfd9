import type { SiteRow } from '../db/types.js';
import type { RequestContext } from '../lib/context.js';
import { guestsByEmail, registeredCustomerByEmail } from '../modules/customers/customer-records.service.js';
import { createCustomer } from '../modules/customers/customers.service.js';
import { recordEvent } from '../modules/events/events.service.js';
import { noEvidence } from '../modules/marketing/consent.service.js';
import { acceptMarketing } from '../modules/marketing/storefront.service.js';
import { orderErrors } from '../modules/orders/orders.errors.js';
import type { OrderCreate } from '../modules/orders/orders.schemas.js';
import {
  createOrder,
  lockCheckoutEmail,
  type OrderCustomer,
  underCustomer,
} from '../modules/orders/orders.service.js';
import { siteSettings } from '../modules/tenants/tenants.schemas.js';
import { inviteCustomer } from './invite-customer.js';
import { takeOverGuests } from './take-over-guests.js';

/**
 * Records an order from the checkout, at most once per Idempotency-Key (the orders service's
 * createOrder), resolving a checkout without sign-in to its customer with the flow below.
 */
export const placeOrder = (ctx: RequestContext, idempotencyKey: string | undefined, input: OrderCreate) =>
  createOrder(ctx, idempotencyKey, input, checkoutCustomer);

/**
 * A checkout without sign-in. With automatic registration on the site, the order goes to the
 * set's registered customer with that email, or to one created now and invited by email to set
 * a password (taking over earlier guests with that email). Otherwise each order gets a guest of
 * its own, unless the site refuses guest checkout.
 */
export async function checkoutCustomer(
  ctx: RequestContext,
  site: SiteRow,
  details: NonNullable<OrderCreate['customer']>,
): Promise<OrderCustomer> {
  const resolved = await resolveCheckoutCustomer(ctx, site, details);
  // The checkout's marketing box: the site's default newsletter, recorded with the order or not at all.
  if (details.acceptsMarketing)
    await acceptMarketing(
      ctx,
      { id: site.id, name: site.name, settings: siteSettings(site.settings) },
      details.email.trim(),
      details.consentText,
      'checkout',
      noEvidence,
    );
  return resolved;
}

async function resolveCheckoutCustomer(
  ctx: RequestContext,
  site: SiteRow,
  details: NonNullable<OrderCreate['customer']>,
): Promise<OrderCustomer> {
  const settings = siteSettings(site.settings);
  const email = details.email.trim();
  const fields = {
    email,
    firstName: details.firstName ?? null,
    lastName: details.lastName ?? null,
    phone: details.phone ?? null,
    originSiteId: site.id,
    customerSetId: site.customerSetId,
  };
  if (!settings.autoRegister) {
    if (!settings.guestCheckout) throw orderErrors.guestCheckoutDisabled();
    const guest = await createCustomer(ctx, { ...fields, isRegistered: false }).catch(underCustomer);
    return { customerId: guest.id, email };
  }
  await lockCheckoutEmail(ctx, site.customerSetId, email);
  const existing = await registeredCustomerByEmail(ctx, site.customerSetId, email);
  if (existing) {
    if (!existing.enabled) throw orderErrors.customerDisabled('/customer/email');
    return { customerId: existing.id, email };
  }
  const customer = await createCustomer(ctx, { ...fields, isRegistered: true }).catch(underCustomer);
  await recordEvent(ctx, customer.id, 'account.registered', { via: 'checkout', siteId: site.id });
  const guests = await guestsByEmail(ctx, site.customerSetId, email);
  await takeOverGuests(
    ctx,
    customer.id,
    guests.map((g) => g.id),
  );
  await inviteCustomer(ctx, customer.id);
  return { customerId: customer.id, email };
}
