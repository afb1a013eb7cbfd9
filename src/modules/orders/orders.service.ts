import type { SiteRow } from '../../db/types.js';
import type { RequestContext } from '../../lib/context.js';
import { violatedUniqueIndex } from '../../lib/db-errors.js';
import { DomainError, FieldErrors } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { isCurrency, MAX_MINOR } from '../../lib/money.js';
import { isSingleLine, SINGLE_LINE_MESSAGE } from '../../lib/text.js';
import { invite } from '../accounts/account-links.service.js';
import { takeOverGuests } from '../accounts/accounts.service.js';
import { normaliseAddress } from '../addresses/addresses.service.js';
import { customersRepository } from '../customers/customers.repository.js';
import { createCustomer } from '../customers/customers.service.js';
import { recordEvent } from '../events/events.service.js';
import { type IdempotentResult, idempotent } from '../idempotency/idempotency.service.js';
import { siteSettings } from '../tenants/tenants.schemas.js';
import { getSite } from '../tenants/tenants.service.js';
import { getCreatedOrder } from './order-reads.service.js';
import { orderTotals } from './order-totals.js';
import { orderErrors } from './orders.errors.js';
import { type NewOrderLine, ordersRepository } from './orders.repository.js';
import type { Order, OrderAddress, OrderAddressInput, OrderCreate } from './orders.schemas.js';

/** How far ahead of our clock `placedAt` may be: clock skew between the checkout and us. */
export const PLACED_AT_MAX_AHEAD_MS = 10 * 60_000;

interface Totals {
  lines: NewOrderLine[];
  subtotal: number;
  discount: number;
  tax: number;
  shipping: number;
  total: number;
}

/** The order's lines and totals (orderTotals), checked against the limits of a minor amount. */
function computeTotals(input: OrderCreate, errors: FieldErrors): Totals {
  const max = BigInt(MAX_MINOR);
  const priced = input.lines.map((line) => ({ ...line, discount: line.discount ?? 0, tax: line.tax ?? 0 }));
  const totals = orderTotals(priced, input.shippingTotal ?? 0);
  const lines = priced.map((line, i): NewOrderLine => {
    const { amount, total } = totals.lines[i]!;
    if (amount > max) errors.add(`/lines/${i}/unitPrice`, `quantity × unitPrice is more than ${MAX_MINOR}`);
    if (BigInt(line.discount) > amount)
      errors.add(`/lines/${i}/discount`, 'is more than quantity × unitPrice');
    if (!line.sku.trim()) errors.add(`/lines/${i}/sku`, 'must not be blank');
    if (!line.name.trim()) errors.add(`/lines/${i}/name`, 'must not be blank');
    return {
      lineNo: i + 1,
      sku: line.sku.trim(),
      name: line.name.trim(),
      quantity: line.quantity,
      unitPriceMinor: line.unitPrice,
      discountMinor: line.discount,
      taxMinor: line.tax,
      totalMinor: Number(total),
    };
  });
  if (totals.subtotal > max || totals.total > max) {
    errors.add('/lines', `the order adds up to more than ${MAX_MINOR}`);
  }
  return {
    lines,
    subtotal: Number(totals.subtotal),
    discount: Number(totals.discount),
    tax: Number(totals.tax),
    shipping: Number(totals.shipping),
    total: Number(totals.total),
  };
}

/** An address snapshot with every field present (null when not given). */
function snapshot(input: OrderAddressInput | null | undefined, errors: FieldErrors, path: string) {
  if (!input) return null;
  const clean = normaliseAddress(input, errors, path);
  const address: OrderAddress = {
    firstName: clean.firstName ?? null,
    lastName: clean.lastName ?? null,
    companyName: clean.companyName ?? null,
    line1: clean.line1.trim(),
    line2: clean.line2 ?? null,
    city: clean.city.trim(),
    postalCode: clean.postalCode ?? null,
    countryCode: clean.countryCode,
    stateCode: clean.stateCode ?? null,
    phone: clean.phone ?? null,
  };
  return address;
}

/** Everything about the request that can be checked without the database but the site. */
async function checkOrder(ctx: RequestContext, input: OrderCreate) {
  const errors = new FieldErrors();
  const site = await getSite(ctx, input.siteId).catch(() => null);
  if (!site) errors.add('/siteId', 'is not a site of this tenant');
  const number = input.number.trim();
  if (!number) errors.add('/number', 'must not be blank');
  else if (!isSingleLine(number)) errors.add('/number', SINGLE_LINE_MESSAGE);
  if (!isCurrency(input.currency)) errors.add('/currency', 'is not an ISO 4217 currency code');
  if (input.customerId && input.customer) errors.add('/customer', 'give customerId or customer, not both');
  if (!input.customerId && !input.customer)
    errors.add('/customer', 'is required when customerId is not given');
  const placedAt = new Date(input.placedAt);
  if (Number.isNaN(placedAt.getTime())) errors.add('/placedAt', 'is not a date and time');
  else if (placedAt.getTime() > Date.now() + PLACED_AT_MAX_AHEAD_MS)
    errors.add('/placedAt', 'is in the future (more than 10 minutes ahead of the server clock)');
  const totals = computeTotals(input, errors);
  const billingAddress = snapshot(input.billingAddress, errors, '/billingAddress');
  const shippingAddress = snapshot(input.shippingAddress, errors, '/shippingAddress');
  errors.throwIfAny();
  if (totals.total !== input.total) throw orderErrors.totalMismatch(input.total, totals.total);
  return {
    site: site!,
    number,
    totals,
    billingAddress,
    shippingAddress,
    placedAt: placedAt.toISOString(),
  };
}

