import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSite,
  createTenant,
  findSiteByPublishableKey,
  getCustomerSetByCode,
  siteSettingsOf,
} from '../../src/modules/tenants/tenants.service.js';
import { createTestApp, type TestApp, type TestTenant } from '../helpers/app.js';

let t: TestApp;
let other: TestTenant;
beforeAll(async () => {
  t = await createTestApp();
  other = await t.newTenant('other-shop');
});
afterAll(() => t.close());

type Headers = { authorization: string };
const send = (
  method: 'GET' | 'POST' | 'PATCH',
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
const get = (url: string, headers?: Headers) => send('GET', url, undefined, headers);
const post = (url: string, payload: unknown, headers?: Headers) => send('POST', url, payload, headers);
const patch = (url: string, payload: unknown, headers?: Headers) => send('PATCH', url, payload, headers);
const paths = (res: { json(): { errors?: { path: string }[] } }) =>
  res
    .json()
    .errors?.map((e) => e.path)
    .sort();

const defaults = {
  guestCheckout: true,
  autoRegister: false,
  companyDetailsRequired: false,
  lockout: { maxFailures: 5, firstLockMinutes: 15, maxLockMinutes: 1440 },
  abandonmentHours: 24,
  storefrontUrl: null,
  cartReminders: false,
};

describe('sites', () => {
  it("lists the tenant's site with its publishable key and default settings", async () => {
    const res = await get('/sites');
    expect(res.statusCode).toBe(200);
    const { data } = res.json();
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({
      id: t.tenant.siteId,
      code: 'main',
      customerSetId: t.tenant.customerSetId,
      defaultCurrency: 'USD',
      settings: defaults,
    });
    expect(data[0].publishableKey).toMatch(/^pk_[A-Za-z0-9_-]{43}$/);
    expect((await get(`/sites/${t.tenant.siteId}`)).json()).toEqual(data[0]);
  });

  it('creates a site in the default set, with settings given and the rest defaulted', async () => {
    const res = await post('/sites', {
      code: 'shop-eu',
      name: 'Shop EU',
      defaultCurrency: 'eur',
      countryCode: 'DE',
      settings: { guestCheckout: false, lockout: { maxFailures: 3 } },
    });
    expect(res.statusCode).toBe(201);
    const site = res.json();
    expect(site).toMatchObject({
      code: 'shop-eu',
      name: 'Shop EU',
      customerSetId: t.tenant.customerSetId,
      defaultCurrency: 'EUR',
      countryCode: 'DE',
      settings: { ...defaults, guestCheckout: false, lockout: { ...defaults.lockout, maxFailures: 3 } },
    });
    expect(res.headers.location).toBe(`/admin/v1/sites/${site.id}`);
    expect(site.publishableKey).not.toBe((await get(`/sites/${t.tenant.siteId}`)).json().publishableKey);
    expect((await get('/sites')).json().data.map((s: { code: string }) => s.code)).toEqual([
      'main',
      'shop-eu',
    ]);
  });

  it('refuses a code the tenant already uses with 409, but another tenant may use it', async () => {
    const res = await post('/sites', { code: 'main', name: 'Again' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'site.code_taken', errors: [{ path: '/code' }] });
    expect((await post('/sites', { code: 'shop-eu', name: 'Theirs' }, other.auth)).statusCode).toBe(201);
  });

  it('lists every bad field of a new site at once', async () => {
    const res = await post('/sites', {
      code: 'Bad Code!',
      name: 'X',
      defaultCurrency: 'XYZ',
      countryCode: 'XX',
      settings: { lockout: { firstLockMinutes: 60, maxLockMinutes: 30 } },
    });
    expect(res.statusCode).toBe(400);
    expect(paths(res)).toEqual([
      '/code',
      '/countryCode',
      '/defaultCurrency',
      '/settings/lockout/maxLockMinutes',
    ]);
    const shape = await post('/sites', {
      code: 'ok',
      name: 'X',
      settings: { lockout: { maxFailures: 0 }, x: 1 },
    });
    expect(shape.statusCode).toBe(400);
    expect(paths(shape)).toEqual(['/settings/lockout/maxFailures', '/settings/x']);
    const set = await post('/sites', { code: 'ok', name: 'X', customerSetId: other.customerSetId });
    expect(set.statusCode).toBe(400);
    expect(paths(set)).toEqual(['/customerSetId']);
  });

  it('merges a settings patch field by field and keeps what was not sent', async () => {
    const url = `/sites/${t.tenant.siteId}`;
    const first = await patch(url, { settings: { lockout: { maxFailures: 3 }, autoRegister: true } });
    expect(first.statusCode).toBe(200);
    expect(first.json().settings).toEqual({
      ...defaults,
      autoRegister: true,
      lockout: { ...defaults.lockout, maxFailures: 3 },
    });
    const second = await patch(url, {
      name: 'Main store',
      settings: { lockout: { firstLockMinutes: 10 }, storefrontUrl: 'https://shop.example.com' },
    });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({
      name: 'Main store',
      settings: {
        autoRegister: true,
        storefrontUrl: 'https://shop.example.com',
        lockout: { maxFailures: 3, firstLockMinutes: 10, maxLockMinutes: 1440 },
      },
    });
    expect(await siteSettingsOf(t.tenant.ctx, t.tenant.siteId)).toEqual(second.json().settings);
  });

  it('refuses bad settings, naming the field, and changes nothing', async () => {
    const url = `/sites/${t.tenant.siteId}`;
    const before = (await get(url)).json();
    const range = await patch(url, { settings: { lockout: { maxFailures: 0 }, abandonmentHours: 'soon' } });
    expect(range.statusCode).toBe(400);
    expect(paths(range)).toEqual(['/settings/abandonmentHours', '/settings/lockout/maxFailures']);
    // Valid alone, but below the stored first lock of 10 minutes.
    const order = await patch(url, { settings: { lockout: { maxLockMinutes: 5 } } });
    expect(order.statusCode).toBe(400);
    expect(order.json().errors).toEqual([
      { path: '/settings/lockout/maxLockMinutes', message: 'must be at least firstLockMinutes (10)' },
    ]);
    const fields = await patch(url, { defaultCurrency: 'ABC', countryCode: 'ZZ', name: ' ' });
    expect(paths(fields)).toEqual(['/countryCode', '/defaultCurrency', '/name']);
    expect((await get(url)).json()).toEqual(before);
  });

  it('moves a site to another customer set, and clears its country with null', async () => {
    const set = (await post('/customer-sets', { code: 'wholesale', name: 'Wholesale' })).json();
    const site = (await post('/sites', { code: 'b2b', name: 'B2B', countryCode: 'US' })).json();
    const moved = await patch(`/sites/${site.id}`, { customerSetId: set.id, countryCode: null });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ customerSetId: set.id, countryCode: null });
    expect((await get(`/customer-sets/${set.id}`)).json().siteIds).toEqual([site.id]);
  });

  it('rotates the publishable key: the new key names the site, the old one nothing', async () => {
    const before = (await get(`/sites/${t.tenant.siteId}`)).json();
    const found = await findSiteByPublishableKey(t.handle.db, before.publishableKey);
    expect(found).toMatchObject({ id: t.tenant.siteId, tenantId: t.tenant.id, settings: before.settings });

    const res = await post(`/sites/${t.tenant.siteId}/rotate-key`, undefined);
    expect(res.statusCode).toBe(200);
    const after = res.json();
    expect(after.publishableKey).toMatch(/^pk_/);
    expect(after.publishableKey).not.toBe(before.publishableKey);
    // Right after the rotation, even though the old key was just looked up and remembered.
    expect(await findSiteByPublishableKey(t.handle.db, before.publishableKey)).toBeNull();
    expect(await findSiteByPublishableKey(t.handle.db, after.publishableKey)).toMatchObject({
      id: t.tenant.siteId,
      tenantId: t.tenant.id,
    });
    expect(await findSiteByPublishableKey(t.handle.db, 'pk_unknown')).toBeNull();
  });

  it('storefront lookups see a settings change at once', async () => {
    const { publishableKey } = (await get(`/sites/${t.tenant.siteId}`)).json();
    await findSiteByPublishableKey(t.handle.db, publishableKey);
    await patch(`/sites/${t.tenant.siteId}`, { settings: { guestCheckout: false } });
    const site = await findSiteByPublishableKey(t.handle.db, publishableKey);
    expect(site?.settings.guestCheckout).toBe(false);
  });

  it('creates a site from the service, as the CLI does, in a set named by code', async () => {
    const set = await getCustomerSetByCode(t.tenant.ctx, 'wholesale');
    const site = await createSite(t.tenant.ctx, {
      code: 'cli-site',
      name: 'From CLI',
      customerSetId: set.id,
    });
    expect(site).toMatchObject({ code: 'cli-site', customerSetId: set.id, defaultCurrency: 'USD' });
    await expect(getCustomerSetByCode(t.tenant.ctx, 'nope')).rejects.toMatchObject({
      code: 'customer_set.not_found',
    });
  });
});

