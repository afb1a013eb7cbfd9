import { base, en, Faker } from '@faker-js/faker';
import type { OrderStatus } from '../../db/types.js';
import { newId } from '../../lib/ids.js';
import { orderTotals, type PricedLine } from '../orders/order-totals.js';
import type {
  CommerceBatch,
  CommerceCustomer,
  CommerceSite,
  OrderDraft,
  SeedCart,
  SeedCartLine,
  SeedOrder,
  SeedOrderLine,
  SeedStatusChange,
} from './commerce-rows.js';
import { creditLedger } from './credit-ledger.js';
import { orderHistory } from './order-history.js';
import { DAY, HOUR, MINUTE, Random } from './seeded-random.js';

const HISTORY_MS = 2 * 365 * DAY;

/** Orders per customer, 0–12: weights averaging 4.95. */
const ORDER_COUNT_WEIGHTS = [8, 9, 10, 11, 11, 10, 9, 8, 7, 6, 5, 3, 3];
const LINE_COUNT_WEIGHTS = [40, 30, 18, 12];
const QUANTITY_WEIGHTS = [70, 20, 5, 3, 2];

/** Rough rates from US dollars, so one product costs about the same in each currency. */
const RATES: Record<string, number> = { USD: 1, EUR: 0.92, GBP: 0.79, CAD: 1.37, AUD: 1.52, CZK: 23 };
const TAX_RATES: Record<string, readonly number[]> = {
  USD: [0, 0.0625, 0.0725, 0.08, 0.0875],
  EUR: [0.19, 0.2, 0.21],
  GBP: [0.2],
};
const LOCAL_CURRENCY: Record<string, string> = { GB: 'GBP', DE: 'EUR', FR: 'EUR', CZ: 'EUR' };

const WISHLIST_NAMES = ['Wish list', 'Birthday', 'Christmas ideas', 'For the garden', 'Later', 'Gifts'];
const WISHLIST_NOTES = [
  'In blue, please',
  'Size M',
  'Gift for Anna',
  'When it is on sale',
  'Two if possible',
];

interface Product {
  sku: string;
  name: string;
  /** Whole US dollars; prices in other currencies follow RATES. */
  dollars: number;
}

/** Which customers get what, as probabilities; the demo profile sets them all to 1. */
interface Profile {
  demo: boolean;
  abandonedCart: number;
  freshCart: number;
  convertedCart: number;
  wishlist: number;
  credit: number;
}

const BULK: Profile = {
  demo: false,
  abandonedCart: 0.12,
  freshCart: 0.03,
  convertedCart: 0.4,
  wishlist: 0.15,
  credit: 0.08,
};
const DEMO: Profile = {
  demo: true,
  abandonedCart: 1,
  freshCart: 0,
  convertedCart: 1,
  wishlist: 1,
  credit: 1,
};

export interface CommerceGeneratorOptions {
  seed: number;
  now: Date;
  sites: CommerceSite[];
  /** Orders are mostly in this currency; some in EUR/GBP (or USD when it is the reporting one). */
  reportingCurrency: string;
  /** Order numbers continue from here (tenant-wide, so unique on every site). */
  firstOrdinal: number;
  /**
   * Orders may predate the customer record (customers imported, or created just now by the
   * demo); otherwise they fall between the customer's creation and now.
   */
  historyBeforeCreation?: boolean;
}

/**
 * Makes a realistic purchase history per customer, deterministically from a seed: orders
 * whose totals follow the orders module's formula and whose status history follows its
 * transitions, carts, wish lists and a store-credit ledger whose grants, entries and balance
 * agree. The metrics on the customer are not made here: the database counts them from the
 * orders (recountCustomerMetrics of the orders module), the orders module's own rule.
 */
export class CommerceGenerator {
  private readonly random: Random;
  private readonly products: Product[];
  private readonly sitesBySet = new Map<string, CommerceSite[]>();
  private readonly now: number;
  private readonly mainCurrency: string;
  private readonly otherCurrencies: string[];
  private ordinal: number;