/** Errors of the customer record, named under `/customer` in the order body. */
function underCustomer(error: unknown): never {
  if (error instanceof DomainError && error.errors)
    throw new DomainError(
      error.kind,
      error.code,
      error.message,
      error.errors.map((e) => ({ ...e, path: `/customer${e.path}` })),
    );
  throw error;
}

type Attached = { customerId: string; email: string | null };

/** A customer named by id must be this tenant's, in the site's customer set, and enabled. */
async function namedCustomer(ctx: RequestContext, site: SiteRow, customerId: string): Promise<Attached> {
  const customer = await customersRepository.find(ctx, customerId);
  const errors = new FieldErrors();
  if (!customer) errors.add('/customerId', 'is not a customer of this tenant');
  else if (customer.customerSetId !== site.customerSetId)
    errors.add('/customerId', "belongs to another customer set than the order's site");
  errors.throwIfAny();
  if (!customer!.enabled) throw orderErrors.customerDisabled('/customerId');
  return { customerId: customer!.id, email: customer!.email };
}

/**
 * A checkout without sign-in. With automatic registration on the site, the order goes to the
 * set's registered customer with that email, or to one created now and invited by email to set
 * a password (taking over earlier guests with that email). Otherwise each order gets a guest of
 * its own, unless the site refuses guest checkout.
 */
async function checkoutCustomer(
  ctx: RequestContext,
  site: SiteRow,
  details: NonNullable<OrderCreate['customer']>,
): Promise<Attached> {
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
  await ordersRepository.lockEmail(ctx, site.customerSetId, email);
  const existing = await ordersRepository.registeredByEmail(ctx, site.customerSetId, email);
  if (existing) {
    if (!existing.enabled) throw orderErrors.customerDisabled('/customer/email');
    return { customerId: existing.id, email };
  }
  const customer = await createCustomer(ctx, { ...fields, isRegistered: true }).catch(underCustomer);
  await recordEvent(ctx, customer.id, 'account.registered', { via: 'checkout', siteId: site.id });
  const guests = await customersRepository.guestsByEmail(ctx, site.customerSetId, email);
  await takeOverGuests(
    ctx,
    customer.id,
    guests.map((g) => g.id),
  );
  await invite(ctx, customer.id);
  return { customerId: customer.id, email };
}

const rethrowNumberTaken = (number: string) => (error: unknown) => {
  if (violatedUniqueIndex(error) === 'orders_tenant_id_site_id_number_key')
    throw orderErrors.numberTaken(number);
  throw error;
};

/**
 * Records an order from the checkout, at most once per Idempotency-Key. In one transaction:
 * the customer it belongs to (named, or found or created from the checkout's details), the
 * order and its lines, its first history entry (placed), and the customer's order metrics.
 */
export async function createOrder(
  ctx: RequestContext,
  idempotencyKey: string | undefined,
  input: OrderCreate,
): Promise<IdempotentResult<Order>> {
  const checked = await checkOrder(ctx, input);
  return idempotent(ctx, idempotencyKey, 'orders.create', input, async (trx) => {
    const { customerId, email } = input.customerId
      ? await namedCustomer(trx, checked.site, input.customerId)
      : await checkoutCustomer(trx, checked.site, input.customer!);
    const { totals } = checked;
    const order = await ordersRepository
      .insert(trx, {
        id: newId(),
        siteId: checked.site.id,
        customerId,
        number: checked.number,
        currency: input.currency,
        subtotalMinor: totals.subtotal,
        discountMinor: totals.discount,
        taxMinor: totals.tax,
        shippingMinor: totals.shipping,
        totalMinor: totals.total,
        email,
        billingAddress: checked.billingAddress,
        shippingAddress: checked.shippingAddress,
        placedAt: checked.placedAt,
      })
      .catch(rethrowNumberTaken(checked.number));
    await ordersRepository.insertLines(trx, order.id, totals.lines);
    await ordersRepository.insertStatusChange(trx, {
      id: newId(),
      orderId: order.id,
      fromStatus: null,
      toStatus: 'placed',
      amountMinor: null,
      note: null,
    });
    await ordersRepository.countOrder(trx, customerId, {
      currency: input.currency,
      total: totals.total,
      placedAt: checked.placedAt,
    });
    await recordEvent(trx, customerId, 'order.placed', {
      orderId: order.id,
      number: checked.number,
      siteId: checked.site.id,
      currency: input.currency,
      total: totals.total,
    });
    return { status: 201, body: await getCreatedOrder(trx, order.id) };
  });
}
