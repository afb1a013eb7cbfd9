import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { make, uniqueEmail } from '../factories.js';
import { createTestApp, type TestApp, type TestTenant } from '../helpers/app.js';

let t: TestApp;
let other: TestTenant;
beforeAll(async () => {
  t = await createTestApp();
  other = await t.newTenant('orders-other');
});
afterAll(() => t.close());

type Headers = Record<string, string>;
type Method = 'GET' | 'POST' | 'PATCH';

let counter = 0;
const next = () => ++counter;
const newKey = () => `key-${next()}`;

const admin = (method: Method, url: string, payload?: object, headers: Headers = t.tenant.auth) =>
  t.app.inject({ method, url: `/admin/v1${url}`, headers, ...(payload ? { payload } : {}) });

/** A valid order: two lines, 2 × 10.00 − 1.00 + 1.50 and 1 × 5.00, shipping 3.00: 28.50. */
function orderBody(overrides: Record<string, unknown> = {}) {
  return {
    siteId: t.tenant.siteId,
    number: `N-${next()}`,
    currency: 'USD',
    customer: { email: uniqueEmail('guest'), firstName: 'Gus', lastName: 'Guest' },
    lines: [
      { sku: 'APL', name: 'Apple', quantity: 2, unitPrice: 1000, discount: 100, tax: 150 },
      { sku: 'BEA', name: 'Bean', quantity: 1, unitPrice: 500 },
    ],
    shippingTotal: 300,
    total: 2850,
    placedAt: '2026-01-10T10:00:00.000Z',
    ...overrides,
  };
}

const placeOrder = (body: object, key: string | null = newKey(), headers: Headers = t.tenant.auth) =>
  t.app.inject({
    method: 'POST',
    url: '/admin/v1/orders',
    headers: { ...headers, ...(key ? { 'idempotency-key': key } : {}) },
    payload: body,
  });

