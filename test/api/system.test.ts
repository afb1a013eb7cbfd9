import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createTestApp, type TestApp, testConfig } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('system routes', () => {
  it('answers the health check once the database answers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: 'up' });
  });

  it('answers unknown routes with a problem, and sends the admin app for its deep links', async () => {
    const missing = await t.app.inject({
      method: 'GET',
      url: '/admin/v1/nothing-here',
      headers: t.tenant.auth,
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    const deepLink = await t.app.inject({ method: 'GET', url: '/admin/customers/some-id' });
    expect(deepLink.statusCode).toBe(200);
    expect(deepLink.headers['content-type']).toContain('text/html');
  });

  it('allows cross-origin calls only from the configured origins', async () => {
    const app = await buildApp({
      db: t.handle.db,
      config: testConfig({ corsOrigins: ['https://shop.example.com'] }),
      logger: false,
    });
    const allowed = await app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { origin: 'https://shop.example.com' },
    });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://shop.example.com');
    const other = await app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { origin: 'https://evil.example.net' },
    });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const fresh = await t.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { origin: 'https://shop.example.com' },
    });
    expect(fresh.headers['access-control-allow-origin']).toBeUndefined();
    await app.close();
  });
});

describe('text the database cannot store', () => {
  it('refuses NUL characters with a 400 naming each field, on the admin and storefront APIs alike', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/admin/v1/customers',
      headers: t.tenant.auth,
      payload: { lastName: 'Nul\u0000l', tags: ['ok', 'b\u0000d'] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      { path: '/lastName', message: 'must not contain NUL characters', in: 'body' },
      { path: '/tags/1', message: 'must not contain NUL characters', in: 'body' },
    ]);
    const search = await t.app.inject({
      method: 'GET',
      url: '/admin/v1/customers?q=a%00b',
      headers: t.tenant.auth,
    });
    expect(search.statusCode).toBe(400);
    expect(search.json().errors[0]).toMatchObject({ path: '/q', in: 'query' });
  });
});
