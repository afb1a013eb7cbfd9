import type { Database } from '../../db/database.js';
import { inTransaction, type RequestContext, systemContext } from '../../lib/context.js';
import { FieldErrors } from '../../lib/errors.js';
import type { Page } from '../../lib/list/list-builder.js';
import { paginate } from '../../lib/list/paginate.js';
import { isCurrency, MAX_MINOR } from '../../lib/money.js';
import { iso } from '../../lib/time.js';
import {
  type CustomerName,
  customerNames,
  findCustomer,
  requireCustomer,
} from '../customers/customer-records.service.js';
import { enqueueEmail } from '../email/email.service.js';
import { recordEvent } from '../events/events.service.js';
import { siteSettings } from '../tenants/tenants.schemas.js';
import { getSite } from '../tenants/tenants.service.js';
import { cartErrors } from './carts.errors.js';
import { abandonedCartList, type CartRecord, cartsRepository, customerCartList } from './carts.repository.js';
import type {
  AbandonedCart,
  AbandonedCartsQuery,
  Cart,
  CartConvert,
  CartPut,
  CustomerCartsQuery,
} from './carts.schemas.js';

/** How far ahead of our clock a checkout's `lastActivityAt` may be (clock skew between servers). */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

const HOUR_MS = 3600_000;

/** True when the cart has lines, no order, and no activity for the site's window as of `now`. */
export function isAbandoned(
  cart: { lineCount: number; convertedOrderId: string | null; lastActivityAt: Date | string },
  abandonmentHours: number,
  now: Date,
): boolean {
  return (
    cart.lineCount > 0 &&
    cart.convertedOrderId === null &&
    new Date(cart.lastActivityAt).getTime() <= now.getTime() - abandonmentHours * HOUR_MS
  );
}

function cartToApi(row: CartRecord, now: Date): Cart {
  const { abandonmentHours } = siteSettings(row.siteSettings);
  return {
    id: row.id,
    siteId: row.siteId,
    customerId: row.customerId,
    currency: row.currency,
    subtotal: row.subtotalMinor,
    lineCount: row.lineCount,
    lastActivityAt: iso(row.lastActivityAt),
    convertedOrderId: row.convertedOrderId,
    convertedAt: iso(row.convertedAt),
    reminderSentAt: iso(row.reminderSentAt),
    abandoned: isAbandoned(row, abandonmentHours, now),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
    lines: row.lines.map((line) => ({
      sku: line.sku,
      name: line.name,
      quantity: line.quantity,
      unitPrice: Number(line.unitPriceMinor),
      total: line.quantity * Number(line.unitPriceMinor),
    })),
  };
}

/**
 * Checks what the schema cannot: site and customer of this tenant, a real currency, a total
 * that fits, an activity time not ahead of our clock. A customer that is a guest taken over
 * by a registered customer stands for that registered customer (the cart follows the history).
 */
async function checkCart(ctx: RequestContext, input: CartPut, now: Date) {
  const errors = new FieldErrors();
  const [site, customer] = await Promise.all([
    getSite(ctx, input.siteId).catch(() => null),
    input.customerId ? findCustomer(ctx, input.customerId) : Promise.resolve(null),
  ]);
  if (!site) errors.add('/siteId', 'is not a site of this tenant');
  if (input.customerId && !customer) errors.add('/customerId', 'is not a customer of this tenant');
  if (!isCurrency(input.currency)) errors.add('/currency', 'is not an ISO 4217 currency code');
  const subtotal = input.lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
  if (subtotal > MAX_MINOR) errors.add('/lines', `the cart total exceeds ${MAX_MINOR} minor units`);
  const lastActivityAt = input.lastActivityAt ? new Date(input.lastActivityAt) : now;
  if (lastActivityAt.getTime() > now.getTime() + MAX_CLOCK_SKEW_MS)
    errors.add('/lastActivityAt', 'is more than 5 minutes in the future');
  errors.throwIfAny();
  return {
    siteId: input.siteId,
    customerId: customer ? (customer.registeredCustomerId ?? customer.id) : null,
    currency: input.currency,
    subtotalMinor: subtotal,
    lineCount: input.lines.length,
    lastActivityAt,
  };
}

/**
 * Creates or replaces the cart the checkout names by its own id: the lines are rewritten and
 * the subtotal recomputed in one transaction. A bought cart cannot change (409). Answers
 * whether the cart was created, for 201 against 200.
 */
