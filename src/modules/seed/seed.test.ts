import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/helpers/db.js';
import type { DatabaseHandle } from '../../db/database.js';
import { type RequestContext, systemContext } from '../../lib/context.js';
import { isStateOf } from '../../lib/geo.js';
import { toE164 } from '../../lib/phone.js';
import { listAbandonedCarts, listCustomerCarts } from '../carts/carts.service.js';
import { getCreditBalances, listCreditEntries } from '../credit/credit.service.js';
import { listCustomers } from '../customers/customers.service.js';
import { getOrder, listCustomerOrders } from '../orders/order-reads.service.js';
import { TRANSITIONS } from '../orders/order-status.service.js';
import { createSite, createTenant, ensureDefaultTenant } from '../tenants/tenants.service.js';
import { listCustomerWishlists } from '../wishlists/wishlists.service.js';
import { demoCustomers } from './demo-customers.js';
import { seedCustomers, seedDemo } from './seed.service.js';
import { type CommerceSeedReport, seedCommerce, seedDemoCommerce } from './seed-commerce.service.js';

const COUNT = 2000;

let handle: DatabaseHandle;
let ctx: RequestContext;
let progress: number[];
let commerce: CommerceSeedReport;
let commerceProgress: number[];
let outletSiteId: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  const tenant = await ensureDefaultTenant(handle.db);
  ctx = systemContext(handle.db, tenant.id);
  progress = [];
  const created = await seedCustomers(ctx, COUNT, {
    batchSize: 700,
    onProgress: (done) => progress.push(done),
  });
  expect(created).toBe(COUNT);
  // A second site in the same customer set: orders and carts spread over both.
  outletSiteId = (await createSite(ctx, { code: 'outlet', name: 'Outlet' })).id;
  commerceProgress = [];
  commerce = await seedCommerce(ctx, {
    batchSize: 700,
    onProgress: (done) => commerceProgress.push(done),
  });
});
afterAll(() => handle.close());

const customers = () =>
  ctx.db
    .selectFrom('customers')
    .select(['id', 'isRegistered', 'email', 'phone', 'countryCode', 'stateCode', 'lastName', 'createdAt'])
    .where('tenantId', '=', ctx.tenantId)
    .execute();

describe('seedCustomers', () => {
  it('writes every customer in batches and reports progress after each', async () => {
    expect(await customers()).toHaveLength(COUNT);
    expect(progress).toEqual([700, 1400, 2000]);
  });

  it('gives each customer exactly one default billing address, copied into its country and state', async () => {
    const rows = await ctx.db
      .selectFrom('customers as c')
      .leftJoin('addresses as a', (join) =>
        join
          .onRef('a.tenantId', '=', 'c.tenantId')
          .onRef('a.customerId', '=', 'c.id')
          .on('a.isDefaultBilling', '=', true),
      )
      .select([
        'c.id',
        'c.countryCode as customerCountry',
        'c.stateCode as customerState',
        'a.countryCode as addressCountry',
        'a.stateCode as addressState',
      ])
      .where('c.tenantId', '=', ctx.tenantId)
      .execute();
    expect(rows).toHaveLength(COUNT);
    for (const row of rows) {
      expect(row.addressCountry).not.toBeNull();
      expect(row.customerCountry).toBe(row.addressCountry);
      expect(row.customerState).toBe(row.addressState);
    }
    const countries = new Set(rows.map((r) => r.customerCountry));
    expect([...countries].sort()).toEqual(['AU', 'CA', 'CZ', 'DE', 'FR', 'GB', 'US']);
  });

  it('makes valid E.164 phones and ISO 3166-2 states for the address country', async () => {
    for (const c of await customers()) {
      expect(toE164(c.phone!, c.countryCode)).toBe(c.phone);
      if (c.stateCode) expect(isStateOf(c.stateCode, c.countryCode!)).toBe(true);
    }
  });

  it('registers about 30% with distinct lower-case emails, and spreads creation over three years', async () => {
    const all = await customers();
    const registered = all.filter((c) => c.isRegistered);
    expect(registered.length / COUNT).toBeGreaterThan(0.25);
    expect(registered.length / COUNT).toBeLessThan(0.35);
    expect(new Set(registered.map((c) => c.email)).size).toBe(registered.length);
    for (const c of all) expect(c.email).toBe(c.email!.toLowerCase());
    const times = all.map((c) => new Date(c.createdAt).getTime());
    const span = Math.max(...times) - Math.min(...times);
    expect(span / (365 * 24 * 3600 * 1000)).toBeGreaterThan(2.9);
  });

  it('makes `mail` a common search (~25%) for the benchmark', async () => {
    const { n } = await ctx.db
      .selectFrom('customers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenantId', '=', ctx.tenantId)
      .where(sql<boolean>`search_text like '%mail%'`)
      .executeTakeFirstOrThrow();
    expect(Number(n) / COUNT).toBeGreaterThan(0.2);
    expect(Number(n) / COUNT).toBeLessThan(0.3);
  });

  it('keeps registered emails distinct when seeding the same tenant again', async () => {
    await seedCustomers(ctx, 300);
    const duplicates = await ctx.db
      .selectFrom('customers')
      .select((eb) => [sql<string>`lower(email)`.as('email'), eb.fn.countAll<number>().as('n')])
      .where('tenantId', '=', ctx.tenantId)
      .where('isRegistered', '=', true)
      .groupBy(sql`lower(email)`)
      .having((eb) => eb.fn.countAll(), '>', 1)
      .execute();
    expect(duplicates).toEqual([]);
  });

  it('pages through every customer in last-name order with the list service', async () => {
    const expected = await ctx.db
      .selectFrom('customers')
      .select('id')
      .where('tenantId', '=', ctx.tenantId)
      // The grid's text order (migration 0007): case-insensitive, bytewise.
      .orderBy(sql`lower(coalesce(last_name, '')) collate "C"`)
      .orderBy('id')
      .execute();
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 100; page++) {
      const result = await listCustomers(ctx, {
        sort: 'lastName',
        limit: 200,
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...result.data.map((c) => c.id));
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
    expect(seen).toEqual(expected.map((r) => r.id));
  });
});

const one = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(ctx.db)).rows;

