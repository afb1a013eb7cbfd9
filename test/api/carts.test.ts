import { randomUUID } from 'node:crypto';
import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageWindow } from '../../src/lib/list/paginate.js';
import { abandonedCartList, cartsRepository } from '../../src/modules/carts/carts.repository.js';
import {
  getCart,
  listAbandonedCarts,
  listCustomerCarts,
  sendCartReminders,
} from '../../src/modules/carts/carts.service.js';
import { startCartReminderJob } from '../../src/worker/cart-reminder-job.js';
import { make } from '../factories.js';
import { createTestApp, type TestApp, type TestTenant } from '../helpers/app.js';

let t: TestApp;
let other: TestTenant;
beforeAll(async () => {
  t = await createTestApp();
  other = await t.newTenant('carts-other');
});
afterAll(() => t.close());

const HOUR = 3600_000;
const hoursAgo = (h: number, from = Date.now()) => new Date(from - h * HOUR).toISOString();

type Headers = { authorization: string };
const admin = (
  method: 'GET' | 'POST' | 'PUT' | 'PATCH',
  url: string,
  payload?: unknown,
  headers: Headers = t.tenant.auth,
) =>
  t.app.inject({
    method,
    url: `/admin/v1${url}`,
    headers,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

const line = (sku: string, quantity: number, unitPrice: number) => ({
  sku,
  name: `Product ${sku}`,
  quantity,
  unitPrice,
});

const paths = (res: { json(): { errors?: { path: string }[] } }) =>
  res
    .json()
    .errors?.map((e) => e.path)
    .sort();

describe('carts from the checkout', () => {
  it('creates a cart (201) and replaces it (200), rewriting the lines and the subtotal', async () => {
    const id = randomUUID();
    const buyer = await make.customer(t.tenant, { email: 'buyer@example.com' });
    const created = await admin('PUT', `/carts/${id}`, {
      siteId: t.tenant.siteId,
      customerId: buyer.id,
      currency: 'EUR',
      lines: [line('A', 2, 1250), line('B', 1, 999), line('C', 3, 100)],
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.headers.location).toBe(`/admin/v1/carts/${id}`);
    expect(created.json()).toMatchObject({
      id,
      siteId: t.tenant.siteId,
      customerId: buyer.id,
      currency: 'EUR',
      subtotal: 2 * 1250 + 999 + 300,
      lineCount: 3,
      convertedOrderId: null,
      abandoned: false,
      lines: [
        { sku: 'A', quantity: 2, unitPrice: 1250, total: 2500 },
        { sku: 'B', quantity: 1, unitPrice: 999, total: 999 },
        { sku: 'C', quantity: 3, unitPrice: 100, total: 300 },
      ],
    });
    expect(Math.abs(Date.parse(created.json().lastActivityAt) - Date.now())).toBeLessThan(10_000);

    const replaced = await admin('PUT', `/carts/${id}`, {
      siteId: t.tenant.siteId,
      customerId: buyer.id,
      currency: 'EUR',
      lines: [line('B', 4, 999)],
      lastActivityAt: hoursAgo(1),
    });
    expect(replaced.statusCode, replaced.body).toBe(200);
    expect(replaced.json()).toMatchObject({
      subtotal: 3996,
      lineCount: 1,
      lines: [{ sku: 'B', quantity: 4 }],
    });
    expect((await admin('GET', `/carts/${id}`)).json()).toEqual(replaced.json());
    const stored = await t.handle.db
      .selectFrom('cartLines')
      .select(['sku', 'lineNo'])
      .where('cartId', '=', id)
      .execute();
    expect(stored).toEqual([{ sku: 'B', lineNo: 1 }]);
  });

  it('creates a cart once when the checkout sends it several times at once', async () => {
    const id = randomUUID();
    const answers = await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        admin('PUT', `/carts/${id}`, {
          siteId: t.tenant.siteId,
          currency: 'EUR',
          lines: [line(`S${n}`, n, 100)],
        }),
      ),
    );
    expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 201]);
    const cart = (await admin('GET', `/carts/${id}`)).json();
    expect(cart.lines).toHaveLength(1);
    expect(cart.subtotal).toBe(cart.lines[0].quantity * 100);
  });

  it('keeps an empty cart, which is never abandoned however old', async () => {
    const cart = await make.cart(t.tenant, { lines: [], lastActivityAt: hoursAgo(24 * 365) });
    expect(cart).toMatchObject({ subtotal: 0, lineCount: 0, lines: [], abandoned: false });
  });

  it('lists every bad field: shape first, then site, customer, currency and a future activity time', async () => {
    const shape = await admin('PUT', `/carts/${randomUUID()}`, {
      siteId: 'nope',
      currency: 'eur',
      lines: [
        { sku: '', name: 'x', quantity: 0, unitPrice: 1 },
        { sku: 'b', name: 'y', quantity: 1, unitPrice: -5 },
      ],
      extra: true,
    });
    expect(shape.statusCode).toBe(400);
    expect(paths(shape)).toEqual([
      '/currency',
      '/extra',
      '/lines/0/quantity',
      '/lines/0/sku',
      '/lines/1/unitPrice',
      '/siteId',
    ]);

    const tooMany = await admin('PUT', `/carts/${randomUUID()}`, {
      siteId: t.tenant.siteId,
      currency: 'EUR',
      lines: Array.from({ length: 501 }, (_, i) => line(`S${i}`, 1, 1)),
    });
    expect(tooMany.statusCode).toBe(400);
    expect(paths(tooMany)).toEqual(['/lines']);

    const theirCustomer = await make.customer(other);
    const rules = await admin('PUT', `/carts/${randomUUID()}`, {
      siteId: other.siteId,
      customerId: theirCustomer.id,
      currency: 'XYZ',
      lines: [line('A', 1, 1)],
      lastActivityAt: new Date(Date.now() + 6 * 60_000).toISOString(),
    });
    expect(rules.statusCode).toBe(400);
    expect(rules.json().code).toBe('validation.failed');
    expect(paths(rules)).toEqual(['/currency', '/customerId', '/lastActivityAt', '/siteId']);

    // A few minutes of clock skew between the checkout and us is fine.
    const skewed = await admin('PUT', `/carts/${randomUUID()}`, {
      siteId: t.tenant.siteId,
      currency: 'EUR',
      lines: [],
      lastActivityAt: new Date(Date.now() + 4 * 60_000).toISOString(),
    });
    expect(skewed.statusCode).toBe(201);
  });

  it('needs the support role to write and viewer to read', async () => {
    const viewer = await t.tenant.as('viewer');
    const support = await t.tenant.as('support');
    const id = randomUUID();
    const body = { siteId: t.tenant.siteId, currency: 'EUR', lines: [] };
    expect((await admin('PUT', `/carts/${id}`, body, viewer)).statusCode).toBe(403);
    expect((await admin('PUT', `/carts/${id}`, body, support)).statusCode).toBe(201);
    expect((await admin('GET', `/carts/${id}`, undefined, viewer)).statusCode).toBe(200);
    expect((await admin('POST', `/carts/${id}/convert`, { orderId: randomUUID() }, viewer)).statusCode).toBe(
      403,
    );
  });

  it('converts a cart to an order once: the same order again is a no-op, another is 409, and it is frozen', async () => {
    const cart = await make.cart(t.tenant, { lastActivityAt: hoursAgo(48) });
    expect(cart.abandoned).toBe(true);
    const unknown = await admin('POST', `/carts/${cart.id}/convert`, { orderId: randomUUID() });
    expect(unknown.statusCode).toBe(400);
    expect(paths(unknown)).toEqual(['/orderId']);
    const theirOrder = (await make.order(other, { currency: 'EUR' })).id;
    expect(paths(await admin('POST', `/carts/${cart.id}/convert`, { orderId: theirOrder }))).toEqual([
      '/orderId',
    ]);

    const orderId = (await make.order(t.tenant, { currency: 'EUR' })).id;
    const converted = await admin('POST', `/carts/${cart.id}/convert`, { orderId });
    expect(converted.statusCode, converted.body).toBe(200);
    expect(converted.json()).toMatchObject({ convertedOrderId: orderId, abandoned: false });
    expect(converted.json().convertedAt).toBeTruthy();

    const again = await admin('POST', `/carts/${cart.id}/convert`, { orderId });
    expect(again.statusCode).toBe(200);
    expect(again.json().convertedAt).toBe(converted.json().convertedAt);

    const another = await admin('POST', `/carts/${cart.id}/convert`, {
      orderId: (await make.order(t.tenant, { currency: 'EUR' })).id,
    });
    expect(another.statusCode).toBe(409);
    expect(another.json().code).toBe('cart.converted');

    const replace = await admin('PUT', `/carts/${cart.id}`, {
      siteId: t.tenant.siteId,
      currency: 'EUR',
      lines: [],
    });
    expect(replace.statusCode).toBe(409);
    expect(replace.json().code).toBe('cart.converted');
    expect((await admin('GET', `/carts/${cart.id}`)).json().lines).toHaveLength(1);

    expect((await admin('POST', `/carts/${randomUUID()}/convert`, { orderId })).statusCode).toBe(404);
  });

  it("puts a customer's new cart and its checkout on their timeline, not every change of its lines", async () => {
    const shopper = await make.customer(t.tenant);
    const id = randomUUID();
    const body = (quantity: number) => ({
      siteId: t.tenant.siteId,
      customerId: shopper.id,
      currency: 'USD',
      lines: [line('TL', quantity, 1250)],
    });
    expect((await admin('PUT', `/carts/${id}`, body(1))).statusCode).toBe(201);
    expect((await admin('PUT', `/carts/${id}`, body(3))).statusCode).toBe(200);
    const orderId = (await make.order(t.tenant, { customerId: shopper.id })).id;
    expect((await admin('POST', `/carts/${id}/convert`, { orderId })).statusCode).toBe(200);
    expect((await admin('POST', `/carts/${id}/convert`, { orderId })).statusCode).toBe(200);
    const timeline = (await admin('GET', `/customers/${shopper.id}/timeline`)).json().data as {
      action: string;
      data: Record<string, unknown>;
    }[];
    const cartEvents = timeline.filter((e) => e.action.startsWith('cart.')).reverse();
    expect(cartEvents).toEqual([
      expect.objectContaining({
        action: 'cart.created',
        data: expect.objectContaining({ cartId: id, currency: 'USD', subtotal: 1250, lineCount: 1 }),
      }),
      expect.objectContaining({
        action: 'cart.converted',
        data: expect.objectContaining({ cartId: id, orderId, subtotal: 3750 }),
      }),
    ]);
  });

  it("answers 404 for another tenant's carts and customers, and a PUT with their cart id makes a cart of our own", async () => {
    const theirs = await make.cart(other, { lines: [line('T', 1, 5)] });
    const theirCustomer = await make.customer(other);
    expect((await admin('GET', `/carts/${theirs.id}`)).statusCode).toBe(404);
    expect(
      (
        await admin('POST', `/carts/${theirs.id}/convert`, {
          orderId: (await make.order(t.tenant, { currency: 'EUR' })).id,
        })
      ).statusCode,
    ).toBe(404);
    expect((await admin('GET', `/customers/${theirCustomer.id}/carts`)).statusCode).toBe(404);

    const mine = await admin('PUT', `/carts/${theirs.id}`, {
      siteId: t.tenant.siteId,
      currency: 'USD',
      lines: [line('M', 2, 7)],
    });
    expect(mine.statusCode).toBe(201);
    const theirsAfter = (await admin('GET', `/carts/${theirs.id}`, undefined, other.auth)).json();
    expect(theirsAfter).toEqual(theirs);
  });
});