export async function putCart(
  ctx: RequestContext,
  id: string,
  input: CartPut,
  now = new Date(),
): Promise<{ created: boolean; cart: Cart }> {
  const cart = await checkCart(ctx, input, now);
  const lines = input.lines.map((line) => ({
    sku: line.sku,
    name: line.name,
    quantity: line.quantity,
    unitPriceMinor: line.unitPrice,
  }));
  return inTransaction(ctx, async (trx) => {
    // The row lock orders concurrent PUTs (and a convert) on the same cart.
    let current = await cartsRepository.lockState(trx, id);
    const created = !current && (await cartsRepository.insertIfAbsent(trx, id, cart));
    if (!current && !created) current = await cartsRepository.lockState(trx, id);
    if (current?.convertedOrderId) throw cartErrors.converted();
    if (!created) await cartsRepository.update(trx, id, cart);
    await cartsRepository.replaceLines(trx, id, lines);
    const row = await cartsRepository.find(trx, id);
    if (!row) throw cartErrors.notFound();
    // A new cart goes on its customer's timeline; its later line changes do not (a checkout PUTs
    // the cart at every step, and the cart itself shows its lines).
    if (created && row.customerId)
      await recordEvent(trx, row.customerId, 'cart.created', {
        cartId: id,
        siteId: row.siteId,
        currency: row.currency,
        subtotal: row.subtotalMinor,
        lineCount: row.lineCount,
      });
    return { created, cart: cartToApi(row, now) };
  });
}

/**
 * Marks the cart bought by an order of this tenant. Converting again to the same order
 * changes nothing; to another order is a 409.
 */
export async function convertCart(
  ctx: RequestContext,
  id: string,
  input: CartConvert,
  now = new Date(),
): Promise<Cart> {
  return inTransaction(ctx, async (trx) => {
    const current = await cartsRepository.lockState(trx, id);
    if (!current) throw cartErrors.notFound();
    if (!current.convertedOrderId) {
      if (!(await cartsRepository.orderExists(trx, input.orderId))) {
        const errors = new FieldErrors();
        errors.add('/orderId', 'is not an order of this tenant');
        errors.throwIfAny();
      }
      await cartsRepository.markConverted(trx, id, input.orderId);
      const bought = await cartsRepository.find(trx, id);
      if (bought?.customerId)
        await recordEvent(trx, bought.customerId, 'cart.converted', {
          cartId: id,
          orderId: input.orderId,
          siteId: bought.siteId,
          currency: bought.currency,
          subtotal: bought.subtotalMinor,
        });
    } else if (current.convertedOrderId !== input.orderId) {
      throw cartErrors.convertedToAnother(current.convertedOrderId);
    }
    const row = await cartsRepository.find(trx, id);
    if (!row) throw cartErrors.notFound();
    return cartToApi(row, now);
  });
}

/** The cart with its lines; `abandoned` is judged as of `now`. */
export async function getCart(ctx: RequestContext, id: string, now = new Date()): Promise<Cart> {
  const row = await cartsRepository.find(ctx, id);
  if (!row) throw cartErrors.notFound();
  return cartToApi(row, now);
}

/** A customer's carts, bought or not, latest activity first, each saying whether it is abandoned. */
export async function listCustomerCarts(
  ctx: RequestContext,
  customerId: string,
  query: CustomerCartsQuery,
  now = new Date(),
): Promise<Page<Cart>> {
  await requireCustomer(ctx, customerId);
  return paginate(
    customerCartList,
    query,
    (window) => cartsRepository.listForCustomer(ctx, customerId, window),
    (rows) => rows.map((row) => cartToApi(row, now)),
  );
}

/**
 * The sort as the list reads it: amounts of different currencies are not comparable, so without
 * a currency filter a `value` key is preceded by `currency` in the same direction (£3.99, €4.99
 * and $4.99 are never ranked against each other). The rewrite depends only on the query, so
 * every page of one list has the same keys and its cursors stay valid.
 */
export function abandonedCartSortOf(
  query: Pick<AbandonedCartsQuery, 'sort' | 'currency'>,
): string | undefined {
  if (query.currency || !query.sort) return query.sort;
  const names = query.sort.split(',').map((part) => part.trim());
  if (names.some((name) => name.replace(/^[-+]/, '') === 'currency')) return query.sort;
  return names
    .flatMap((name) =>
      name.replace(/^[-+]/, '') === 'value'
        ? [name.startsWith('-') ? '-currency' : 'currency', name]
        : [name],
    )
    .join(',');
}