async function place(overrides: Record<string, unknown> = {}, headers: Headers = t.tenant.auth) {
  const res = await placeOrder(orderBody(overrides), newKey(), headers);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

/** A one-line order of `total` for a customer, placed at `placedAt`. */
const simple = (customerId: string, total: number, placedAt: string, extra: Record<string, unknown> = {}) =>
  place({
    customer: undefined,
    customerId,
    lines: [{ sku: 'X', name: 'Thing', quantity: 1, unitPrice: total }],
    shippingTotal: 0,
    total,
    placedAt,
    ...extra,
  });

const customer = async (id: string) => (await admin('GET', `/customers/${id}`)).json();

const setStatus = (id: string, body: object, headers: Headers = t.tenant.auth, key?: string) =>
  t.app.inject({
    method: 'POST',
    url: `/admin/v1/orders/${id}/status`,
    headers: { ...headers, ...(key ? { 'idempotency-key': key } : {}) },
    payload: body,
  });

async function changeStatus(id: string, status: string, extra: Record<string, unknown> = {}) {
  const res = await setStatus(id, { status, ...extra });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const ordersNumbered = async (number: string) =>
  (await t.handle.db.selectFrom('orders').select('id').where('number', '=', number).execute()).length;

describe('recording an order', () => {
  it('answers 201 with recomputed totals, lines and a Location, attached to a new guest', async () => {
    const body = orderBody({
      billingAddress: { line1: '1 Main St', city: 'Austin', countryCode: 'US', stateCode: 'US-TX' },
    });
    const res = await placeOrder(body);
    expect(res.statusCode, res.body).toBe(201);
    const order = res.json();
    expect(res.headers.location).toBe(`/admin/v1/orders/${order.id}`);
    expect(order).toMatchObject({
      siteId: t.tenant.siteId,
      number: body.number,
      status: 'placed',
      currency: 'USD',
      subtotal: 2500,
      discountTotal: 100,
      taxTotal: 150,
      shippingTotal: 300,
      total: 2850,
      refundedTotal: 0,
      email: body.customer.email,
      placedAt: '2026-01-10T10:00:00.000Z',
      billingAddress: {
        line1: '1 Main St',
        line2: null,
        city: 'Austin',
        countryCode: 'US',
        stateCode: 'US-TX',
        phone: null,
      },
      shippingAddress: null,
    });
    expect(order.lines).toEqual([
      {
        lineNo: 1,
        sku: 'APL',
        name: 'Apple',
        quantity: 2,
        unitPrice: 1000,
        discount: 100,
        tax: 150,
        total: 2050,
      },
      { lineNo: 2, sku: 'BEA', name: 'Bean', quantity: 1, unitPrice: 500, discount: 0, tax: 0, total: 500 },
    ]);
    const guest = await customer(order.customerId);
    expect(guest).toMatchObject({
      isRegistered: false,
      email: body.customer.email,
      firstName: 'Gus',
      originSiteId: t.tenant.siteId,
      ordersCount: 1,
      totalSpent: 2850,
    });
    const fetched = await admin('GET', `/orders/${order.id}`);
    expect(fetched.json()).toMatchObject({
      ...order,
      statusHistory: [{ fromStatus: null, toStatus: 'placed' }],
    });
  });

  it('gives each guest checkout a guest of its own, even with the same email', async () => {
    const email = uniqueEmail('repeat');
    const first = await place({ customer: { email } });
    const second = await place({ customer: { email } });
    expect(second.customerId).not.toBe(first.customerId);
    expect((await customer(second.customerId)).email).toBe(email);
  });

  it('replays the first answer for the same key and body, without a second order', async () => {
    const body = orderBody();
    const key = newKey();
    const first = await placeOrder(body, key);
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await placeOrder(body, key);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(await ordersNumbered(body.number)).toBe(1);
    expect((await customer(first.json().customerId)).ordersCount).toBe(1);
  });

  it('refuses the same key with another body (422)', async () => {
    const key = newKey();
    expect((await placeOrder(orderBody(), key)).statusCode).toBe(201);
    const res = await placeOrder(orderBody(), key);
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('idempotency.key_reused');
  });

  it('records one order when the same key arrives twice at once', async () => {
    const body = orderBody();
    const key = newKey();
    const answers = await Promise.all([placeOrder(body, key), placeOrder(body, key)]);
    const statuses = answers.map((r) => r.statusCode).sort();
    expect(statuses[0]).toBe(201);
    expect([201, 409]).toContain(statuses[1]);
    const replayedOrBusy = answers.filter(
      (r) => r.statusCode === 409 || r.headers['idempotent-replayed'] === 'true',
    );
    expect(replayedOrBusy).toHaveLength(1);
    expect(await ordersNumbered(body.number)).toBe(1);
  });

  it('requires an Idempotency-Key (400 naming the header)', async () => {
    const res = await placeOrder(orderBody(), null);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toContainEqual(
      expect.objectContaining({ path: '/idempotency-key', in: 'header' }),
    );
  });

  it('refuses a total that the lines do not add up to (422 with both numbers)', async () => {
    const res = await placeOrder(orderBody({ total: 2900 }));
    expect(res.statusCode).toBe(422);
    const problem = res.json();
    expect(problem.code).toBe('order.total_mismatch');
    expect(problem.detail).toContain('2900');
    expect(problem.detail).toContain('2850');
    expect(problem.errors).toEqual([expect.objectContaining({ path: '/total' })]);
  });

  it('keeps order numbers unique per site (409 with a new key), not across sites', async () => {
    const body = orderBody();
    expect((await placeOrder(body)).statusCode).toBe(201);
    const taken = await placeOrder({ ...body, customer: { email: uniqueEmail('buyer') } });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'order.number_taken', errors: [{ path: '/number' }] });
    const elsewhere = await placeOrder({
      ...body,
      siteId: (await make.site(t.tenant, { name: 'Second store', settings: {} })).id,
    });
    expect(elsewhere.statusCode, elsewhere.body).toBe(201);
  });

  it('names every bad field with a 400', async () => {
    const [theirCustomer] = [(await make.customer(other, { lastName: 'Buyer' })).id];
    const cases: [Record<string, unknown>, string][] = [
      [{ currency: 'XYZ' }, '/currency'],
      [{ siteId: other.siteId }, '/siteId'],
      [{ customer: undefined, customerId: theirCustomer }, '/customerId'],
      [{ customerId: (await make.customer(t.tenant, { lastName: 'Buyer' })).id }, '/customer'],
      [{ customer: undefined }, '/customer'],
      [{ placedAt: new Date(Date.now() + 3600_000).toISOString() }, '/placedAt'],
      [{ number: '   ' }, '/number'],
      [
        { billingAddress: { line1: 'a', city: 'b', countryCode: 'US', stateCode: 'FR-75' } },
        '/billingAddress/stateCode',
      ],
      [
        {
          lines: [{ sku: 'A', name: 'A', quantity: 1, unitPrice: 100, discount: 101 }],
          shippingTotal: 0,
          total: -1,
        },
        '/total',
      ],
      [
        {
          lines: [{ sku: 'A', name: 'A', quantity: 100000, unitPrice: 1_000_000_000_000 }],
          shippingTotal: 0,
          total: 0,
        },
        '/lines/0/unitPrice',
      ],
      [{ lines: [] }, '/lines'],
      [{ customer: { email: 'not-an-email' } }, '/customer/email'],
    ];
    for (const [overrides, path] of cases) {
      const res = await placeOrder(orderBody(overrides));
      expect(res.statusCode, `${JSON.stringify(overrides)} → ${res.body}`).toBe(400);
      expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    const discount = await placeOrder(
      orderBody({
        lines: [{ sku: 'A', name: 'A', quantity: 1, unitPrice: 100, discount: 101 }],
        shippingTotal: 0,
        total: 0,
      }),
    );
    expect(discount.json().errors).toContainEqual(expect.objectContaining({ path: '/lines/0/discount' }));
  });

  it('attaches to a named customer, refusing a disabled one', async () => {
    const id = (await make.customer(t.tenant, { lastName: 'Buyer' })).id;
    const order = await place({ customer: undefined, customerId: id });
    expect(order.customerId).toBe(id);
    expect(order.email).toBe((await customer(id)).email);
    await admin('PATCH', `/customers/${id}`, { enabled: false });
    const res = await placeOrder(orderBody({ customer: undefined, customerId: id }));
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'order.customer_disabled', errors: [{ path: '/customerId' }] });
  });

  it('refuses a checkout without a customer on a site without guest checkout', async () => {
    const siteId = (await make.site(t.tenant, { name: 'Second store', settings: { guestCheckout: false } }))
      .id;
    const res = await placeOrder(orderBody({ siteId }));
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('order.guest_checkout_disabled');
    const named = await placeOrder(
      orderBody({
        siteId,
        customer: undefined,
        customerId: (await make.customer(t.tenant, { lastName: 'Buyer' })).id,
      }),
    );
    expect(named.statusCode).toBe(201);
  });

  it('registers and invites the shopper on a site with automatic registration, once per email', async () => {
    const siteId = (
      await make.site(t.tenant, {
        name: 'Second store',
        settings: { autoRegister: true, guestCheckout: false },
      })
    ).id;
    const email = uniqueEmail('auto');
    // An earlier guest checkout with this email, on a site without automatic registration.
    const asGuest = await place({ customer: { email } });
    const first = await place({ siteId, customer: { email, firstName: 'Ada', lastName: 'Auto' } });
    expect(first.customerId).not.toBe(asGuest.customerId);
    const registered = await customer(first.customerId);
    expect(registered).toMatchObject({
      isRegistered: true,
      email,
      firstName: 'Ada',
      originSiteId: siteId,
      account: { username: email, hasPassword: false },
      ordersCount: 2,
      totalSpent: 5700,
    });
    const invites = await t.handle.db
      .selectFrom('emailOutbox')
      .select(['template', 'customerId'])
      .where('toAddress', '=', email)
      .execute();
    expect(invites).toEqual([{ template: 'invite', customerId: first.customerId }]);
    // The guest's order moved with the takeover.
    expect(await customer(asGuest.customerId)).toMatchObject({
      registeredCustomerId: first.customerId,
      ordersCount: 0,
      totalSpent: 0,
      lastOrderAt: null,
    });
    const second = await place({ siteId, customer: { email: email.toUpperCase() } });
    expect(second.customerId).toBe(first.customerId);
    expect((await customer(first.customerId)).ordersCount).toBe(3);
    const emails = await t.handle.db
      .selectFrom('emailOutbox')
      .select('id')
      .where('toAddress', '=', email)
      .execute();
    expect(emails).toHaveLength(1);
  });

  it('makes one registered customer when two automatic registrations of an email race', async () => {
    const siteId = (await make.site(t.tenant, { name: 'Second store', settings: { autoRegister: true } })).id;
    const email = uniqueEmail('race');
    const [a, b] = await Promise.all([
      placeOrder(orderBody({ siteId, customer: { email } })),
      placeOrder(orderBody({ siteId, customer: { email } })),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(a.json().customerId).toBe(b.json().customerId);
    expect((await customer(a.json().customerId)).ordersCount).toBe(2);
  });

  it('lets a viewer read orders but not record them; an API-key-like support role can', async () => {
    const viewer = await t.tenant.as('viewer');
    const denied = await placeOrder(orderBody(), newKey(), viewer);
    expect(denied.statusCode).toBe(403);
    const support = await t.tenant.as('support');
    const order = await place({}, support);
    expect((await admin('GET', `/orders/${order.id}`, undefined, viewer)).statusCode).toBe(200);
    expect((await admin('GET', '/orders', undefined, viewer)).statusCode).toBe(200);
    expect((await setStatus(order.id, { status: 'paid' }, viewer)).statusCode).toBe(403);
  });
});

describe('status changes', () => {
  it('follows placed → paid → fulfilled → partial refunds → refunded, recording who and when', async () => {
    const support = await t.tenant.as('support');
    const order = await place();
    const paid = await setStatus(order.id, { status: 'paid', note: 'Captured' }, support);
    expect(paid.statusCode, paid.body).toBe(200);
    await changeStatus(order.id, 'fulfilled');
    await changeStatus(order.id, 'partially_refunded', { amount: 500 });
    const partly = await changeStatus(order.id, 'partially_refunded', { amount: 300 });
    expect(partly).toMatchObject({ status: 'partially_refunded', refundedTotal: 800 });
    const refunded = await changeStatus(order.id, 'refunded');
    expect(refunded).toMatchObject({ status: 'refunded', refundedTotal: 2850 });
    const history = refunded.statusHistory;
    expect(
      history.map((h: { fromStatus: string; toStatus: string; amount: number | null }) => [
        h.fromStatus,
        h.toStatus,
        h.amount,
      ]),
    ).toEqual([
      [null, 'placed', null],
      ['placed', 'paid', null],
      ['paid', 'fulfilled', null],
      ['fulfilled', 'partially_refunded', 500],
      ['partially_refunded', 'partially_refunded', 300],
      ['partially_refunded', 'refunded', 2050],
    ]);
    expect(history[1]).toMatchObject({ note: 'Captured', actor: { type: 'admin' } });
    expect(history[1].actor.id).not.toBe(history[2].actor.id);
    expect(Date.parse(history[1].createdAt)).toBeGreaterThan(Date.now() - 60_000);
    const timeline = (await admin('GET', `/customers/${order.customerId}/timeline`)).json();
    expect(timeline.data.map((e: { action: string }) => e.action)).toContain('order.status_changed');
  });

  it('refuses transitions that are not allowed, naming from and to', async () => {
    const order = await place();
    const skip = await setStatus(order.id, { status: 'fulfilled' });
    expect(skip.statusCode).toBe(422);
    expect(skip.json().code).toBe('order.invalid_transition');
    expect(skip.json().detail).toContain('placed to fulfilled');
    await changeStatus(order.id, 'cancelled');
    for (const status of ['paid', 'cancelled', 'refunded', 'placed']) {
      const res = await setStatus(order.id, { status });
      expect(res.statusCode, status).toBe(422);
      expect(res.json().detail).toContain(`cancelled to ${status}`);
    }
    const history = (await admin('GET', `/orders/${order.id}`)).json().statusHistory;
    expect(history).toHaveLength(2);
  });

  it('checks refund amounts: required for a partial refund, less than what is left', async () => {
    const order = await place();
    await changeStatus(order.id, 'paid');
    expect((await setStatus(order.id, { status: 'partially_refunded' })).statusCode).toBe(400);
    expect((await setStatus(order.id, { status: 'refunded', amount: 5 })).statusCode).toBe(400);
    const tooMuch = await setStatus(order.id, { status: 'partially_refunded', amount: 2850 });
    expect(tooMuch.statusCode).toBe(422);
    expect(tooMuch.json()).toMatchObject({ code: 'order.refund_too_large', errors: [{ path: '/amount' }] });
    await changeStatus(order.id, 'partially_refunded', { amount: 2000 });
    const over = await setStatus(order.id, { status: 'partially_refunded', amount: 851 });
    expect(over.statusCode).toBe(422);
    expect((await admin('GET', `/orders/${order.id}`)).json().refundedTotal).toBe(2000);
  });

  it('gives back the store credit spent on an order when it is cancelled', async () => {
    const id = (await make.customer(t.tenant, { lastName: 'Buyer' })).id;
    const credit = (url: string, payload: object) =>
      t.app.inject({
        method: 'POST',
        url: `/admin/v1/customers/${id}${url}`,
        headers: { ...t.tenant.auth, 'idempotency-key': newKey() },
        payload,
      });
    expect((await credit('/credit', { amount: 1000, currency: 'USD', reason: 'Goodwill' })).statusCode).toBe(
      201,
    );
    const order = await simple(id, 2500, '2026-01-03T00:00:00.000Z');
    const redeemed = await credit('/credit/redeem', { orderId: order.id, amount: 600, currency: 'USD' });
    expect(redeemed.statusCode, redeemed.body).toBe(201);
    const balance = async () => (await admin('GET', `/customers/${id}/credit`)).json().balances;
    expect(await balance()).toEqual([{ currency: 'USD', balance: 400 }]);
    await changeStatus(order.id, 'cancelled');
    expect(await balance()).toEqual([{ currency: 'USD', balance: 1000 }]);
  });

  it('applies one of two concurrent changes from the same state', async () => {
    const order = await place();
    const answers = await Promise.all([
      setStatus(order.id, { status: 'paid' }),
      setStatus(order.id, { status: 'paid' }),
    ]);
    expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 422]);
    const history = (await admin('GET', `/orders/${order.id}`)).json().statusHistory;
    expect(history).toHaveLength(2);
  });

  it('applies a partial refund once when retried with the same Idempotency-Key', async () => {
    const order = await place();
    await changeStatus(order.id, 'paid');
    const key = newKey();
    const first = await setStatus(
      order.id,
      { status: 'partially_refunded', amount: 100 },
      t.tenant.auth,
      key,
    );
    const again = await setStatus(
      order.id,
      { status: 'partially_refunded', amount: 100 },
      t.tenant.auth,
      key,
    );
    expect(first.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().refundedTotal).toBe(100);
    expect((await admin('GET', `/orders/${order.id}`)).json().refundedTotal).toBe(100);
  });
});

