import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { make } from '../factories.js';
import { createTestApp, type TestApp, testConfig, withoutRequestId } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const post = (url: string, payload: unknown, headers = t.tenant.auth) =>
  t.app.inject({ method: 'POST', url, payload: payload as object, headers });
const get = (url: string, headers = t.tenant.auth) => t.app.inject({ method: 'GET', url, headers });

describe('customers: create, read, change, delete', () => {
  it('creates a customer with an address, normalising phone and taking grid country from billing', async () => {
    const res = await post('/admin/v1/customers', {
      firstName: ' Ada ',
      lastName: 'Lovelace',
      email: 'ada@example.com',
      phone: '(415) 555-0132',
      tags: ['vip', 'vip', 'b2b'],
      addresses: [{ line1: '1 Analytical St', city: 'San Francisco', countryCode: 'US', stateCode: 'US-CA' }],
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      firstName: 'Ada',
      lastName: 'Lovelace',
      phone: '+14155550132',
      tags: ['vip', 'b2b'],
      countryCode: 'US',
      stateCode: 'US-CA',
      isRegistered: false,
      enabled: true,
    });
    expect(body.addresses).toHaveLength(1);
    expect(body.addresses[0]).toMatchObject({ isDefaultBilling: true, isDefaultShipping: true });
    expect(res.headers.location).toBe(`/admin/v1/customers/${body.id}`);

    const read = await get(`/admin/v1/customers/${body.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({
      id: body.id,
      email: 'ada@example.com',
      addresses: [{ city: 'San Francisco' }],
    });
    expect(read.headers.etag).toBe('"1"');
  });

  it('changes a customer with If-Match and refuses a stale etag with 412', async () => {
    const created = await make.customer(t.tenant, { lastName: 'Hopper', email: 'grace@example.com' });
    const first = await t.app.inject({
      method: 'PATCH',
      url: `/admin/v1/customers/${created.id}`,
      headers: { ...t.tenant.auth, 'if-match': created.etag },
      payload: { firstName: 'Grace', note: 'Prefers email' },
    });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ firstName: 'Grace', note: 'Prefers email', etag: '"2"' });

    const stale = await t.app.inject({
      method: 'PATCH',
      url: `/admin/v1/customers/${created.id}`,
      headers: { ...t.tenant.auth, 'if-match': created.etag },
      payload: { firstName: 'Overwritten' },
    });
    expect(stale.statusCode).toBe(412);
    expect(stale.headers['content-type']).toContain('application/problem+json');
    expect((await get(`/admin/v1/customers/${created.id}`)).json().firstName).toBe('Grace');

    const cleared = await t.app.inject({
      method: 'PATCH',
      url: `/admin/v1/customers/${created.id}`,
      headers: t.tenant.auth,
      payload: { note: null },
    });
    expect(cleared.json().note).toBeNull();
  });

  it('deletes a customer; afterwards it is 404', async () => {
    const created = await make.customer(t.tenant, { lastName: 'Temporary', email: null });
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/admin/v1/customers/${created.id}`,
      headers: t.tenant.auth,
    });
    expect(del.statusCode).toBe(204);
    const again = await get(`/admin/v1/customers/${created.id}`);
    expect(again.statusCode).toBe(404);
    expect(again.json()).toMatchObject({ status: 404, code: 'customer.not_found' });
  });
});