/**
 * The tenant's Abandoned carts page: every cart abandoned as of `now` by its own site's
 * window, with its value, age, site and customer; sorted by `lastActivityAt` (default most
 * recent first) or `value` within a currency (abandonedCartSortOf), paged by keyset cursor.
 * The customers' names come from the customers service, one query for the page.
 */
export async function listAbandonedCarts(
  ctx: RequestContext,
  query: AbandonedCartsQuery,
  now = new Date(),
): Promise<Page<AbandonedCart>> {
  const defaultHours = siteSettings({}).abandonmentHours;
  const siteId = query.siteId ?? null;
  const currency = query.currency ?? null;
  return paginate(
    abandonedCartList,
    { ...query, sort: abandonedCartSortOf(query) },
    (window) => cartsRepository.listAbandoned(ctx, { now, defaultHours, siteId, currency, window }),
    async (rows) => {
      const names = await customerNames(
        ctx,
        rows.flatMap((row) => (row.customerId ? [row.customerId] : [])),
      );
      return rows.map((row) => ({
        id: row.id,
        site: { id: row.siteId, code: row.siteCode, name: row.siteName },
        customer: row.customerId ? { id: row.customerId, ...(names.get(row.customerId) ?? noName) } : null,
        currency: row.currency,
        value: row.subtotalMinor,
        lineCount: row.lineCount,
        lastActivityAt: new Date(row.lastActivityAt).toISOString(),
        abandonedAt: new Date(
          new Date(row.lastActivityAt).getTime() + row.windowHours * HOUR_MS,
        ).toISOString(),
        reminderSentAt: iso(row.reminderSentAt),
      }));
    },
  );
}

/** For a customer removed between the page's two reads (its carts then lose their customer). */
const noName: CustomerName = { firstName: null, lastName: null, email: null };

/**
 * Moves guests' carts to the registered customer that takes over their history, in the
 * caller's transaction (accounts.service `takeOverGuests`). Answers how many moved.
 */
export function moveCartsToCustomer(ctx: RequestContext, guestIds: readonly string[], customerId: string) {
  return cartsRepository.moveToCustomer(ctx, guestIds, customerId);
}

/**
 * One pass of cart reminders across tenants: on each site with `cartReminders` on, every cart
 * abandoned as of `now` whose customer has an email and that had no reminder yet gets one
 * `cartReminder` email, at most `batch` in all. A cart is claimed and its email queued in one
 * transaction, so two workers running at once never send one twice. Answers how many were queued.
 * `requestId` names the worker's run.
 */
export async function sendCartReminders(
  db: Database,
  now = new Date(),
  batch = 200,
  requestId?: string,
): Promise<number> {
  let sent = 0;
  for (const site of await cartsRepository.sitesWithReminders(db)) {
    if (sent >= batch) break;
    const settings = siteSettings(site.settings);
    const cutoff = new Date(now.getTime() - settings.abandonmentHours * HOUR_MS);
    sent += await inTransaction(systemContext(db, site.tenantId, requestId), async (trx) => {
      const carts = await cartsRepository.claimReminders(trx, site.id, cutoff, now, batch - sent);
      const linesByCart = new Map<string, { name: string; quantity: number; unitPrice: number }[]>();
      for (const line of await cartsRepository.linesOfCarts(
        trx,
        carts.map((c) => c.id),
      )) {
        const items = linesByCart.get(line.cartId) ?? [];
        items.push({ name: line.name, quantity: line.quantity, unitPrice: line.unitPriceMinor });
        linesByCart.set(line.cartId, items);
      }
      for (const cart of carts) {
        await enqueueEmail(
          trx,
          { address: cart.email!, customerId: cart.customerId, site: { id: site.id, name: site.name } },
          {
            template: 'cartReminder',
            firstName: cart.firstName,
            items: linesByCart.get(cart.id) ?? [],
            total: cart.subtotalMinor,
            currency: cart.currency,
            cartUrl: settings.storefrontUrl ? `${settings.storefrontUrl.replace(/\/+$/, '')}/cart` : null,
          },
        );
      }
      return carts.length;
    });
  }
  return sent;
}