describe('abandonment', () => {
  let fast: { id: string; name: string; code: string };
  let tenant: TestTenant;
  const now = Date.now();
  const carts: Record<string, { id: string }> = {};

  beforeAll(async () => {
    tenant = await t.newTenant('abandon');
    fast = await make.site(tenant, { code: 'fast', settings: { abandonmentHours: 2 } });
    const ada = await make.customer(tenant, {
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@example.com',
    });
    carts.main3h = await make.cart(tenant, { lastActivityAt: hoursAgo(3, now), customerId: ada.id });
    carts.main25h = await make.cart(tenant, {
      lastActivityAt: hoursAgo(25, now),
      lines: [line('X', 3, 2000)],
    });
    carts.fast4h = await make.cart(tenant, {
      siteId: fast.id,
      lastActivityAt: hoursAgo(4, now),
      currency: 'USD',
    });
    carts.fast1h = await make.cart(tenant, { siteId: fast.id, lastActivityAt: hoursAgo(1, now) });
    carts.emptyOld = await make.cart(tenant, { lines: [], lastActivityAt: hoursAgo(100, now) });
    carts.converted = await make.cart(tenant, { lastActivityAt: hoursAgo(100, now) });
    const orderId = (await make.order(tenant, { currency: 'EUR' })).id;
    await admin('POST', `/carts/${carts.converted!.id}/convert`, { orderId }, tenant.auth);
  });

  it("judges each cart by its own site's window", async () => {
    const abandoned = async (name: string) =>
      (await admin('GET', `/carts/${carts[name]!.id}`, undefined, tenant.auth)).json().abandoned;
    expect(await abandoned('main3h')).toBe(false);
    expect(await abandoned('main25h')).toBe(true);
    expect(await abandoned('fast4h')).toBe(true);
    expect(await abandoned('fast1h')).toBe(false);
    expect(await abandoned('emptyOld')).toBe(false);
    expect(await abandoned('converted')).toBe(false);

    const page = (await admin('GET', '/carts/abandoned', undefined, tenant.auth)).json();
    expect(page.nextCursor).toBeNull();
    expect(page.data.map((c: { id: string }) => c.id)).toEqual([carts.fast4h!.id, carts.main25h!.id]);
    expect(page.data[0]).toMatchObject({
      site: { id: fast.id, code: 'fast', name: 'Site fast' },
      customer: null,
      currency: 'USD',
      value: 1000,
      lineCount: 1,
      abandonedAt: new Date(Date.parse(hoursAgo(4, now)) + 2 * HOUR).toISOString(),
      reminderSentAt: null,
    });
    expect(page.data[1]).toMatchObject({ value: 6000, site: { id: tenant.siteId } });

    const onlyFast = (
      await admin('GET', `/carts/abandoned?siteId=${fast.id}`, undefined, tenant.auth)
    ).json();
    expect(onlyFast.data.map((c: { id: string }) => c.id)).toEqual([carts.fast4h!.id]);
  });

  it('takes "now" from the caller at the service level: the same carts later, and exactly at the window', async () => {
    const later = new Date(now + 22 * HOUR);
    expect((await getCart(tenant.ctx, carts.main3h!.id, later)).abandoned).toBe(true);
    expect((await getCart(tenant.ctx, carts.fast1h!.id, later)).abandoned).toBe(true);
    const page = await listAbandonedCarts(tenant.ctx, { sort: 'lastActivityAt' }, later);
    expect(page.data.map((c) => c.id)).toEqual([
      carts.main25h!.id,
      carts.fast4h!.id,
      carts.main3h!.id,
      carts.fast1h!.id,
    ]);
    expect(page.data[2]?.customer).toMatchObject({
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@example.com',
    });

    const atWindow = new Date(Date.parse(hoursAgo(1, now)) + 2 * HOUR);
    expect((await getCart(tenant.ctx, carts.fast1h!.id, atWindow)).abandoned).toBe(true);
    expect((await getCart(tenant.ctx, carts.fast1h!.id, new Date(atWindow.getTime() - 1))).abandoned).toBe(
      false,
    );
    const before = await listAbandonedCarts(tenant.ctx, {}, new Date(atWindow.getTime() - 1));
    expect(before.data.map((c) => c.id)).not.toContain(carts.fast1h!.id);

    const earlier = await listAbandonedCarts(tenant.ctx, {}, new Date(now - 1.5 * HOUR));
    expect(earlier.data.map((c) => c.id)).toEqual([carts.fast4h!.id]);
  });

  it("follows a change of the site's window at once", async () => {
    const res = await admin(
      'PATCH',
      `/sites/${tenant.siteId}`,
      { settings: { abandonmentHours: 3 } },
      tenant.auth,
    );
    expect(res.statusCode).toBe(200);
    const page = await listAbandonedCarts(tenant.ctx, {}, new Date(now));
    expect(page.data.map((c) => c.id)).toContain(carts.main3h!.id);
    await admin('PATCH', `/sites/${tenant.siteId}`, { settings: { abandonmentHours: 24 } }, tenant.auth);
  });

  it("lists a customer's carts, latest activity first, each saying whether it is abandoned", async () => {
    const who = await make.customer(tenant, { email: 'many@example.com' });
    const ids = [];
    for (const h of [30, 5, 50])
      ids.push((await make.cart(tenant, { customerId: who.id, lastActivityAt: hoursAgo(h) })).id);
    const first = await admin('GET', `/customers/${who.id}/carts?limit=2`, undefined, tenant.auth);
    expect(first.statusCode).toBe(200);
    const body = first.json();
    expect(body.data.map((c: { id: string; abandoned: boolean }) => [c.id, c.abandoned])).toEqual([
      [ids[1], false],
      [ids[0], true],
    ]);
    expect(body.data[0].lines).toHaveLength(1);
    const second = (
      await admin(
        'GET',
        `/customers/${who.id}/carts?limit=2&cursor=${body.nextCursor}`,
        undefined,
        tenant.auth,
      )
    ).json();
    expect(second).toMatchObject({ data: [{ id: ids[2], abandoned: true }], nextCursor: null });
    const service = await listCustomerCarts(tenant.ctx, who.id, {}, new Date(Date.now() + 100 * HOUR));
    expect(service.data.every((c) => c.abandoned)).toBe(true);
    expect((await admin('GET', `/customers/${randomUUID()}/carts`, undefined, tenant.auth)).statusCode).toBe(
      404,
    );
  });
});

