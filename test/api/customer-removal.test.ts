import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';

/**
 * Deleting a customer must never take the store's records with it: orders, store credit and a
 * registered account stay; only a customer with nothing but details and addresses goes.
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

let counter = 0;
const call = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object, headers = {}) =>
  t.app.inject({
    method,
    url: `/admin/v1${url}`,
    headers: { ...t.tenant.auth, ...headers },
    ...(payload ? { payload } : {}),
  });

async function customer(extra: Record<string, unknown> = {}) {
  const res = await call('POST', '/customers', {
    lastName: 'Kept',
    email: `removal-${++counter}@example.com`,
    addresses: [{ line1: '1 Main St', city: 'Austin', countryCode: 'US', stateCode: 'US-TX' }],
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}

async function placeOrders(customerId: string, count: number) {
  for (let i = 0; i < count; i++) {
    const res = await call(
      'POST',
      '/orders',
      {
        siteId: t.tenant.siteId,
        number: `R-${++counter}`,
        currency: 'USD',
        customerId,
        lines: [{ sku: 'X', name: 'Thing', quantity: 1, unitPrice: 1000 }],
        shippingTotal: 0,
        total: 1000,
        placedAt: '2026-01-10T10:00:00.000Z',
      },
      { 'idempotency-key': randomUUID() },
    );
    expect(res.statusCode, res.body).toBe(201);
  }
}

const remove = (id: string) => call('DELETE', `/customers/${id}`);
const ordersOf = async (id: string) => (await call('GET', `/customers/${id}/orders`)).json().data;

describe('removing a customer', () => {
  it('keeps a customer with orders, and its orders, with 409 customer.has_history', async () => {
    const { id } = await customer();
    await placeOrders(id, 9);

    const res = await remove(id);
    expect(res.statusCode, res.body).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({
      code: 'customer.has_history',
      errors: [{ path: '/ordersCount', message: '9 orders' }],
    });
    expect(res.json().detail).toContain('Disable the customer instead');
    expect((await call('GET', `/customers/${id}`)).statusCode).toBe(200);
    expect(await ordersOf(id)).toHaveLength(9);
  });

  it('keeps a customer with a store-credit ledger, and a registered customer, naming all it holds', async () => {
    const { id } = await customer({ isRegistered: true });
    const credit = await call(
      'POST',
      `/customers/${id}/credit`,
      { amount: 500, currency: 'USD', reason: 'Goodwill' },
      { 'idempotency-key': randomUUID() },
    );
    expect(credit.statusCode, credit.body).toBe(201);
    await placeOrders(id, 1);

    const res = await remove(id);
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().errors).toEqual([
      { path: '/ordersCount', message: '1 order' },
      { path: '/storeCredit', message: 'a store-credit ledger of 1 entry' },
      { path: '/account', message: 'a registered account' },
    ]);
    const balances = (await call('GET', `/customers/${id}/credit`)).json();
    expect(JSON.stringify(balances)).toContain('500');
  });

  it('keeps a registered customer without orders or credit', async () => {
    const { id } = await customer({ isRegistered: true });
    const res = await remove(id);
    expect(res.statusCode).toBe(409);
    expect(res.json().errors).toEqual([{ path: '/account', message: 'a registered account' }]);
  });

  it('deletes a customer with nothing but details and addresses, addresses and all', async () => {
    const { id } = await customer();
    expect((await remove(id)).statusCode).toBe(204);
    expect((await call('GET', `/customers/${id}`)).statusCode).toBe(404);
    const left = await t.handle.db
      .selectFrom('addresses')
      .select('id')
      .where('customerId', '=', id)
      .execute();
    expect(left).toEqual([]);
    expect((await remove(id)).statusCode).toBe(404);
  });
});