  constructor(private readonly options: CommerceGeneratorOptions) {
    this.random = new Random(options.seed);
    this.now = options.now.getTime();
    this.ordinal = options.firstOrdinal;
    this.mainCurrency = options.reportingCurrency;
    this.otherCurrencies = ['USD', 'EUR', 'GBP'].filter((c) => c !== this.mainCurrency).slice(0, 2);
    for (const site of options.sites) {
      const list = this.sitesBySet.get(site.customerSetId) ?? [];
      list.push(site);
      this.sitesBySet.set(site.customerSetId, list);
    }
    const faker = new Faker({ locale: [en, base], seed: options.seed });
    // A small catalogue drawn once; lines, carts and wish lists pick from it.
    // Prices spread log-evenly from $5 to $300: many cheap products, a few dear ones.
    this.products = Array.from({ length: 400 }, (_, i) => ({
      sku: `${faker.commerce.department().slice(0, 3).toUpperCase()}-${10_000 + i}`,
      name: faker.commerce.productName(),
      dollars: Math.round(Math.exp(faker.number.float({ min: Math.log(5), max: Math.log(300) }))),
    }));
  }

  /** Orders, carts, wish lists and credit for these customers (the demo profile fills every kind). */
  batch(customers: CommerceCustomer[], demo = false): CommerceBatch {
    const out: CommerceBatch = {
      customerIds: customers.map((c) => c.id),
      orders: [],
      lines: [],
      statusChanges: [],
      carts: [],
      cartLines: [],
      wishlists: [],
      wishlistItems: [],
      creditEntries: [],
      creditBalances: [],
    };
    const profile = demo ? DEMO : BULK;
    for (const customer of customers) {
      const sites = this.sitesBySet.get(customer.customerSetId);
      if (!sites || sites.length === 0) continue;
      const start = this.historyStart(customer);
      // Customers of the last two hours have had no time to buy anything yet.
      if (this.now - start < 2 * HOUR) continue;
      const drafts = this.orders(out, customer, sites, start, profile);
      this.carts(out, customer, sites, start, drafts, profile);
      if (this.random.chance(customer.isRegistered || demo ? profile.wishlist : profile.wishlist / 15))
        this.wishlists(out, customer, start);
      if (this.random.chance(profile.credit))
        creditLedger(this.random, out, { id: customer.id, historyStart: start }, drafts, {
          now: this.now,
          mainCurrency: this.mainCurrency,
          demo,
        });
    }
    // Carts of shoppers who never signed in: about 4 for every 100 customers.
    if (!demo) {
      const sites = [...this.sitesBySet.values()].flat();
      for (let i = 0; sites.length > 0 && i < Math.round(customers.length * 0.04); i++)
        this.cart(
          out,
          null,
          this.random.pick(sites),
          this.mainCurrency,
          this.random.chance(0.5)
            ? this.cartTime(this.now - 60 * DAY)
            : this.random.between(this.now - 20 * HOUR, this.now - 5 * MINUTE),
        );
    }
    return out;
  }

  private historyStart(customer: CommerceCustomer): number {
    const earliest = this.now - HISTORY_MS;
    return this.options.historyBeforeCreation ? earliest : Math.max(earliest, customer.createdAt.getTime());
  }

  private currencyFor(customer: CommerceCustomer): string {
    const local = LOCAL_CURRENCY[customer.countryCode ?? ''];
    if (local && local !== this.mainCurrency && this.random.chance(0.45)) return local;
    if (this.random.chance(0.03)) return this.random.pick(this.otherCurrencies);
    return this.mainCurrency;
  }

  /** A price in minor units ending in 99, converted from the product's dollar price. */
  private price(product: Product, currency: string): number {
    const whole = Math.max(1, Math.round(product.dollars * (RATES[currency] ?? 1)));
    return whole * 100 - 1;
  }

