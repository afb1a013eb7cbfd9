import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { startBackgroundWork } from '../../src/worker/background.js';
import { make } from '../factories.js';
import { createTestApp, type TestApp, testConfig } from '../helpers/app.js';

// CLIENTELE_MODULES leaves modules out of one process: their routes, tags and jobs.
let t: TestApp;
/** The same database served with only the orders module besides the core ones. */
let ordersOnly: FastifyInstance;
beforeAll(async () => {
  t = await createTestApp();
  ordersOnly = await buildApp({
    db: t.handle.db,
    config: testConfig({ modules: ['orders'] }),
    logger: false,
  });
  await ordersOnly.ready();
});
afterAll(async () => {
  await ordersOnly.close();
  await t.close();
});

const quietLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('a module left out', () => {
  it('answers 404 on its admin and storefront routes, while core and chosen modules answer', async () => {
    const headers = t.tenant.auth;
    const full = await t.app.inject({ method: 'GET', url: '/admin/v1/carts/abandoned', headers });
    expect(full.statusCode, full.body).toBe(200);
    const gone = await ordersOnly.inject({ method: 'GET', url: '/admin/v1/carts/abandoned', headers });
    expect(gone.statusCode).toBe(404);
    expect(gone.headers['content-type']).toContain('application/problem+json');

    const store = { 'x-site-key': t.tenant.siteKey };
    expect(
      (await t.app.inject({ method: 'GET', url: '/store/v1/me/wishlists', headers: store })).statusCode,
    ).toBe(401);
    expect(
      (await ordersOnly.inject({ method: 'GET', url: '/store/v1/me/wishlists', headers: store })).statusCode,
    ).toBe(404);

    for (const url of ['/admin/v1/customers', '/admin/v1/orders', '/admin/v1/sites'])
      expect((await ordersOnly.inject({ method: 'GET', url, headers })).statusCode, url).toBe(200);
  });

  it('has no tag and no paths in the OpenAPI document', async () => {
    const tagsOf = async (app: FastifyInstance) => {
      const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
      return {
        tags: (document.tags as { name: string }[]).map((tag) => tag.name),
        paths: Object.keys(document.paths as object),
      };
    };
    const full = await tagsOf(t.app);
    expect(full.tags).toEqual(expect.arrayContaining(['carts', 'wish lists', 'store credit', 'orders']));
    const limited = await tagsOf(ordersOnly);
    expect(limited.tags).toEqual(expect.arrayContaining(['orders', 'customers', 'auth', 'sites', 'system']));
    for (const tag of ['carts', 'wish lists', 'store credit', 'me', 'storefront auth', 'addresses'])
      expect(limited.tags).not.toContain(tag);
    expect(limited.paths.filter((path) => path.includes('/carts'))).toEqual([]);
  });

  it('runs no background jobs', async () => {
    const headers = t.tenant.auth;
    const on = await t.app.inject({
      method: 'PATCH',
      url: `/admin/v1/sites/${t.tenant.siteId}`,
      headers,
      payload: { settings: { cartReminders: true, storefrontUrl: 'https://shop.example.com/' } },
    });
    expect(on.statusCode, on.body).toBe(200);
    const who = await make.customer(t.tenant, { lastName: 'Left', email: 'left@example.com' });
    await make.cart(t.tenant, {
      customerId: who.id,
      currency: 'EUR',
      lines: [{ sku: 'A', name: 'Product A', quantity: 1, unitPrice: 1000 }],
      lastActivityAt: new Date(Date.now() - 30 * 3600_000).toISOString(),
    });
    const reminders = () =>
      t.handle.db
        .selectFrom('emailOutbox')
        .select('toAddress')
        .where('tenantId', '=', t.tenant.id)
        .where('template', '=', 'cartReminder')
        .execute();

    const run = async (modules: string[] | null) => {
      const work = startBackgroundWork({
        db: t.handle.db,
        logger: quietLogger,
        smtpUrl: null,
        from: 'Shop <shop@example.com>',
        once: true,
        modules,
      });
      await work.runOnce();
      await work.stop();
    };
    await run(['orders']);
    expect(await reminders()).toEqual([]);
    await run(null);
    expect(await reminders()).toEqual([{ toAddress: 'left@example.com' }]);
  });
});

describe('CLIENTELE_MODULES', () => {
  const withModules = (value: string) => {
    const before = process.env.CLIENTELE_MODULES;
    process.env.CLIENTELE_MODULES = value;
    try {
      return loadConfig().modules;
    } finally {
      if (before === undefined) delete process.env.CLIENTELE_MODULES;
      else process.env.CLIENTELE_MODULES = before;
    }
  };

  it('runs every module by default or with `all`, else the named ones', () => {
    expect(withModules('')).toBeNull();
    expect(withModules('all')).toBeNull();
    expect(withModules(' Orders, carts ')).toEqual(['orders', 'carts']);
  });

  it('refuses an unknown module name at start-up, naming the variable', () => {
    expect(() => withModules('orders,newsletters')).toThrow(
      /CLIENTELE_MODULES: must be all, or comma-separated/,
    );
  });
});