describe('the Abandoned carts page', () => {
  let tenant: TestTenant;
  const expected: { id: string; value: number; at: number }[] = [];

  beforeAll(async () => {
    tenant = await t.newTenant('abandoned-page');
    const base = Date.now() - 48 * HOUR;
    // Equal times and equal values, so the id tiebreak is exercised too.
    for (let i = 0; i < 23; i++) {
      const at = base - (i % 7) * HOUR;
      const value = (i % 5) * 100 + 100;
      const cart = await make.cart(tenant, {
        lines: [line('V', 1, value)],
        lastActivityAt: new Date(at).toISOString(),
      });
      expected.push({ id: cart.id, value, at });
    }
  });

  async function walk(sort: string, limit: number) {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams({ sort, limit: String(limit), ...(cursor ? { cursor } : {}) });
      const res = await admin('GET', `/carts/abandoned?${query}`, undefined, tenant.auth);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body.data.length).toBeLessThanOrEqual(limit);
      seen.push(...body.data.map((c: { id: string }) => c.id));
      cursor = body.nextCursor;
    } while (cursor);
    return seen;
  }

  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const orders: Record<string, (a: (typeof expected)[number], b: (typeof expected)[number]) => number> = {
    '-lastActivityAt': (a, b) => b.at - a.at || -byId(a, b),
    lastActivityAt: (a, b) => a.at - b.at || byId(a, b),
    value: (a, b) => a.value - b.value || byId(a, b),
    '-value': (a, b) => b.value - a.value || -byId(a, b),
    'value,-lastActivityAt': (a, b) => a.value - b.value || b.at - a.at || byId(a, b),
  };

  it.each(Object.keys(orders))('pages through every abandoned cart once, sorted by %s', async (sort) => {
    const want = [...expected].sort(orders[sort]).map((c) => c.id);
    expect(await walk(sort, 4)).toEqual(want);
    expect(await walk(sort, 200)).toEqual(want);
  });

  it('defaults to the most recently abandoned first', async () => {
    const res = (await admin('GET', '/carts/abandoned?limit=5', undefined, tenant.auth)).json();
    expect(res.data.map((c: { id: string }) => c.id)).toEqual(
      [...expected]
        .sort(orders['-lastActivityAt'])
        .slice(0, 5)
        .map((c) => c.id),
    );
  });

  it('refuses an unknown sort and a cursor made for another sort', async () => {
    const bad = await admin('GET', '/carts/abandoned?sort=customer', undefined, tenant.auth);
    expect(bad.statusCode).toBe(400);
    expect(paths(bad)).toEqual(['/sort']);
    const page = (await admin('GET', '/carts/abandoned?limit=2&sort=value', undefined, tenant.auth)).json();
    const mixed = await admin(
      'GET',
      `/carts/abandoned?sort=-value&cursor=${page.nextCursor}`,
      undefined,
      tenant.auth,
    );
    expect(mixed.statusCode).toBe(400);
    expect(paths(mixed)).toEqual(['/cursor']);
  });

  it('is read from the carts_open index, bounded by the shortest window of the tenant', async () => {
    const spec = {
      now: new Date(),
      defaultHours: 24,
      siteId: null,
      window: pageWindow(abandonedCartList, { sort: '-lastActivityAt' }),
    };
    const query = cartsRepository.abandonedQuery(tenant.ctx, spec).compile();
    const plan = await t.handle.db.transaction().execute(async (trx) => {
      // On a few rows a sequential scan is cheapest; switch it off to see which index fits.
      await trx.executeQuery(CompiledQuery.raw('set local enable_seqscan = off'));
      const result = await trx.executeQuery<Record<string, string>>(
        CompiledQuery.raw(`explain ${query.sql}`, [...query.parameters]),
      );
      return result.rows.map((row) => Object.values(row)[0]).join('\n');
    });
    expect(plan).toMatch(/Index Scan Backward using carts_open on carts/);
    expect(plan).toMatch(/Index Cond: .*last_activity_at <=/);
  });
});