describe("the customer's order metrics", () => {
  it('count orders, total spent in the reporting currency only, first and last order', async () => {
    const id = (await make.customer(t.tenant, { lastName: 'Buyer' })).id;
    const jan5 = await simple(id, 1000, '2026-01-05T00:00:00.000Z');
    const jan1 = await simple(id, 2000, '2026-01-01T00:00:00.000Z');
    const feb1 = await simple(id, 5000, '2026-02-01T00:00:00.000Z', { currency: 'EUR' });
    expect(await customer(id)).toMatchObject({
      ordersCount: 3,
      totalSpent: 3000,
      firstOrderAt: '2026-01-01T00:00:00.000Z',
      lastOrderAt: '2026-02-01T00:00:00.000Z',
    });
    await changeStatus(feb1.id, 'cancelled');
    expect(await customer(id)).toMatchObject({
      ordersCount: 2,
      totalSpent: 3000,
      lastOrderAt: '2026-01-05T00:00:00.000Z',
    });
    await changeStatus(jan1.id, 'paid');
    await changeStatus(jan1.id, 'partially_refunded', { amount: 500 });
    expect((await customer(id)).totalSpent).toBe(2500);
    await changeStatus(jan1.id, 'refunded');
    expect(await customer(id)).toMatchObject({
      ordersCount: 1,
      totalSpent: 1000,
      firstOrderAt: '2026-01-05T00:00:00.000Z',
      lastOrderAt: '2026-01-05T00:00:00.000Z',
    });
    await changeStatus(jan5.id, 'cancelled');
    expect(await customer(id)).toMatchObject({
      ordersCount: 0,
      totalSpent: 0,
      firstOrderAt: null,
      lastOrderAt: null,
    });
  });

  it("counts another currency toward totalSpent when it is the tenant's reporting currency", async () => {
    const tenant = await t.newTenant(`eur-${next()}`);
    await t.handle.db
      .updateTable('tenants')
      .set({ reportingCurrency: 'EUR' })
      .where('id', '=', tenant.id)
      .execute();
    const id = (await make.customer(tenant, { lastName: 'Buyer' })).id;
    const order = (currency: string, total: number) =>
      placeOrder(
        orderBody({
          siteId: tenant.siteId,
          customer: undefined,
          customerId: id,
          currency,
          lines: [{ sku: 'X', name: 'X', quantity: 1, unitPrice: total }],
          shippingTotal: 0,
          total,
        }),
        newKey(),
        tenant.auth,
      );
    expect((await order('EUR', 700)).statusCode).toBe(201);
    expect((await order('USD', 9000)).statusCode).toBe(201);
    const res = await admin('GET', `/customers/${id}`, undefined, tenant.auth);
    expect(res.json()).toMatchObject({ ordersCount: 2, totalSpent: 700 });
  });

  it('stay exact under 20 concurrent orders for one customer', async () => {
    const id = (await make.customer(t.tenant, { lastName: 'Buyer' })).id;
    const totals = Array.from({ length: 20 }, (_, i) => 100 + i * 7);
    const answers = await Promise.all(
      totals.map((total, i) =>
        placeOrder(
          orderBody({
            customer: undefined,
            customerId: id,
            lines: [{ sku: 'X', name: 'X', quantity: 1, unitPrice: total }],
            shippingTotal: 0,
            total,
            placedAt: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
          }),
        ),
      ),
    );
    expect(answers.map((r) => r.statusCode)).toEqual(totals.map(() => 201));
    expect(await customer(id)).toMatchObject({
      ordersCount: 20,
      totalSpent: totals.reduce((a, b) => a + b, 0),
      firstOrderAt: '2026-01-01T00:00:00.000Z',
      lastOrderAt: '2026-01-20T00:00:00.000Z',
    });
  });

  it('are grid columns: filter ordersCount ge 3, sort by -totalSpent', async () => {
    const tenant = await t.newTenant(`grid-${next()}`);
    const made: Record<string, string> = {};
    for (const [name, orders] of [
      ['Few', [100]],
      ['Many', [100, 200, 300]],
      ['Most', [5000, 1, 1, 1]],
    ] as const) {
      const id = (await make.customer(tenant, { lastName: name })).id;
      made[name] = id;
      for (const total of orders) {
        const res = await placeOrder(
          orderBody({
            siteId: tenant.siteId,
            customer: undefined,
            customerId: id,
            lines: [{ sku: 'X', name: 'X', quantity: 1, unitPrice: total }],
            shippingTotal: 0,
            total,
          }),
          newKey(),
          tenant.auth,
        );
        expect(res.statusCode).toBe(201);
      }
    }
    const list = async (query: string) =>
      (await admin('GET', `/customers?${query}`, undefined, tenant.auth))
        .json()
        .data.map((c: { lastName: string }) => c.lastName);
    expect(await list(`filter=${encodeURIComponent('ordersCount ge 3')}&sort=lastName`)).toEqual([
      'Many',
      'Most',
    ]);
    expect(await list('sort=-totalSpent')).toEqual(['Most', 'Many', 'Few']);
    expect(
      await list(`filter=${encodeURIComponent('firstOrderAt pr and totalSpent lt 1000')}&sort=lastName`),
    ).toEqual(['Few', 'Many']);
  });
});

