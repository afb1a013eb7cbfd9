import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { make } from '../factories.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

// CLIENTELE_MODE=oms: Kibo's order-management-only mode. The store's own platform signs its shoppers
// in and runs its marketing; Clientele keeps the customer records, orders and carts.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ config: { mode: 'oms' } });
});
afterAll(() => t.close());

const admin = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object) =>
  t.app.inject({
    method,
    url: `/admin/v1${url}`,
    headers: t.tenant.auth,
    ...(payload ? { payload } : {}),
  });

describe('order-management-only mode', () => {
  it('is chosen with CLIENTELE_MODE=oms, and any other value is refused naming the variable', () => {
    const saved = process.env.CLIENTELE_MODE;
    try {
      process.env.CLIENTELE_MODE = 'OMS';
      expect(loadConfig().mode).toBe('oms');
      process.env.CLIENTELE_MODE = 'orders';
      expect(() => loadConfig()).toThrow(/CLIENTELE_MODE: must be full or oms/);
    } finally {
      if (saved === undefined) delete process.env.CLIENTELE_MODE;
      else process.env.CLIENTELE_MODE = saved;
    }
  });

  it('has no storefront API: shoppers cannot register or sign in, whatever the site key', async () => {
    for (const url of ['/store/v1/auth/register', '/store/v1/auth/sign-in']) {
      const res = await t.app.inject({
        method: 'POST',
        url,
        headers: { 'x-site-key': t.tenant.siteKey },
        payload: { email: 'shopper@example.com', password: 'correct horse battery' },
      });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    const me = await t.app.inject({
      method: 'GET',
      url: '/store/v1/me',
      headers: { 'x-site-key': t.tenant.siteKey },
    });
    expect(me.statusCode).toBe(404);
  });

  it('switches off marketing, segments and the account links that lead to a shopper sign-in', async () => {
    expect((await admin('GET', '/segments')).statusCode).toBe(404);
    expect((await admin('GET', '/newsletters')).statusCode).toBe(404);
    const customer = await make.registeredCustomer(t.tenant);
    expect((await admin('POST', `/customers/${customer.id}/password-reset`)).statusCode).toBe(404);
    expect((await admin('POST', `/customers/${customer.id}/invite`)).statusCode).toBe(404);
    // Lock, disable and enable stay: they are facts on the record the store's platform may mirror.
    const disabled = await admin('POST', `/customers/${customer.id}/disable`, { reason: 'Chargeback' });
    expect(disabled.statusCode, disabled.body).toBe(200);
    expect(disabled.json().enabled).toBe(false);
  });

  it('keeps customer records, orders and carts: viewed and edited as in the full mode', async () => {
    const customer = await make.customer(t.tenant, { firstName: 'Olive' });
    const edited = await admin('PATCH', `/customers/${customer.id}`, { lastName: 'Ordersonly' });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().lastName).toBe('Ordersonly');

    const placed = await t.app.inject({
      method: 'POST',
      url: '/admin/v1/orders',
      headers: { ...t.tenant.auth, 'idempotency-key': randomUUID() },
      payload: {
        siteId: t.tenant.siteId,
        number: 'OMS-1',
        currency: 'USD',
        customerId: customer.id,
        lines: [{ sku: 'X', name: 'Thing', quantity: 1, unitPrice: 1200 }],
        total: 1200,
        placedAt: '2026-11-01T10:00:00.000Z',
      },
    });
    expect(placed.statusCode, placed.body).toBe(201);
    const orders = await admin('GET', `/customers/${customer.id}/orders`);
    expect(orders.json().data.map((o: { number: string }) => o.number)).toEqual(['OMS-1']);

    const cart = await admin('PUT', `/carts/${randomUUID()}`, {
      siteId: t.tenant.siteId,
      customerId: customer.id,
      currency: 'USD',
      lines: [{ sku: 'Y', name: 'Other', quantity: 2, unitPrice: 500 }],
    });
    expect(cart.statusCode, cart.body).toBe(201);
    expect((await admin('GET', `/customers/${customer.id}/carts`)).json().data).toHaveLength(1);

    const found = await admin('GET', '/customers?q=ordersonly');
    expect(found.json().data.map((c: { id: string }) => c.id)).toEqual([customer.id]);
  });

  it('tells the admin app what is on, so it shows only those pages', async () => {
    const session = (await admin('GET', '/auth/me')).json();
    expect(session.features.mode).toBe('oms');
    expect(session.features.modules).toEqual(expect.arrayContaining(['customers', 'orders', 'carts']));
    expect(session.features.modules).not.toContain('marketing');
    expect(session.features.modules).not.toContain('segments');
  });

  it('describes only what is on in the OpenAPI document: no storefront paths, tags or site key', async () => {
    const document = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const paths = Object.keys(document.paths);
    expect(paths.filter((path) => path.startsWith('/store/'))).toEqual([]);
    expect(paths).not.toContain('/admin/v1/segments');
    expect(paths).not.toContain('/admin/v1/customers/{id}/invite');
    expect(paths).toContain('/admin/v1/orders');
    const tags = (document.tags as { name: string }[]).map((tag) => tag.name);
    expect(tags).not.toContain('storefront auth');
    expect(tags).not.toContain('marketing');
    expect(tags).toContain('orders');
    expect(Object.keys(document.components.securitySchemes)).not.toContain('siteKey');
  });
});
