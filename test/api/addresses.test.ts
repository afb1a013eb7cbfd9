import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { make } from '../factories.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: t.tenant.auth, ...(payload ? { payload } : {}) });

describe('addresses', () => {
  it('makes the first address the default billing and shipping, and the grid country follows billing', async () => {
    const c = await make.customer(t.tenant, { lastName: 'Addressee', email: null });
    expect(c.countryCode).toBeNull();
    const home = await call('POST', `/admin/v1/customers/${c.id}/addresses`, {
      line1: '1 Rue de Rivoli',
      city: 'Paris',
      countryCode: 'FR',
      stateCode: 'FR-IDF',
      phone: '01 42 60 00 00',
    });
    expect(home.statusCode).toBe(201);
    expect(home.json()).toMatchObject({
      isDefaultBilling: true,
      isDefaultShipping: true,
      phone: '+33142600000',
    });
    expect((await call('GET', `/admin/v1/customers/${c.id}`)).json()).toMatchObject({
      countryCode: 'FR',
      stateCode: 'FR-IDF',
    });

    const office = await call('POST', `/admin/v1/customers/${c.id}/addresses`, {
      line1: '5 Market St',
      city: 'San Francisco',
      countryCode: 'US',
      stateCode: 'US-CA',
    });
    expect(office.json()).toMatchObject({ isDefaultBilling: false, isDefaultShipping: false });

    const moved = await call('PATCH', `/admin/v1/customers/${c.id}/addresses/${office.json().id}`, {
      isDefaultBilling: true,
    });
    expect(moved.statusCode).toBe(200);
    const list = (await call('GET', `/admin/v1/customers/${c.id}/addresses`)).json().data;
    expect(list.filter((a: { isDefaultBilling: boolean }) => a.isDefaultBilling)).toHaveLength(1);
    expect(list.find((a: { id: string }) => a.id === home.json().id)).toMatchObject({
      isDefaultBilling: false,
      isDefaultShipping: true,
    });
    expect((await call('GET', `/admin/v1/customers/${c.id}`)).json()).toMatchObject({
      countryCode: 'US',
      stateCode: 'US-CA',
    });

    const grid = (
      await call('GET', `/admin/v1/customers?filter=${encodeURIComponent(`id eq "${c.id}"`)}`)
    ).json();
    expect(grid.data[0]).toMatchObject({ countryCode: 'US', stateCode: 'US-CA' });

    expect(
      (await call('DELETE', `/admin/v1/customers/${c.id}/addresses/${office.json().id}`)).statusCode,
    ).toBe(204);
    expect((await call('GET', `/admin/v1/customers/${c.id}`)).json()).toMatchObject({
      countryCode: null,
      stateCode: null,
    });
  });

  it("checks a changed country against the address's existing state", async () => {
    const c = await make.customer(t.tenant, { lastName: 'Addressee', email: null });
    const a = (
      await call('POST', `/admin/v1/customers/${c.id}/addresses`, {
        line1: 'x',
        city: 'y',
        countryCode: 'US',
        stateCode: 'US-NY',
      })
    ).json();
    const res = await call('PATCH', `/admin/v1/customers/${c.id}/addresses/${a.id}`, { countryCode: 'DE' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ path: '/countryCode', message: 'US-NY is not a state of DE' }]);
    const fixed = await call('PATCH', `/admin/v1/customers/${c.id}/addresses/${a.id}`, {
      countryCode: 'DE',
      stateCode: 'DE-BE',
    });
    expect(fixed.json()).toMatchObject({ countryCode: 'DE', stateCode: 'DE-BE' });
    expect((await call('GET', `/admin/v1/customers/${c.id}`)).json()).toMatchObject({
      countryCode: 'DE',
      stateCode: 'DE-BE',
    });
  });

  it('answers 404 for an address of another customer', async () => {
    const first = await make.customer(t.tenant, { lastName: 'Addressee', email: null });
    const second = await make.customer(t.tenant, { lastName: 'Addressee', email: null });
    const a = (
      await call('POST', `/admin/v1/customers/${first.id}/addresses`, {
        line1: 'x',
        city: 'y',
        countryCode: 'GB',
      })
    ).json();
    expect(
      (await call('PATCH', `/admin/v1/customers/${second.id}/addresses/${a.id}`, { city: 'z' })).statusCode,
    ).toBe(404);
    expect((await call('DELETE', `/admin/v1/customers/${second.id}/addresses/${a.id}`)).statusCode).toBe(404);
  });

  it('lists countries and the states of one', async () => {
    const countries = (await call('GET', '/admin/v1/reference/countries')).json().data;
    expect(countries).toContainEqual({ code: 'CZ', name: 'Czechia' });
    const states = (await call('GET', '/admin/v1/reference/countries/US/states')).json().data;
    expect(states).toContainEqual({ code: 'US-CA', name: 'California' });
    expect((await call('GET', '/admin/v1/reference/countries/ZZ/states')).statusCode).toBe(404);
  });
});