describe('customers: validation answers 400 problem+json naming every bad field', () => {
  it('lists schema errors together', async () => {
    const res = await post('/admin/v1/customers', {
      email: 'not-an-email',
      locale: 'english please',
      color: 'blue',
      tags: [''],
      addresses: [{ countryCode: 'usa' }],
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const paths = res.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/email',
        '/locale',
        '/color',
        '/tags/0',
        '/addresses/0/countryCode',
        '/addresses/0/line1',
        '/addresses/0/city',
      ]),
    );
    const messages = Object.fromEntries(
      res.json().errors.map((e: { path: string; message: string }) => [e.path, e.message]),
    );
    expect(messages).toMatchObject({
      '/color': 'is not a known field',
      '/tags/0': 'must not be empty',
      '/addresses/0/countryCode': 'must be a two-letter ISO 3166-1 country code, e.g. US',
      '/addresses/0/line1': 'is required',
      '/locale': 'must be a language tag such as en or en-US',
    });
  });

  it('checks phone numbers, countries and that the state belongs to the country', async () => {
    const res = await post('/admin/v1/customers', {
      lastName: 'Checks',
      phone: '12',
      addresses: [
        { line1: 'a', city: 'b', countryCode: 'ZZ' },
        { line1: 'a', city: 'b', countryCode: 'US', stateCode: 'CA-ON' },
        { line1: 'a', city: 'b', countryCode: 'DE', phone: 'call me' },
      ],
    });
    expect(res.statusCode).toBe(400);
    const paths = res.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual([
      '/phone',
      '/addresses/0/countryCode',
      '/addresses/1/stateCode',
      '/addresses/2/phone',
    ]);
  });

  it('needs some identity, and an email for a registered customer', async () => {
    const res = await post('/admin/v1/customers', { isRegistered: true, note: 'nobody' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual(['/lastName', '/email']);
  });

  it('answers broken JSON, bad ids and bad query parameters with 400 problems', async () => {
    const broken = await t.app.inject({
      method: 'POST',
      url: '/admin/v1/customers',
      headers: { ...t.tenant.auth, 'content-type': 'application/json' },
      payload: '{"lastName": ',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.headers['content-type']).toContain('application/problem+json');
    const badId = await get('/admin/v1/customers/not-a-uuid');
    expect(badId.statusCode).toBe(400);
    expect(badId.json().errors[0]).toMatchObject({ path: '/id', in: 'path' });
    const badLimit = await get('/admin/v1/customers?limit=500&sort=shoeSize');
    expect(badLimit.statusCode).toBe(400);
    // Both bad parameters in one answer: the sort's pattern is checked with the schema now.
    expect(
      badLimit
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['/limit', '/sort']);
    const badSort = await get('/admin/v1/customers?sort=shoeSize');
    expect(badSort.statusCode).toBe(400);
    expect(badSort.json().errors[0]).toMatchObject({ path: '/sort', in: 'query' });
    expect(badSort.json().errors[0].message).toMatch(/lastName, firstName, .*lastOrderAt/);
    const badCursor = await get('/admin/v1/customers?cursor=garbage');
    expect(badCursor.statusCode).toBe(400);
    const badFilter = await get(`/admin/v1/customers?filter=${encodeURIComponent('lastName eq')}`);
    expect(badFilter.statusCode).toBe(400);
    expect(badFilter.json().detail).toMatch(/position 11/);
  });
});

describe('customers: one registered account per email per customer set', () => {
  it('refuses a second registered customer with the same email, case-insensitively (409)', async () => {
    const first = await post('/admin/v1/customers', {
      email: 'Shared@Example.com',
      isRegistered: true,
      lastName: 'One',
    });
    expect(first.statusCode).toBe(201);
    const second = await post('/admin/v1/customers', {
      email: 'shared@example.COM',
      isRegistered: true,
      lastName: 'Two',
    });
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ code: 'customer.email_taken', errors: [{ path: '/email' }] });
  });

  it('lets any number of guests share an email, also with a registered customer', async () => {
    for (const lastName of ['Guest1', 'Guest2']) {
      expect((await post('/admin/v1/customers', { email: 'shared@example.com', lastName })).statusCode).toBe(
        201,
      );
    }
  });

  it('refuses to register a guest whose email a registered customer holds', async () => {
    const guest = (
      await post('/admin/v1/customers', { email: 'shared@example.com', lastName: 'Guest3' })
    ).json();
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/admin/v1/customers/${guest.id}`,
      headers: t.tenant.auth,
      payload: { isRegistered: true },
    });
    expect(res.statusCode).toBe(409);
  });
});

describe('customers: tenants and roles', () => {
  it("answers 404 for another tenant's customer on every route, and never lists it", async () => {
    const other = await t.newTenant('other-shop');
    const theirs = await make.customer(other, { lastName: 'Theirs', email: 'theirs@example.com' });
    const addr = await make.address(other, theirs.id, {
      line1: 'x',
      city: 'y',
      countryCode: 'FR',
      stateCode: null,
    });
    const mine = t.tenant.auth;
    const attempts = [
      t.app.inject({ method: 'GET', url: `/admin/v1/customers/${theirs.id}`, headers: mine }),
      t.app.inject({
        method: 'PATCH',
        url: `/admin/v1/customers/${theirs.id}`,
        headers: mine,
        payload: { note: 'x' },
      }),
      t.app.inject({ method: 'DELETE', url: `/admin/v1/customers/${theirs.id}`, headers: mine }),
      t.app.inject({ method: 'GET', url: `/admin/v1/customers/${theirs.id}/addresses`, headers: mine }),
      t.app.inject({
        method: 'POST',
        url: `/admin/v1/customers/${theirs.id}/addresses`,
        headers: mine,
        payload: { line1: 'x', city: 'y', countryCode: 'FR' },
      }),
      t.app.inject({
        method: 'PATCH',
        url: `/admin/v1/customers/${theirs.id}/addresses/${addr.id}`,
        headers: mine,
        payload: { city: 'z' },
      }),
      t.app.inject({
        method: 'DELETE',
        url: `/admin/v1/customers/${theirs.id}/addresses/${addr.id}`,
        headers: mine,
      }),
    ];
    for (const res of await Promise.all(attempts)) expect(res.statusCode).toBe(404);
    const list = (await get('/admin/v1/customers?q=theirs&limit=200')).json();
    expect(list.data).toHaveLength(0);
    const still = await get(`/admin/v1/customers/${theirs.id}`, other.auth);
    expect(still.json()).toMatchObject({ lastName: 'Theirs', note: null, addresses: [{ city: 'y' }] });
  });

  it('enforces roles: 401 without credentials, viewer reads only, support cannot delete', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/admin/v1/customers' })).statusCode).toBe(401);
    expect((await get('/admin/v1/customers', { authorization: 'Bearer nonsense' })).statusCode).toBe(401);
    const viewer = await t.tenant.as('viewer');
    expect((await get('/admin/v1/customers', viewer)).statusCode).toBe(200);
    const denied = await post('/admin/v1/customers', { lastName: 'Nope' }, viewer);
    expect(denied.statusCode).toBe(403);
    expect(denied.json().code).toBe('auth.forbidden');
    const support = await t.tenant.as('support');
    const created = await post('/admin/v1/customers', { lastName: 'BySupport' }, support);
    expect(created.statusCode).toBe(201);
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/admin/v1/customers/${created.json().id}`,
      headers: support,
    });
    expect(del.statusCode).toBe(403);
  });

  it('accepts API keys as Bearer tokens and stops accepting revoked ones', async () => {
    const created = await post('/admin/v1/api-keys', { name: 'ERP sync', role: 'support' });
    expect(created.statusCode).toBe(201);
    const { key, id } = created.json();
    expect(key).toMatch(/^clt_/);
    const withKey = { authorization: `Bearer ${key}` };
    expect((await post('/admin/v1/customers', { lastName: 'ViaKey' }, withKey)).statusCode).toBe(201);
    const listed = (await get('/admin/v1/api-keys')).json().data;
    expect(JSON.stringify(listed)).not.toContain(key);
    await t.app.inject({ method: 'DELETE', url: `/admin/v1/api-keys/${id}`, headers: t.tenant.auth });
    expect((await get('/admin/v1/customers', withKey)).statusCode).toBe(401);
  });
});