describe('guests taking over', () => {
  it("moves a guest's carts to the registered customer, and later PUTs naming the guest follow", async () => {
    const email = `guest-${randomUUID().slice(0, 8)}@example.com`;
    const guest = await make.customer(t.tenant, { email });
    const cart = await make.cart(t.tenant, { customerId: guest.id, lastActivityAt: hoursAgo(30) });
    const res = await t.app.inject({
      method: 'POST',
      url: '/store/v1/auth/register',
      headers: { 'x-site-key': t.tenant.siteKey },
      payload: { email, password: 'violet-tram-42-kettle', firstName: 'Reg', lastName: 'Istered' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const registered = (await admin('GET', `/customers/${guest.id}`)).json().registeredCustomerId;
    expect(registered).toBeTruthy();
    expect((await admin('GET', `/carts/${cart.id}`)).json().customerId).toBe(registered);
    const theirs = (await admin('GET', `/customers/${registered}/carts`)).json();
    expect(theirs.data.map((c: { id: string }) => c.id)).toEqual([cart.id]);
    expect((await admin('GET', `/customers/${guest.id}/carts`)).json().data).toEqual([]);

    const again = await admin('PUT', `/carts/${cart.id}`, {
      siteId: t.tenant.siteId,
      customerId: guest.id,
      currency: 'EUR',
      lines: [line('A', 1, 1)],
    });
    expect(again.json().customerId).toBe(registered);
  });
});

describe('cart reminders', () => {
  let tenant: TestTenant;
  const now = Date.now();
  const due: string[] = [];
  const addresses: string[] = [];
  let notDue: string[] = [];

  const outbox = () =>
    t.handle.db
      .selectFrom('emailOutbox')
      .selectAll()
      .where('tenantId', '=', tenant.id)
      .where('template', '=', 'cartReminder')
      .orderBy('toAddress')
      .execute();

  beforeAll(async () => {
    tenant = await t.newTenant('reminders');
    const on = await admin(
      'PATCH',
      `/sites/${tenant.siteId}`,
      { settings: { cartReminders: true, storefrontUrl: 'https://shop.example.com/' } },
      tenant.auth,
    );
    expect(on.statusCode, on.body).toBe(200);
    expect(on.json().settings.cartReminders).toBe(true);
    const quiet = await make.site(tenant, { code: 'quiet', settings: {} });
    expect(
      (await admin('GET', `/sites/${quiet.id}`, undefined, tenant.auth)).json().settings.cartReminders,
    ).toBe(false);
    for (const name of ['ann', 'bob']) {
      const who = await make.customer(tenant, { firstName: name, email: `${name}@example.com` });
      addresses.push(`${name}@example.com`);
      due.push(
        (
          await make.cart(tenant, {
            customerId: who.id,
            lastActivityAt: hoursAgo(30, now),
            lines: [line('A', 2, 1250), line('B', 1, 500)],
          })
        ).id,
      );
    }
    const carl = await make.customer(tenant, { email: 'carl@example.com' });
    const noEmail = await make.customer(tenant, { lastName: 'NoEmail', email: null });
    const disabled = await make.customer(tenant, { email: 'off@example.com', enabled: false });
    notDue = [
      (await make.cart(tenant, { lastActivityAt: hoursAgo(30, now) })).id, // anonymous
      (await make.cart(tenant, { customerId: noEmail.id, lastActivityAt: hoursAgo(30, now) })).id,
      (await make.cart(tenant, { customerId: disabled.id, lastActivityAt: hoursAgo(30, now) })).id,
      (await make.cart(tenant, { customerId: carl.id, lastActivityAt: hoursAgo(2, now) })).id, // not yet abandoned
      (await make.cart(tenant, { customerId: carl.id, lastActivityAt: hoursAgo(30, now), lines: [] })).id,
      (await make.cart(tenant, { customerId: carl.id, siteId: quiet.id, lastActivityAt: hoursAgo(30, now) }))
        .id,
    ];
  });

  it('queues one reminder per abandoned cart even when two runs race, and never a second one', async () => {
    const [a, b] = await Promise.all([
      sendCartReminders(t.handle.db, new Date(now)),
      sendCartReminders(t.handle.db, new Date(now)),
    ]);
    expect(a + b).toBe(2);
    const emails = await outbox();
    expect(emails.map((e) => e.toAddress)).toEqual(addresses);
    const ann = emails[0]!;
    expect(ann.subject).toBe('You left something in your cart at reminders store');
    expect(ann.textBody).toContain('Hello ann,');
    expect(ann.textBody).toContain('2 × Product A — €25.00');
    expect(ann.textBody).toContain('1 × Product B — €5.00');
    expect(ann.textBody).toContain('Total: €30.00');
    expect(ann.textBody).toContain('https://shop.example.com/cart');
    expect(ann.htmlBody).toContain('<a href="https://shop.example.com/cart">');

    for (const id of due) {
      expect((await admin('GET', `/carts/${id}`, undefined, tenant.auth)).json().reminderSentAt).toBe(
        new Date(now).toISOString(),
      );
    }
    for (const id of notDue) {
      expect((await admin('GET', `/carts/${id}`, undefined, tenant.auth)).json().reminderSentAt).toBeNull();
    }
    const page = (await admin('GET', '/carts/abandoned', undefined, tenant.auth)).json();
    expect(page.data.filter((c: { reminderSentAt: string | null }) => c.reminderSentAt)).toHaveLength(2);

    // Later runs, and the shopper coming back and leaving again, send nothing more.
    expect(await sendCartReminders(t.handle.db, new Date(now + HOUR))).toBe(0);
    await make.cart(tenant, {
      id: due[0],
      customerId: (await outbox())[0]!.customerId,
      lastActivityAt: hoursAgo(26, now),
    });
    expect(await sendCartReminders(t.handle.db, new Date(now + 2 * HOUR))).toBe(0);
    expect(await outbox()).toHaveLength(2);
  });

  it('sends in batches, and the job queues what comes due', async () => {
    const carts = [];
    for (const name of ['dave', 'erin', 'fay']) {
      const who = await make.customer(tenant, { email: `${name}@example.com` });
      carts.push(await make.cart(tenant, { customerId: who.id, lastActivityAt: hoursAgo(25) }));
    }
    expect(await sendCartReminders(t.handle.db, new Date(), 1)).toBe(1);
    const quietLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const job = startCartReminderJob({ db: t.handle.db, logger: quietLogger, everyMs: 0 });
    const [first, second] = await Promise.all([job.runOnce(), job.runOnce()]);
    await job.stop();
    expect(first + second).toBe(2);
    const sent = (await outbox()).map((e) => e.toAddress).filter((a) => /^(dave|erin|fay)@/.test(a));
    expect(sent).toEqual(['dave@example.com', 'erin@example.com', 'fay@example.com']);
    for (const cart of carts)
      expect(
        (await admin('GET', `/carts/${cart.id}`, undefined, tenant.auth)).json().reminderSentAt,
      ).not.toBeNull();
  });
});