  private orders(
    out: CommerceBatch,
    customer: CommerceCustomer,
    sites: CommerceSite[],
    start: number,
    profile: Profile,
  ): OrderDraft[] {
    // The demo's newest order is placed apart, a day ago, so it stays the newest.
    const end = profile.demo ? this.now - 2 * DAY : this.now - 5 * MINUTE;
    if (end - start < HOUR) return [];
    const count = profile.demo ? this.random.int(4, 8) : this.random.weighted(ORDER_COUNT_WEIGHTS);
    const times = Array.from({ length: count }, () => this.random.between(start, end)).sort((a, b) => a - b);
    // The demo's newest order is a day old and paid, the one before fulfilled, and one earlier
    // partially refunded and one cancelled: every status view has something to show.
    const forced: (OrderStatus | null)[] = times.map(() => null);
    if (profile.demo) {
      times[count - 1] = this.random.between(this.now - 30 * HOUR, this.now - 20 * HOUR);
      forced[count - 1] = 'paid';
      forced[count - 2] = 'fulfilled';
      forced[count - 3] = 'partially_refunded';
      forced[0] = 'cancelled';
    }
    const address = customer.address ? JSON.stringify(customer.address) : null;
    return times.map((placedAt, i) => {
      const draft = this.order(customer, this.random.pick(sites), placedAt, address, forced[i] ?? null);
      out.orders.push(draft.order);
      out.lines.push(...draft.lines);
      out.statusChanges.push(...draft.history);
      return draft;
    });
  }

  private order(
    customer: CommerceCustomer,
    site: CommerceSite,
    placedAt: number,
    address: string | null,
    forced: OrderStatus | null,
  ): OrderDraft & { history: SeedStatusChange[] } {
    const id = newId();
    const currency = this.currencyFor(customer);
    const taxRate = this.random.pick(TAX_RATES[currency] ?? [0.1]);
    const lineCount = this.random.weighted(LINE_COUNT_WEIGHTS) + 1;
    const chosen = new Set<Product>();
    while (chosen.size < lineCount) chosen.add(this.random.pick(this.products));
    const products = [...chosen];
    const priced = products.map((product): PricedLine => {
      const quantity = this.random.weighted(QUANTITY_WEIGHTS) + 1;
      const unitPrice = this.price(product, currency);
      const amount = quantity * unitPrice;
      const discount = this.random.chance(0.12) ? Math.round(amount * this.random.pick([0.1, 0.15, 0.2])) : 0;
      return { quantity, unitPrice, discount, tax: Math.round((amount - discount) * taxRate) };
    });
    // Shipping is free from a threshold on the discounted goods, so the lines add up first.
    const goods = orderTotals(priced, 0);
    const rate = RATES[currency] ?? 1;
    const shipping =
      Number(goods.subtotal - goods.discount) >= 7500 * rate
        ? 0
        : Math.round(this.random.pick([499, 599, 899]) * rate);
    // The orders module's formula, so seeded totals add up exactly as placed ones do.
    const totals = orderTotals(priced, shipping);
    const subtotal = Number(totals.subtotal);
    const discount = Number(totals.discount);
    const tax = Number(totals.tax);
    const total = Number(totals.total);
    const lines = products.map(
      (product, i): SeedOrderLine => ({
        orderId: id,
        lineNo: i + 1,
        sku: product.sku,
        name: product.name,
        quantity: priced[i]!.quantity,
        unitPriceMinor: priced[i]!.unitPrice,
        discountMinor: priced[i]!.discount,
        taxMinor: priced[i]!.tax,
        totalMinor: Number(totals.lines[i]!.total),
      }),
    );
    const history = orderHistory(this.random, this.now, { id, total, placedAt }, forced);
    const last = history.changes.at(-1)!;
    const order: SeedOrder = {
      id,
      siteId: site.id,
      customerId: customer.id,
      number: `${site.code.toUpperCase()}-${this.ordinal++}`,
      status: last.toStatus,
      currency,
      subtotalMinor: subtotal,
      discountMinor: discount,
      taxMinor: tax,
      shippingMinor: shipping,
      totalMinor: total,
      refundedMinor: history.refunded,
      email: customer.email,
      address,
      placedAt: new Date(placedAt),
      updatedAt: last.createdAt,
      version: history.changes.length,
    };
    return { order, lines, history: history.changes, closedAt: history.closedAt };
  }