describe('admin sign-in', () => {
  it('signs in, answers the same for unknown email and wrong password, and signs out', async () => {
    await post('/admin/v1/admin-users', {
      email: 'sam@example.com',
      password: 'long enough pw',
      role: 'support',
    });
    const ok = await t.app.inject({
      method: 'POST',
      url: '/admin/v1/auth/login',
      payload: { email: 'SAM@example.com', password: 'long enough pw' },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['set-cookie']).toMatch(/HttpOnly/i);
    expect(ok.headers['set-cookie']).toMatch(/SameSite=Strict/i);
    const token = ok.json().token;
    const me = await get('/admin/v1/auth/me', { authorization: `Bearer ${token}` });
    expect(me.json()).toMatchObject({
      email: 'sam@example.com',
      role: 'support',
      tenant: { slug: 'default', reportingCurrency: 'USD' },
    });

    const wrong = await t.app.inject({
      method: 'POST',
      url: '/admin/v1/auth/login',
      payload: { email: 'sam@example.com', password: 'wrong password' },
    });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/admin/v1/auth/login',
      payload: { email: 'nobody@example.com', password: 'wrong password' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    // The same answer but for the request's own id: nothing tells a known email from an unknown one.
    expect(withoutRequestId(wrong.json())).toEqual(withoutRequestId(unknown.json()));
    expect(wrong.headers['content-length']).toBe(unknown.headers['content-length']);

    const out = await t.app.inject({
      method: 'POST',
      url: '/admin/v1/auth/logout',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(out.statusCode).toBe(204);
    expect((await get('/admin/v1/auth/me', { authorization: `Bearer ${token}` })).statusCode).toBe(401);
  });
});

describe('rate limiting', () => {
  it('answers 429 problem+json with Retry-After once a client passes its budget, per credential', async () => {
    const { buildApp } = await import('../../src/app.js');
    const limited = await buildApp({
      db: t.handle.db,
      config: testConfig({ rateLimitPerMinute: 3 }),
      logger: false,
    });
    const call = (headers = t.tenant.auth) =>
      limited.inject({ method: 'GET', url: '/admin/v1/sites', headers });
    const answers = [await call(), await call(), await call()];
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200]);
    expect(answers[2]!.headers['ratelimit-remaining']).toBe('0');
    const over = await call();
    expect(over.statusCode).toBe(429);
    expect(over.headers['content-type']).toContain('application/problem+json');
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect(over.json().code).toBe('request.rate_limited');
    // Another credential has a budget of its own.
    expect((await call(await t.tenant.as('viewer'))).statusCode).toBe(200);
    await limited.close();
  });
});

describe('admin sessions', () => {
  it("removes an admin's expired sessions when that admin signs in again", async () => {
    await post('/admin/v1/admin-users', {
      email: 'sweep@example.com',
      password: 'long enough pw',
      role: 'viewer',
    });
    const login = () =>
      t.app.inject({
        method: 'POST',
        url: '/admin/v1/auth/login',
        payload: { email: 'sweep@example.com', password: 'long enough pw' },
      });
    const stale = (await login()).json().token;
    const db = t.handle.db;
    await db
      .updateTable('adminSessions')
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(
        'adminUserId',
        'in',
        db.selectFrom('adminUsers').select('id').where('email', '=', 'sweep@example.com'),
      )
      .execute();
    const countFor = async () =>
      Number(
        (
          await db
            .selectFrom('adminSessions as s')
            .innerJoin('adminUsers as u', 'u.id', 's.adminUserId')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('u.email', '=', 'sweep@example.com')
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await countFor()).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 2100)); // past the 2 s memory of verified credentials
    expect((await get('/admin/v1/auth/me', { authorization: `Bearer ${stale}` })).statusCode).toBe(401);
    expect((await login()).statusCode).toBe(200);
    expect(await countFor()).toBe(1);
  });
});