describe('order lists', () => {
  let tenant: TestTenant;
  let buyer: string;
  let orders: { id: string; number: string; placedAt: string; email: string }[];
  beforeAll(async () => {
    tenant = await t.newTenant(`lists-${next()}`);
    buyer = (await make.customer(tenant, { lastName: 'Buyer', email: 'Lister@Example.com' })).id;
    orders = [];
    for (let i = 0; i < 7; i++) {
      const res = await placeOrder(
        orderBody({
          siteId: tenant.siteId,
          number: i < 3 ? `WEB-10${i}` : `POS-${i}`,
          ...(i % 2 === 0
            ? { customer: undefined, customerId: buyer }
            : { customer: { email: `other${i}@example.com` } }),
          placedAt: new Date(Date.UTC(2026, 2, 1 + i)).toISOString(),
        }),
        newKey(),
        tenant.auth,
      );
      expect(res.statusCode, res.body).toBe(201);
      orders.push(res.json());
    }
  });
  const list = async (query: string, headers?: Headers) => {
    const res = await admin('GET', `/orders?${query}`, undefined, headers ?? tenant.auth);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const numbers = (page: { data: { number: string }[] }) => page.data.map((o) => o.number);

  it('pages newest first by cursor, every order once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(`limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...numbers(page));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...orders].reverse().map((o) => o.number));
    expect(numbers(await list('sort=placedAt&limit=2'))).toEqual(['WEB-100', 'WEB-101']);
  });

  it('finds by a fragment of the order number or email, in any case', async () => {
    expect(numbers(await list('q=WEB-101'))).toEqual(['WEB-101']);
    expect(numbers(await list('q=WEB-'))).toEqual(['WEB-102', 'WEB-101', 'WEB-100']);
    expect(numbers(await list('q=web-'))).toEqual(['WEB-102', 'WEB-101', 'WEB-100']);
    expect(numbers(await list('q=WEB_'))).toEqual([]);
    expect(numbers(await list(`q=${encodeURIComponent('lister@EXAMPLE.com')}`))).toEqual([
      'POS-6',
      'POS-4',
      'WEB-102',
      'WEB-100',
    ]);
  });

  it('filters by site, status, customer and placed dates', async () => {
    await changeStatusIn(tenant, orders[1]!.id, 'paid');
    expect(numbers(await list('status=paid'))).toEqual(['WEB-101']);
    expect(
      numbers(
        await list(`customerId=${buyer}&placedFrom=2026-03-03T00:00:00Z&placedTo=2026-03-07T00:00:00Z`),
      ),
    ).toEqual(['POS-4', 'WEB-102']);
    expect((await list(`siteId=${tenant.siteId}`)).data).toHaveLength(7);
    expect((await list(`siteId=${t.tenant.siteId}`)).data).toHaveLength(0);
    const bad = await admin('GET', '/orders?sort=total', undefined, tenant.auth);
    expect(bad.statusCode).toBe(400);
  });

  it("lists one customer's orders; another tenant's customer is 404", async () => {
    const res = await admin('GET', `/customers/${buyer}/orders?limit=2`, undefined, tenant.auth);
    expect(numbers(res.json())).toEqual(['POS-6', 'POS-4']);
    const rest = await admin(
      'GET',
      `/customers/${buyer}/orders?cursor=${res.json().nextCursor}`,
      undefined,
      tenant.auth,
    );
    expect(numbers(rest.json())).toEqual(['WEB-102', 'WEB-100']);
    expect(rest.json().nextCursor).toBeNull();
    expect((await admin('GET', `/customers/${buyer}/orders`)).statusCode).toBe(404);
  });

  it("answers 404 for another tenant's order and never lists it", async () => {
    const id = orders[0]!.id;
    expect((await admin('GET', `/orders/${id}`)).statusCode).toBe(404);
    expect((await setStatus(id, { status: 'paid' })).statusCode).toBe(404);
    expect(numbers(await list('q=WEB-100', t.tenant.auth))).toEqual([]);
    const own = (await admin('GET', `/orders/${id}`, undefined, tenant.auth)).json();
    expect(own.status).toBe('placed');
  });
});