  /** A time for a cart's last activity between `from` (or the customer's history start) and now. */
  private cartTime(from: number): number {
    return this.random.between(from, this.now - 25 * HOUR);
  }

  private carts(
    out: CommerceBatch,
    customer: CommerceCustomer,
    sites: CommerceSite[],
    start: number,
    drafts: OrderDraft[],
    profile: Profile,
  ) {
    // The newest order often came from a cart the checkout reported.
    const newest = drafts.at(-1);
    if (newest && this.random.chance(profile.convertedCart)) {
      const { order, lines } = newest;
      const placed = order.placedAt.getTime();
      const cart = this.cart(
        out,
        customer.id,
        sites.find((s) => s.id === order.siteId)!,
        order.currency,
        Math.max(start, placed - this.random.between(MINUTE, 30 * MINUTE)),
        lines.map((l) => ({
          sku: l.sku,
          name: l.name,
          quantity: l.quantity,
          unitPriceMinor: l.unitPriceMinor,
        })),
      );
      cart.convertedOrderId = order.id;
      cart.convertedAt = order.placedAt;
    }
    const abandonedFrom = Math.max(start, this.now - 120 * DAY);
    if (abandonedFrom < this.now - 25 * HOUR && this.random.chance(profile.abandonedCart))
      this.cart(
        out,
        customer.id,
        this.random.pick(sites),
        this.currencyFor(customer),
        this.cartTime(abandonedFrom),
      );
    if (this.random.chance(profile.freshCart)) {
      const at = this.random.between(Math.max(start, this.now - 20 * HOUR), this.now - 5 * MINUTE);
      this.cart(out, customer.id, this.random.pick(sites), this.currencyFor(customer), at);
    }
  }

  private cart(
    out: CommerceBatch,
    customerId: string | null,
    site: CommerceSite,
    currency: string,
    lastActivityAt: number,
    lines?: Omit<SeedCartLine, 'cartId' | 'lineNo'>[],
  ): SeedCart {
    const id = newId();
    const items =
      lines ??
      Array.from({ length: this.random.int(1, 3) }, () => {
        const product = this.random.pick(this.products);
        return {
          sku: product.sku,
          name: product.name,
          quantity: this.random.weighted(QUANTITY_WEIGHTS) + 1,
          unitPriceMinor: this.price(product, currency),
        };
      });
    const cart: SeedCart = {
      id,
      siteId: site.id,
      customerId,
      currency,
      subtotalMinor: items.reduce((sum, l) => sum + l.quantity * l.unitPriceMinor, 0),
      lineCount: items.length,
      lastActivityAt: new Date(lastActivityAt),
      convertedOrderId: null,
      convertedAt: null,
      createdAt: new Date(lastActivityAt - this.random.between(0, 2 * HOUR)),
    };
    out.carts.push(cart);
    for (const [i, line] of items.entries()) out.cartLines.push({ ...line, cartId: id, lineNo: i + 1 });
    return cart;
  }

  private wishlists(out: CommerceBatch, customer: CommerceCustomer, start: number) {
    const names = [...WISHLIST_NAMES];
    const lists = this.random.chance(0.2) ? 2 : 1;
    for (let l = 0; l < lists; l++) {
      const name = names.splice(this.random.int(0, names.length - 1), 1)[0]!;
      const id = newId();
      let at = this.random.between(start, this.now - HOUR);
      const createdAt = new Date(at);
      const skus = new Set<Product>();
      const count = this.random.int(1, 6);
      while (skus.size < count) skus.add(this.random.pick(this.products));
      for (const product of skus) {
        at = this.random.between(at, this.now);
        out.wishlistItems.push({
          id: newId(),
          wishlistId: id,
          sku: product.sku,
          name: product.name,
          quantity: this.random.chance(0.9) ? 1 : 2,
          note: this.random.chance(0.2) ? this.random.pick(WISHLIST_NOTES) : null,
          createdAt: new Date(at),
        });
      }
      out.wishlists.push({ id, customerId: customer.id, name, createdAt, updatedAt: new Date(at) });
    }
  }
}
