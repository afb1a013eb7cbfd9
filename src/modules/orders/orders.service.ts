import type { SiteRow } from '../../db/types.js';
import type { RequestContext } from '../../lib/context.js';
import { violatedUniqueIndex } from '../../lib/db-errors.js';
import { DomainError, FieldErrors } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { isCurrency, MAX_MINOR } from '../../lib/money.js';
import { isSingleLine, SINGLE_LINE_MESSAGE } from '../../lib/text.js';
import { normaliseAddress } from '../addresses/addresses.service.js';
import { countOrder, findCustomer } from '../customers/customer-records.service.js';
import { recordEvent } from '../events/events.service.js';
import { type IdempotentResult, idempotent } from '../idempotency/idempotency.service.js';
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
export function underCustomer(error: unknown): never {
  if (error instanceof DomainError && error.errors)
    throw new DomainError(
      error.kind,
      error.code,
      error.message,
      error.errors.map((e) => ({ ...e, path: `/customer${e.path}` })),
    );
  throw error;
}

/** The customer an order is recorded for, and the email the order keeps. */
export type OrderCustomer = { customerId: string; email: string | null };

/**
 * Finds or creates the customer of a checkout without sign-in, inside the order's transaction.
 * It spans modules (customers, accounts, guest takeover), so it is a flow
 * (src/flows/place-order.ts) handed in by the caller.
 */
export type CheckoutCustomerResolver = (
  ctx: RequestContext,
  site: SiteRow,
  details: NonNullable<OrderCreate['customer']>,
) => Promise<OrderCustomer>;

/** A customer named by id must be this tenant's, in the site's customer set, and enabled. */
async function namedCustomer(ctx: RequestContext, site: SiteRow, customerId: string): Promise<OrderCustomer> {
  const customer = await findCustomer(ctx, customerId);
  const errors = new FieldErrors();
  if (!customer) errors.add('/customerId', 'is not a customer of this tenant');
  else if (customer.customerSetId !== site.customerSetId)
    errors.add('/customerId', "belongs to another customer set than the order's site");
  errors.throwIfAny();
  if (!customer!.enabled) throw orderErrors.customerDisabled('/customerId');
  return { customerId: customer!.id, email: customer!.email };
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
  checkoutCustomer: CheckoutCustomerResolver,
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
    await countOrder(trx, customerId, {
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
    return { outcome: 'created', body: await getCreatedOrder(trx, order.id) };
  });
}

/**
 * Holds a transaction-long lock on one email of a customer set, so two checkouts with a new
 * email that register their shopper automatically make one customer, not a unique-index error.
 */
export const lockCheckoutEmail = (ctx: RequestContext, customerSetId: string, email: string) =>
  ordersRepository.lockEmail(ctx, customerSetId, email);