describe('seedCommerce', () => {
  it('gives the customers about five orders each (0 to 12), in batches, reporting rows and progress', async () => {
    expect(commerceProgress).toEqual([700, 1400, 2000]);
    expect(commerce.customers).toBe(COUNT);
    expect(commerce.orders / COUNT).toBeGreaterThan(4.5);
    expect(commerce.orders / COUNT).toBeLessThan(5.5);
    expect(commerce.rowsPerSecond).toBeGreaterThan(0);
    const [counts] = await one(sql<{ most: number; none: number }>`
      select max(n)::int as most, count(*) filter (where n = 0)::int as none from (
        select c.id, count(o.id) as n from customers c
        left join orders o on o.tenant_id = c.tenant_id and o.customer_id = c.id
        where c.tenant_id = ${ctx.tenantId}
          and c.id <= (select customer_id from orders where tenant_id = ${ctx.tenantId} order by customer_id desc limit 1)
        group by c.id) per_customer`);
    expect(counts!.most).toBeLessThanOrEqual(12);
    expect(counts!.none / COUNT).toBeGreaterThan(0.04);
    expect(counts!.none / COUNT).toBeLessThan(0.15);
  });

  it('spreads orders over sites, currencies (mostly the reporting currency) and every status', async () => {
    const rows = await one(sql<{ site: string; currency: string; status: string; n: number }>`
      select site_id as site, currency, status, count(*)::int as n from orders
      where tenant_id = ${ctx.tenantId} group by 1, 2, 3`);
    const share = (pick: (r: (typeof rows)[number]) => boolean) =>
      rows.filter(pick).reduce((sum, r) => sum + r.n, 0) / commerce.orders;
    expect(share((r) => r.site === outletSiteId)).toBeGreaterThan(0.3);
    expect(share((r) => r.site === outletSiteId)).toBeLessThan(0.7);
    expect(share((r) => r.currency === 'USD')).toBeGreaterThan(0.65);
    expect(share((r) => r.currency === 'EUR')).toBeGreaterThan(0.03);
    expect(share((r) => r.currency === 'GBP')).toBeGreaterThan(0.03);
    expect(share((r) => r.status === 'fulfilled' || r.status === 'paid')).toBeGreaterThan(0.7);
    for (const status of ['cancelled', 'refunded', 'partially_refunded', 'fulfilled'])
      expect(
        share((r) => r.status === status),
        status,
      ).toBeGreaterThan(0.02);
  });

  it('places orders over the last two years, never before the customer existed, numbered once per site', async () => {
    const [row] = await one(sql<{ early: number; late: number; before: number; dupes: number }>`
      select count(*) filter (where o.placed_at < now() - interval '731 days')::int as early,
        count(*) filter (where o.placed_at > now())::int as late,
        count(*) filter (where o.placed_at < c.created_at)::int as before,
        (select count(*)::int from (select 1 from orders where tenant_id = ${ctx.tenantId}
          group by site_id, number having count(*) > 1) d) as dupes
      from orders o join customers c on c.tenant_id = o.tenant_id and c.id = o.customer_id
      where o.tenant_id = ${ctx.tenantId}`);
    expect(row).toEqual({ early: 0, late: 0, before: 0, dupes: 0 });
  });

  it('makes every order total add up from its lines by the orders module formula', async () => {
    const wrong = await one(sql<{ id: string }>`
      select o.id from orders o
      join lateral (
        select count(*) as n,
          sum(l.quantity * l.unit_price_minor) as subtotal, sum(l.discount_minor) as discount,
          sum(l.tax_minor) as tax,
          bool_and(l.total_minor = l.quantity * l.unit_price_minor - l.discount_minor + l.tax_minor
                   and l.discount_minor <= l.quantity * l.unit_price_minor) as lines_ok
        from order_lines l where l.tenant_id = o.tenant_id and l.order_id = o.id) l on true
      where o.tenant_id = ${ctx.tenantId}
        and not (l.n between 1 and 4 and l.lines_ok and o.subtotal_minor = l.subtotal
          and o.discount_minor = l.discount and o.tax_minor = l.tax
          and o.total_minor = o.subtotal_minor - o.discount_minor + o.tax_minor + o.shipping_minor)`);
    expect(wrong).toEqual([]);
  });

  it('records a status history that follows the allowed transitions and the refunded amounts', async () => {
    const orders = await one(sql<{
      id: string;
      status: string;
      total: string;
      refunded: string;
      version: number;
      placedAt: Date;
      history: { from: string | null; to: string; amount: string | null; at: string }[];
    }>`
      select o.id, o.status, o.total_minor::text as total, o.refunded_minor::text as refunded, o.version,
        o.placed_at as "placedAt",
        (select json_agg(json_build_object('from', s.from_status, 'to', s.to_status,
            'amount', s.amount_minor::text, 'at', s.created_at) order by s.id)
         from order_status_changes s where s.tenant_id = o.tenant_id and s.order_id = o.id) as history
      from orders o where o.tenant_id = ${ctx.tenantId}`);
    for (const order of orders) {
      const [first, ...changes] = order.history;
      expect(first).toMatchObject({ from: null, to: 'placed', amount: null });
      expect(new Date(first!.at).getTime()).toBe(new Date(order.placedAt).getTime());
      let previous = first!;
      let refunded = 0;
      for (const change of changes) {
        expect(change.from).toBe(previous.to);
        expect(TRANSITIONS[previous.to as keyof typeof TRANSITIONS]).toContain(change.to);
        expect(new Date(change.at).getTime()).toBeGreaterThanOrEqual(new Date(previous.at).getTime());
        const refund = change.to === 'refunded' || change.to === 'partially_refunded';
        expect(change.amount === null).toBe(!refund);
        refunded += Number(change.amount ?? 0);
        previous = change;
      }
      expect(previous.to).toBe(order.status);
      expect(order.version).toBe(order.history.length);
      expect(refunded).toBe(Number(order.refunded));
      if (order.status === 'refunded') expect(refunded).toBe(Number(order.total));
      if (order.status === 'partially_refunded') expect(refunded).toBeLessThan(Number(order.total));
    }
  });

  it('makes abandoned, bought and fresh carts whose subtotals add up, and wish lists', async () => {
    const [carts] = await one(sql<{
      abandoned: number;
      bought: number;
      fresh: number;
      anonymous: number;
      wrong: number;
      stray: number;
      wishlists: number;
      items: number;
    }>`
      select count(*) filter (where converted_order_id is null and last_activity_at < now() - interval '24 hours')::int as abandoned,
        count(*) filter (where converted_order_id is not null)::int as bought,
        count(*) filter (where converted_order_id is null and last_activity_at >= now() - interval '24 hours')::int as fresh,
        count(*) filter (where customer_id is null)::int as anonymous,
        count(*) filter (where subtotal_minor <> (select coalesce(sum(l.quantity * l.unit_price_minor), 0)
          from cart_lines l where l.tenant_id = c.tenant_id and l.cart_id = c.id)
          or line_count <> (select count(*) from cart_lines l where l.tenant_id = c.tenant_id and l.cart_id = c.id)
          or line_count = 0)::int as wrong,
        count(*) filter (where converted_order_id is not null and not exists (select 1 from orders o
          where o.tenant_id = c.tenant_id and o.id = c.converted_order_id and o.customer_id = c.customer_id
            and o.subtotal_minor = c.subtotal_minor and o.currency = c.currency
            and c.converted_at = o.placed_at)) ::int as stray,
        (select count(*)::int from wishlists where tenant_id = ${ctx.tenantId}) as wishlists,
        (select count(*)::int from wishlist_items where tenant_id = ${ctx.tenantId}) as items
      from carts c where c.tenant_id = ${ctx.tenantId}`);
    expect(carts!.wrong).toBe(0);
    expect(carts!.stray).toBe(0);
    expect(carts!.abandoned / COUNT).toBeGreaterThan(0.08);
    expect(carts!.bought / COUNT).toBeGreaterThan(0.25);
    expect(carts!.fresh).toBeGreaterThan(0);
    expect(carts!.anonymous).toBeGreaterThan(0);
    expect(carts!.wishlists / COUNT).toBeGreaterThan(0.02);
    expect(carts!.items).toBeGreaterThan(carts!.wishlists);
    // The Abandoned carts page reads them like any other.
    const page = await listAbandonedCarts(ctx, { limit: 20 });
    expect(page.data).toHaveLength(20);
  });

  it('keeps every credit balance equal to its entries and grants, never negative', async () => {
    const wrong = await one(sql<{ customer_id: string }>`
      select b.customer_id from credit_balances b
      left join lateral (
        select coalesce(sum(e.amount_minor), 0) as entries,
          coalesce(sum(e.remaining_minor) filter (where e.kind in ('issue', 'return')), 0) as remaining,
          bool_and(e.remaining_minor between 0 and e.amount_minor or e.kind not in ('issue', 'return')) as grants_ok
        from credit_entries e
        where e.tenant_id = b.tenant_id and e.customer_id = b.customer_id and e.currency = b.currency) e on true
      where b.tenant_id = ${ctx.tenantId}
        and (b.balance_minor < 0 or b.balance_minor <> e.entries or b.balance_minor <> e.remaining or not e.grants_ok)`);
    expect(wrong).toEqual([]);
    const kinds = await one(sql<{ kind: string; n: number }>`
      select kind, count(*)::int as n from credit_entries where tenant_id = ${ctx.tenantId} group by kind`);
    expect(kinds.map((k) => k.kind).sort()).toEqual(['deduct', 'expire', 'issue', 'redeem', 'return']);
    // A redemption pays part of one of the customer's orders, in its currency.
    const stray = await one(sql<{ id: string }>`
      select e.id from credit_entries e
      left join orders o on o.tenant_id = e.tenant_id and o.id = e.order_id
      where e.tenant_id = ${ctx.tenantId} and e.kind = 'redeem'
        and (o.id is null or o.customer_id <> e.customer_id or o.currency <> e.currency
             or -e.amount_minor > o.total_minor or e.created_at < o.placed_at)`);
    expect(stray).toEqual([]);
  });

  it('continues with the customers added since, leaving those that have a history alone', async () => {
    const before = await one(
      sql<{ n: number }>`select count(*)::int as n from orders where tenant_id = ${ctx.tenantId}`,
    );
    await seedCustomers(ctx, 100);
    // The walk resumes after the last customer with orders: the customers added since (here
    // and by the test above), and any trailing customer who drew no orders last time.
    const [waiting] = await one(sql<{ n: number }>`
      select count(*)::int as n from customers where tenant_id = ${ctx.tenantId}
        and id > (select customer_id from orders where tenant_id = ${ctx.tenantId} order by customer_id desc limit 1)`);
    expect(waiting!.n).toBeGreaterThanOrEqual(400);
    const report = await seedCommerce(ctx);
    expect(report.customers).toBe(waiting!.n);
    const after = await one(
      sql<{ n: number }>`select count(*)::int as n from orders where tenant_id = ${ctx.tenantId}`,
    );
    expect(after[0]!.n - before[0]!.n).toBe(report.orders);
  });

  it("sets each customer's order metrics to what a recount of their orders gives", async () => {
    const wrong = await one(sql<{ id: string }>`
      select c.id from customers c
      join tenants t on t.id = c.tenant_id
      left join lateral (
        select count(*)::int as n,
          coalesce(sum(o.total_minor - o.refunded_minor) filter (where o.currency = t.reporting_currency), 0) as spent,
          min(o.placed_at) as first_at, max(o.placed_at) as last_at
        from orders o
        where o.tenant_id = c.tenant_id and o.customer_id = c.id and o.status not in ('cancelled', 'refunded')) m on true
      where c.tenant_id = ${ctx.tenantId}
        and (c.orders_count, c.total_spent_minor, c.first_order_at, c.last_order_at)
          is distinct from (m.n, m.spent, m.first_at, m.last_at)`);
    expect(wrong).toEqual([]);
    const [spent] = await one(sql<{ n: number }>`
      select count(*)::int as n from customers where tenant_id = ${ctx.tenantId} and total_spent_minor > 0`);
    expect(spent!.n / COUNT).toBeGreaterThan(0.6);
  });
});

