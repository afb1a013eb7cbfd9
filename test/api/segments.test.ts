import { randomUUID } from 'node:crypto';
import { type SqlBool, sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerFilterSource } from '../../src/lib/module.js';
import {
  configureSegmentPreview,
  createSegment,
  listSegmentMembers,
  segmentPreview,
} from '../../src/modules/segments/segments.service.js';
import { make, unique } from '../factories.js';
import { createTestApp, type TestApp, type TestTenant } from '../helpers/app.js';

let t: TestApp;
let other: TestTenant;
beforeAll(async () => {
  t = await createTestApp();
  other = await t.newTenant('segments-other');
});
afterAll(() => t.close());

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
const call = (method: Method, url: string, payload?: object, tenant: TestTenant = t.tenant) =>
  t.app.inject({
    method,
    url: `/admin/v1${url}`,
    headers: tenant.auth,
    ...(payload ? { payload } : {}),
  });

const ids = (rows: { id: string }[]) => rows.map((row) => row.id);
const q = encodeURIComponent;

/** Every page of a list, following nextCursor (and partial pages) to the end. */
async function allPages(url: string): Promise<string[]> {
  const found: string[] = [];
  let cursor: string | null = null;
  for (let n = 0; n < 100; n++) {
    const res = await call('GET', `${url}${cursor ? `&cursor=${q(cursor)}` : ''}`);
    expect(res.statusCode, res.body).toBe(200);
    found.push(...ids(res.json().data));
    cursor = res.json().nextCursor;
    if (!cursor) return found;
  }
  throw new Error('too many pages');
}

describe('saving segments', () => {
  it('creates, reads, lists, changes and deletes a segment', async () => {
    const created = await call('POST', '/segments', {
      name: '  Lapsed buyers ',
      description: 'Bought before, nothing in 90 days.',
      filter: 'ordersCount ge 1 and lastOrderAt lt now-90d',
    });
    expect(created.statusCode, created.body).toBe(201);
    const segment = created.json();
    expect(segment).toMatchObject({
      name: 'Lapsed buyers',
      description: 'Bought before, nothing in 90 days.',
      filter: 'ordersCount ge 1 and lastOrderAt lt now-90d',
      createdBy: { type: 'admin' },
    });
    expect(created.headers.location).toBe(`/admin/v1/segments/${segment.id}`);
    expect((await call('GET', `/segments/${segment.id}`)).json()).toEqual(segment);

    const changed = await call('PATCH', `/segments/${segment.id}`, { filter: 'tags pr', description: null });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ name: 'Lapsed buyers', description: null, filter: 'tags pr' });

    expect((await call('DELETE', `/segments/${segment.id}`)).statusCode).toBe(204);
    expect((await call('GET', `/segments/${segment.id}`)).statusCode).toBe(404);
    expect((await call('DELETE', `/segments/${segment.id}`)).statusCode).toBe(404);
  });

  it('lists segments by name whatever the case, one page at a time', async () => {
    const tenant = await t.newTenant('segments-list');
    for (const name of ['beta', 'Alpha', 'gamma']) await make.segment(tenant, { name });
    const names = async (url: string) => {
      const res = await call('GET', url, undefined, tenant);
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    const first = await names('/segments?limit=2');
    expect(first.data.map((s: { name: string }) => s.name)).toEqual(['Alpha', 'beta']);
    const second = await names(`/segments?limit=2&cursor=${q(first.nextCursor)}`);
    expect(second).toMatchObject({ data: [{ name: 'gamma' }], nextCursor: null });
    const newest = await names('/segments?sort=-createdAt');
    expect(newest.data.map((s: { name: string }) => s.name)).toEqual(['gamma', 'Alpha', 'beta']);
  });

  it('keeps names unique in the tenant whatever their case, but not across tenants', async () => {
    await make.segment(t.tenant, { name: 'VIP customers' });
    const taken = await call('POST', '/segments', { name: 'vip CUSTOMERS', filter: 'tags pr' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'segment.name_taken', errors: [{ path: '/name' }] });
    const mine = await make.segment(t.tenant);
    const renamed = await call('PATCH', `/segments/${mine.id}`, { name: 'Vip Customers' });
    expect(renamed.statusCode).toBe(409);
    const elsewhere = await call('POST', '/segments', { name: 'VIP customers', filter: 'tags pr' }, other);
    expect(elsewhere.statusCode).toBe(201);
  });

  it.each([
    ['ordersCount ge 3 and nope eq 1', 21, 'unknown attribute "nope"'],
    ['lastOrderAt lt now-90x', 21, 'expected a unit'],
    ['createdAt ge now-999999y', 0, 'falls outside the years 1 to 9999'],
    ['(tags pr', 0, 'this "(" is never closed'],
    ['   ', 0, 'the filter is empty'],
  ])(
    'refuses the filter %j on save, change and preview, at position %i',
    async (filter, position, detail) => {
      const segment = await make.segment(t.tenant);
      for (const res of [
        await call('POST', '/segments', { name: unique('Bad'), filter }),
        await call('PATCH', `/segments/${segment.id}`, { filter }),
        await call('POST', '/segments/preview', { filter }),
      ]) {
        expect(res.statusCode, res.body).toBe(400);
        const [error] = res.json().errors;
        expect(error).toMatchObject({ path: '/filter', in: 'body' });
        expect(error.message).toContain(`position ${position}: `);
        expect(error.message).toContain(detail);
      }
      expect((await call('GET', `/segments/${segment.id}`)).json().filter).toBe('tags pr');
    },
  );

  it('lets viewers read and preview, and support staff save', async () => {
    const viewer = await t.tenant.as('viewer');
    const as = (method: Method, url: string, payload?: object) =>
      t.app.inject({ method, url: `/admin/v1${url}`, headers: viewer, ...(payload ? { payload } : {}) });
    expect((await as('GET', '/segments')).statusCode).toBe(200);
    expect((await as('POST', '/segments/preview', { filter: 'tags pr' })).statusCode).toBe(200);
    expect((await as('POST', '/segments', { name: unique('S'), filter: 'tags pr' })).statusCode).toBe(403);
  });

  it("answers 404 for another tenant's segment, wherever it is named", async () => {
    const theirs = await make.segment(other, { filter: 'email pr' });
    for (const [method, url, payload] of [
      ['GET', `/segments/${theirs.id}`],
      ['PATCH', `/segments/${theirs.id}`, { name: 'Mine now' }],
      ['DELETE', `/segments/${theirs.id}`],
      ['GET', `/segments/${theirs.id}/customers`],
      ['GET', `/customers?segment=${theirs.id}`],
      ['GET', `/customers?segment=${randomUUID()}`],
    ] as [Method, string, object?][]) {
      const res = await call(method, url, payload);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json().code).toBe('segment.not_found');
    }
    expect((await call('GET', `/segments/${theirs.id}`, undefined, other)).json().name).toBe(theirs.name);
  });
});