async function changeStatusIn(tenant: TestTenant, id: string, status: string) {
  const res = await setStatus(id, { status }, tenant.auth);
  expect(res.statusCode, res.body).toBe(200);
}

describe('the storefront', () => {
  const store = (url: string, token: string, key = t.tenant.siteKey) =>
    t.app.inject({
      method: 'GET',
      url: `/store/v1${url}`,
      headers: { 'x-site-key': key, authorization: `Bearer ${token}` },
    });

  it("shows a shopper their orders and never another shopper's", async () => {
    const me = await make.shopper(t.tenant);
    const you = await make.shopper(t.tenant);
    const mine = await place({ customer: undefined, customerId: me.id });
    await changeStatus(mine.id, 'paid');
    const yours = await place({ customer: undefined, customerId: you.id });
    const list = await store('/me/orders', me.token);
    expect(list.statusCode).toBe(200);
    expect(list.json().data.map((o: { id: string }) => o.id)).toEqual([mine.id]);
    const detail = await store(`/me/orders/${mine.id}`, me.token);
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({ id: mine.id, lines: mine.lines, total: 2850 });
    expect(detail.json().statusHistory).toEqual([
      expect.objectContaining({ fromStatus: null, toStatus: 'placed' }),
      expect.objectContaining({ fromStatus: 'placed', toStatus: 'paid' }),
    ]);
    expect(detail.json().statusHistory[1].actor).toBeUndefined();
    expect((await store(`/me/orders/${yours.id}`, me.token)).statusCode).toBe(404);
    expect((await store(`/me/orders/${mine.id}`, you.token)).statusCode).toBe(404);
    expect((await store('/me/orders', you.token)).json().data.map((o: { id: string }) => o.id)).toEqual([
      yours.id,
    ]);
    // A shopper of another tenant, with this order's id: not found.
    const theirs = await make.shopper(other, { lastName: 'Other' });
    expect((await store(`/me/orders/${mine.id}`, theirs.token, other.siteKey)).statusCode).toBe(404);
  });

  it('shows guest orders placed with my email before I registered, and counts them', async () => {
    const email = uniqueEmail('later');
    const guestOrder = await place({ customer: { email } });
    const me = await make.shopper(t.tenant, { email });
    const list = (await store('/me/orders', me.token)).json();
    expect(list.data.map((o: { id: string }) => o.id)).toEqual([guestOrder.id]);
    expect((await store(`/me/orders/${guestOrder.id}`, me.token)).statusCode).toBe(200);
    expect(await customer(me.id)).toMatchObject({ ordersCount: 1, totalSpent: 2850 });
    expect(await customer(guestOrder.customerId)).toMatchObject({
      ordersCount: 0,
      registeredCustomerId: me.id,
    });
    const history = (await admin('GET', `/orders/${guestOrder.id}`)).json();
    expect(history.customerId).toBe(me.id);
  });
});