describe('seedDemoCommerce', () => {
  let demo: RequestContext;

  beforeAll(async () => {
    const { tenant } = await createTenant(handle.db, { slug: 'demo-store', name: 'Demo store' });
    demo = systemContext(handle.db, tenant.id);
    await seedDemo(demo, 5);
    await seedDemoCommerce(demo);
  });

  it('fills every tab of every demo customer: orders with lines and history, carts, wish lists, credit', async () => {
    const { data: customers } = await listCustomers(demo, { limit: 100 });
    const emails = new Set(demoCustomers.map((c) => c.email));
    const shown = customers.filter((c) => emails.has(c.email!));
    expect(shown).toHaveLength(demoCustomers.length);
    for (const customer of shown) {
      const orders = await listCustomerOrders(demo, customer.id, {});
      expect(orders.data.length, customer.email!).toBeGreaterThanOrEqual(4);
      expect(new Set(orders.data.map((o) => o.status))).toEqual(
        new Set([
          'cancelled',
          'partially_refunded',
          'fulfilled',
          'paid',
          ...orders.data.map((o) => o.status),
        ]),
      );
      expect(orders.data[0]!.status).toBe('paid');
      const order = await getOrder(demo, orders.data[0]!.id);
      expect(order.lines.length).toBeGreaterThan(0);
      expect(order.statusHistory.map((s) => s.toStatus)).toEqual(['placed', 'paid']);
      expect(order.billingAddress?.line1).toBeTruthy();
      const carts = await listCustomerCarts(demo, customer.id, {});
      expect(carts.data.some((c) => c.abandoned)).toBe(true);
      expect(carts.data.some((c) => c.convertedOrderId !== null)).toBe(true);
      const wishlists = await listCustomerWishlists(demo, customer.id);
      expect(wishlists.length).toBeGreaterThan(0);
      expect(wishlists[0]!.items.length).toBeGreaterThan(0);
      const { balances } = await getCreditBalances(demo, customer.id);
      expect(balances.length).toBe(1);
      expect(balances[0]!.balance).toBeGreaterThan(0);
      const entries = await listCreditEntries(demo, customer.id, {});
      expect(entries.data.length).toBeGreaterThanOrEqual(4);
      expect(entries.data.some((e) => e.kind === 'redeem')).toBe(true);
      expect(customer.ordersCount).toBeGreaterThan(0);
    }
  });

  it('loads the demo customers once: a second run (a restart of serve --demo) adds none', async () => {
    const count = async () =>
      (
        await one(
          sql<{ n: number }>`select count(*)::int as n from customers where tenant_id = ${demo.tenantId}`,
        )
      )[0]!.n;
    const before = await count();
    expect(before).toBe(demoCustomers.length + 5);
    expect(await seedDemo(demo, 5)).toBe(0);
    expect(await count()).toBe(before);
  });

  it('adds nothing to the demo customers when run again', async () => {
    const count = async () =>
      (
        await one(
          sql<{ n: number }>`select count(*)::int as n from orders where tenant_id = ${demo.tenantId}`,
        )
      )[0]!.n;
    const before = await count();
    const again = await seedDemoCommerce(demo);
    expect(again.customers).toBeLessThanOrEqual(1);
    expect(await count()).toBe(before + again.orders);
  });
});
