import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { make } from '../factories.js';
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

const call = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object, headers = {}) =>
  t.app.inject({
    method,
    url: `/admin/v1${url}`,
    headers: { ...t.tenant.auth, ...headers },
    ...(payload ? { payload } : {}),
  });

const remove = (id: string) => call('DELETE', `/customers/${id}`);
const ordersOf = async (id: string) => (await call('GET', `/customers/${id}/orders`)).json().data;

describe('removing a customer', () => {
  it('keeps a customer with orders, and its orders, with 409 customer.has_history', async () => {
    const { id } = await make.customer(t.tenant, {
      lastName: 'Kept',
      addresses: [{ line1: '1 Main St', city: 'Austin', countryCode: 'US', stateCode: 'US-TX' }],
    });
    for (let i = 0; i < 9; i++) await make.order(t.tenant, { customerId: id });

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
    const { id } = await make.registeredCustomer(t.tenant, {
      lastName: 'Kept',
      addresses: [{ line1: '1 Main St', city: 'Austin', countryCode: 'US', stateCode: 'US-TX' }],
    });
    await make.credit(t.tenant, id, { amount: 500, currency: 'USD', reason: 'Goodwill' });
    await make.order(t.tenant, { customerId: id });

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
    const { id } = await make.registeredCustomer(t.tenant, {
      lastName: 'Kept',
      addresses: [{ line1: '1 Main St', city: 'Austin', countryCode: 'US', stateCode: 'US-TX' }],
    });
    const res = await remove(id);
    expect(res.statusCode).toBe(409);
    expect(res.json().errors).toEqual([{ path: '/account', message: 'a registered account' }]);
  });

  it('deletes a customer with nothing but details and addresses, addresses and all', async () => {
    const { id } = await make.customer(t.tenant, {
      lastName: 'Kept',
      addresses: [{ line1: '1 Main St', city: 'Austin', countryCode: 'US', stateCode: 'US-TX' }],
    });
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