describe('customer sets', () => {
  it('lists the default set first with its sites', async () => {
    const res = await get('/customer-sets');
    expect(res.statusCode).toBe(200);
    const [first] = res.json().data;
    expect(first).toMatchObject({ id: t.tenant.customerSetId, code: 'default', isDefault: true });
    const sites = (await get('/sites')).json().data as { id: string; customerSetId: string }[];
    expect(first.siteIds.sort()).toEqual(
      sites
        .filter((s) => s.customerSetId === t.tenant.customerSetId)
        .map((s) => s.id)
        .sort(),
    );
  });

  it('creates, reads and renames a set; refuses a taken code and bad input', async () => {
    const created = await post('/customer-sets', { code: 'outlet', name: 'Outlet' });
    expect(created.statusCode).toBe(201);
    const set = created.json();
    expect(set).toMatchObject({ code: 'outlet', name: 'Outlet', isDefault: false, siteIds: [] });
    expect((await get(`/customer-sets/${set.id}`)).json()).toEqual(set);

    const renamed = await patch(`/customer-sets/${set.id}`, { name: 'Outlet store' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ id: set.id, code: 'outlet', name: 'Outlet store' });

    const taken = await post('/customer-sets', { code: 'outlet', name: 'Again' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('customer_set.code_taken');
    const bad = await post('/customer-sets', { code: 'A', name: ' ' });
    expect(bad.statusCode).toBe(400);
    expect(paths(bad)).toEqual(['/code', '/name']);
  });
});

describe('roles and tenants', () => {
  it('lets a viewer read, and refuses writes to support and viewer', async () => {
    for (const role of ['viewer', 'support'] as const) {
      const headers = await t.tenant.as(role);
      expect((await get('/sites', headers)).statusCode).toBe(200);
      expect((await get(`/sites/${t.tenant.siteId}`, headers)).statusCode).toBe(200);
      expect((await get('/customer-sets', headers)).statusCode).toBe(200);
      const writes = [
        await post('/sites', { code: `by-${role}`, name: 'X' }, headers),
        await patch(`/sites/${t.tenant.siteId}`, { name: 'X' }, headers),
        await post(`/sites/${t.tenant.siteId}/rotate-key`, undefined, headers),
        await post('/customer-sets', { code: `by-${role}`, name: 'X' }, headers),
        await patch(`/customer-sets/${t.tenant.customerSetId}`, { name: 'X' }, headers),
      ];
      expect(writes.map((r) => r.statusCode)).toEqual([403, 403, 403, 403, 403]);
    }
    expect(
      (await post('/sites', { code: 'by-admin', name: 'X' }, await t.tenant.as('admin'))).statusCode,
    ).toBe(201);
  });

  it("answers 404 for another tenant's site and set on every id route", async () => {
    const theirs = (await get(`/sites/${other.siteId}`, other.auth)).json();
    const site = `/sites/${other.siteId}`;
    const set = `/customer-sets/${other.customerSetId}`;
    const answers = [
      await get(site),
      await patch(site, { name: 'Mine now' }),
      await post(`${site}/rotate-key`, undefined),
      await get(set),
      await patch(set, { name: 'Mine now' }),
    ];
    expect(answers.map((r) => r.statusCode)).toEqual([404, 404, 404, 404, 404]);
    expect(answers[0]?.json().code).toBe('site.not_found');
    expect(answers[3]?.json().code).toBe('customer_set.not_found');
    expect((await get(`/sites/${other.siteId}`, other.auth)).json()).toEqual(theirs);
    await expect(siteSettingsOf(t.tenant.ctx, other.siteId)).rejects.toMatchObject({
      code: 'site.not_found',
    });
    const listed = (await get('/customer-sets')).json().data.map((s: { id: string }) => s.id);
    expect(listed).not.toContain(other.customerSetId);
  });
});

describe('tenants', () => {
  it("take the currency of their first site as the reporting currency of customers' totals", async () => {
    const created = await createTenant(t.handle.db, {
      slug: 'euro-shop',
      name: 'Euro Shop',
      currency: 'EUR',
    });
    const row = await t.handle.db
      .selectFrom('tenants')
      .select('reportingCurrency')
      .where('id', '=', created.tenant.id)
      .executeTakeFirstOrThrow();
    expect(row.reportingCurrency).toBe('EUR');
    await expect(
      createTenant(t.handle.db, { slug: 'bad-money', name: 'Bad', currency: 'XYZ' }),
    ).rejects.toMatchObject({
      code: 'tenant.invalid_currency',
    });
  });
});