describe('previewing a filter', () => {
  let tenant: TestTenant;
  beforeAll(async () => {
    tenant = await t.newTenant('segments-preview');
    for (const [i, lastName] of ['Ames', 'Bell', 'Cole', 'Dunn', 'Eden', 'Ford', 'Gray'].entries())
      await make.customer(tenant, { lastName, tags: i % 2 === 0 ? ['vip'] : [] });
    for (const lastName of ['Hart', 'Ives', 'Jude']) await make.customer(tenant, { lastName });
  });
  const saved = { ...segmentPreview };
  afterEach(() => configureSegmentPreview(saved));

  const preview = async (filter: string) => {
    const res = await call('POST', '/segments/preview', { filter }, tenant);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  it("counts exactly, gives the tenant's share and a sample of five in the grid's order", async () => {
    const all = await preview('lastName pr');
    expect(all).toMatchObject({ count: 10, countIsLowerBound: false, share: 1, shareIsEstimate: false });
    expect(all.sample.map((c: { lastName: string }) => c.lastName)).toEqual([
      'Ames',
      'Bell',
      'Cole',
      'Dunn',
      'Eden',
    ]);

    const vip = await preview('tags co "vip"');
    expect(vip).toMatchObject({ count: 4, countIsLowerBound: false, share: 0.4 });
    const grid = await call('GET', `/customers?filter=${q('tags co "vip"')}&limit=5`, undefined, tenant);
    expect(ids(vip.sample)).toEqual(ids(grid.json().data));
    expect(vip.sample.map((c: { lastName: string }) => c.lastName)).toEqual(['Ames', 'Cole', 'Eden', 'Gray']);

    expect(await preview('lastName eq "Nobody"')).toEqual({
      count: 0,
      countIsLowerBound: false,
      share: 0,
      shareIsEstimate: false,
      sample: [],
    });
  });

  it('answers a lower bound above the cap, without a share', async () => {
    configureSegmentPreview({ countCap: 3 });
    const capped = await preview('lastName pr');
    expect(capped).toMatchObject({ count: 3, countIsLowerBound: true, share: null });
    expect(capped.sample).toHaveLength(5);
    // Under the cap the count is exact; the tenant, above it, is estimated from statistics.
    const few = await preview('lastName sw "A"');
    expect(few).toMatchObject({ count: 1, countIsLowerBound: false, shareIsEstimate: true });
    expect(few.share).toBeGreaterThan(0);
    expect(few.share).toBeLessThanOrEqual(1);
  });

  it('has no share in a tenant without customers', async () => {
    const empty = await t.newTenant('segments-empty');
    const res = await call('POST', '/segments/preview', { filter: 'tags pr' }, empty);
    expect(res.json()).toEqual({
      count: 0,
      countIsLowerBound: false,
      share: null,
      shareIsEstimate: false,
      sample: [],
    });
  });
});

describe('members', () => {
  it('pages members exactly as the grid pages the same filter, in any order', async () => {
    const tag = unique('members');
    for (let i = 0; i < 12; i++)
      await make.customer(t.tenant, { lastName: ['Ng', 'Ng', 'Ortiz', null][i % 4], tags: [tag] });
    await make.customer(t.tenant, { lastName: 'Ng', tags: ['other'] });
    const filter = `tags eq "${tag}"`;
    const segment = await make.segment(t.tenant, { filter });
    for (const sort of ['lastName', '-createdAt', 'lastName,-ordersCount']) {
      const members = await allPages(`/segments/${segment.id}/customers?sort=${sort}&limit=5`);
      const grid = await allPages(`/customers?filter=${q(filter)}&sort=${sort}&limit=5`);
      expect(members).toHaveLength(12);
      expect(members, sort).toEqual(grid);
    }
    const counted = await call('GET', `/segments/${segment.id}/customers?includeTotal=true&limit=1`);
    expect(counted.json()).toMatchObject({ total: 12 });
  });

  it('are whoever matches now: customers join and leave as they change', async () => {
    const tag = unique('now');
    const segment = await make.segment(t.tenant, { filter: `tags eq "${tag}" and enabled eq true` });
    const members = () => allPages(`/segments/${segment.id}/customers?limit=50`);
    const ann = await make.customer(t.tenant, { lastName: 'Ann', tags: [tag] });
    expect(await members()).toEqual([ann.id]);
    const bob = await make.customer(t.tenant, { lastName: 'Bob' });
    await call('PATCH', `/customers/${bob.id}`, { tags: [tag] });
    expect(await members()).toEqual([ann.id, bob.id]);
    await call('PATCH', `/customers/${ann.id}`, { enabled: false });
    expect(await members()).toEqual([bob.id]);
    await call('PATCH', `/segments/${segment.id}`, { filter: `tags eq "${tag}"` });
    expect(await members()).toEqual([ann.id, bob.id]);
  });

  it('opens in the customer grid with segment=, combined with q and filter', async () => {
    const tag = unique('grid');
    const [kim, kit, lee] = [
      await make.customer(t.tenant, { lastName: 'Kimura', tags: [tag] }),
      await make.customer(t.tenant, { lastName: 'Kitano', tags: [tag], isRegistered: true }),
      await make.customer(t.tenant, { lastName: 'Lee', tags: [tag] }),
    ];
    await make.customer(t.tenant, { lastName: 'Kimball' });
    const segment = await make.segment(t.tenant, { filter: `tags eq "${tag}"` });
    const grid = (query: string) => allPages(`/customers?segment=${segment.id}${query}`);
    expect(await grid('')).toEqual([kim!.id, kit!.id, lee!.id]);
    expect(await grid('&q=ki')).toEqual([kim!.id, kit!.id]);
    expect(await grid(`&q=ki&filter=${q('hasAccount eq true')}`)).toEqual([kit!.id]);
    expect(await grid(`&filter=${q('lastName sw "L"')}`)).toEqual([lee!.id]);

    const bad = await call('GET', `/customers?segment=${segment.id}&filter=${q('lastName sw')}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ path: '/filter', in: 'query' });
    expect(bad.json().errors[0].message).toContain('position 11');
    expect((await call('GET', '/customers?segment=not-a-uuid')).json().errors[0].path).toBe('/segment');
  });
});

describe('filter attributes for segments', () => {
  it('selects by relative dates against the time of the request', async () => {
    const tag = unique('dates');
    const lapsed = await make.customer(t.tenant, { lastName: 'Lapsed', tags: [tag] });
    const recent = await make.customer(t.tenant, { lastName: 'Recent', tags: [tag] });
    const never = await make.customer(t.tenant, { lastName: 'Never', tags: [tag] });
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
    await make.order(t.tenant, { customerId: lapsed.id, placedAt: daysAgo(200) });
    await make.order(t.tenant, { customerId: recent.id, placedAt: daysAgo(10) });
    const members = async (filter: string) =>
      allPages(
        `/segments/${(await make.segment(t.tenant, { filter: `tags eq "${tag}" and ${filter}` })).id}/customers?limit=50`,
      );
    expect(await members('lastOrderAt lt now-90d')).toEqual([lapsed.id]);
    expect(await members('lastOrderAt ge now-90d')).toEqual([recent.id]);
    expect(await members('lastOrderAt ge now-1y and lastOrderAt lt now-1w')).toEqual([lapsed.id, recent.id]);
    expect(await members('not (lastOrderAt pr)')).toEqual([never.id]);
    expect(await members('createdAt ge startOfDay-1d and createdAt le now')).toEqual([
      lapsed.id,
      never.id,
      recent.id,
    ]);
    expect(await members('createdAt gt now+1h')).toEqual([]);
  });

  it('selects by hasAccount and by tags pr (at least one tag)', async () => {
    const name = unique('Acct');
    const guest = await make.customer(t.tenant, { lastName: name, tags: ['x'] });
    const registered = await make.registeredCustomer(t.tenant, { lastName: name });
    const shopper = await make.shopper(t.tenant, { lastName: name });
    const grid = (filter: string) =>
      allPages(`/customers?filter=${q(`lastName eq "${name}" and ${filter}`)}`);
    expect(new Set(await grid('hasAccount eq true'))).toEqual(new Set([registered.id, shopper.id]));
    expect(await grid('hasAccount eq false')).toEqual([guest.id]);
    expect(await grid('tags pr')).toEqual([guest.id]);
    expect(new Set(await grid('not (tags pr)'))).toEqual(new Set([registered.id, shopper.id]));
  });
});

describe('attributes other modules add', () => {
  // What a module's customerFilters gives (ModuleSetup.customerFilters merges them for the routes).
  const loyalty: CustomerFilterSource = () => ({
    loyal: {
      type: 'custom',
      ops: ['eq'],
      compile: (_op, value) =>
        value === true
          ? sql<SqlBool>`(customers.last_name = 'Loyalist')`
          : sql<SqlBool>`(customers.last_name is distinct from 'Loyalist')`,
    },
  });

  it("are accepted in a segment's filter, and a segment whose attribute is gone says so", async () => {
    const loyalist = await make.customer(t.tenant, { lastName: 'Loyalist' });
    const input = { name: unique('Loyal'), filter: 'loyal eq true' };
    await expect(createSegment(t.tenant.ctx, input)).rejects.toMatchObject({ code: 'filter.invalid' });
    const segment = await createSegment(t.tenant.ctx, input, loyalty);
    const page = await listSegmentMembers(t.tenant.ctx, segment.id, {}, loyalty);
    expect(ids(page.data)).toEqual([loyalist.id]);

    // Served without that module, the saved filter names an attribute nobody defines any more.
    const res = await call('GET', `/segments/${segment.id}/customers`);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'segment.filter_invalid',
      errors: [{ path: '/id', in: 'path' }],
    });
    const grid = await call('GET', `/customers?segment=${segment.id}`);
    expect(grid.json()).toMatchObject({ code: 'segment.filter_invalid', errors: [{ path: '/segment' }] });
    expect(grid.json().errors[0].message).toContain('unknown attribute "loyal"');
  });
});
