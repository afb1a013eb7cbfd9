import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attributeSortFields } from '../../src/modules/attributes/attributes.service.js';
import { listEvents } from '../../src/modules/events/events.service.js';
import { make } from '../factories.js';
import { createTestApp, type TestApp, type TestTenant } from '../helpers/app.js';

let t: TestApp;
let other: TestTenant;
beforeAll(async () => {
  t = await createTestApp();
  other = await t.newTenant('attributes-other');
});
afterAll(() => t.close());

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
const call = (method: Method, url: string, payload?: object, headers: object = t.tenant.auth) =>
  t.app.inject({ method, url, headers: headers as Record<string, string>, ...(payload ? { payload } : {}) });
const admin = (method: Method, url: string, payload?: object, tenant: TestTenant = t.tenant) =>
  call(method, `/admin/v1${url}`, payload, tenant.auth);

/** The paths an answer's `errors` name, sorted. */
const paths = (res: { json(): { errors?: { path: string }[] } }) =>
  (res.json().errors ?? []).map((e) => e.path).sort();

/** Every customer of the tenant the filter matches, by last name. */
async function matching(tenant: TestTenant, filter: string): Promise<string[]> {
  const res = await admin(
    'GET',
    `/customers?limit=200&filter=${encodeURIComponent(filter)}`,
    undefined,
    tenant,
  );
  expect(res.statusCode, res.body).toBe(200);
  return res
    .json()
    .data.map((c: { lastName: string }) => c.lastName)
    .sort();
}

/** The tenant's index names for custom attributes, as PostgreSQL lists them. */
async function attributeIndexes(): Promise<string[]> {
  const rows = await sql<{ indexname: string }>`
    select indexname from pg_indexes where tablename = 'customers' and indexname like 'customers_attr_%'`.execute(
    t.handle.db,
  );
  return rows.rows.map((r) => r.indexname).sort();
}

describe('custom attribute definitions', () => {
  it('creates, reads, lists, changes and deletes a definition', async () => {
    const created = await admin('POST', '/attributes', {
      code: 'favouriteColour',
      label: ' Favourite colour ',
      type: 'enum',
      options: [
        { value: 'red', label: 'Red' },
        { value: 'blue', label: 'Blue' },
      ],
      shopperVisible: true,
    });
    expect(created.statusCode, created.body).toBe(201);
    const body = created.json();
    expect(body).toMatchObject({
      code: 'favouriteColour',
      label: 'Favourite colour',
      type: 'enum',
      required: false,
      shopperVisible: true,
      shopperEditable: false,
      indexed: false,
      validation: {},
    });
    expect(created.headers.location).toBe(`/admin/v1/attributes/${body.id}`);
    expect((await admin('GET', `/attributes/${body.id}`)).json()).toEqual(body);

    const changed = await admin('PATCH', `/attributes/${body.id}`, {
      label: 'Colour',
      options: [{ value: 'green', label: 'Green' }],
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ label: 'Colour', options: [{ value: 'green', label: 'Green' }] });

    // Code and type are fixed: values of another type would no longer fit.
    const retyped = await admin('PATCH', `/attributes/${body.id}`, { code: 'colour', type: 'text' });
    expect(retyped.statusCode).toBe(400);
    expect(paths(retyped)).toEqual(['/code', '/type']);

    expect((await admin('DELETE', `/attributes/${body.id}`)).statusCode).toBe(204);
    expect((await admin('GET', `/attributes/${body.id}`)).statusCode).toBe(404);
    expect((await admin('DELETE', `/attributes/${body.id}`)).statusCode).toBe(404);
  });

  it('pages through the definitions by code with a cursor', async () => {
    const tenant = await t.newTenant('attributes-paging');
    for (const code of ['delta', 'alpha', 'charlie', 'bravo']) await make.attribute(tenant, { code });
    const first = await admin('GET', '/attributes?limit=3', undefined, tenant);
    expect(first.json().data.map((a: { code: string }) => a.code)).toEqual(['alpha', 'bravo', 'charlie']);
    const next = await admin(
      'GET',
      `/attributes?limit=3&cursor=${first.json().nextCursor}`,
      undefined,
      tenant,
    );
    expect(next.json()).toMatchObject({ data: [{ code: 'delta' }], nextCursor: null });
  });

  it('refuses a code already defined in the tenant with 409, but not one of another tenant', async () => {
    await make.attribute(t.tenant, { code: 'memberNumber' });
    const again = await admin('POST', '/attributes', {
      code: 'memberNumber',
      label: 'Again',
      type: 'number',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'attribute.code_taken', errors: [{ path: '/code' }] });
    const elsewhere = await admin(
      'POST',
      '/attributes',
      { code: 'memberNumber', label: 'M', type: 'text' },
      other,
    );
    expect(elsewhere.statusCode).toBe(201);
  });

  it('names every field of a definition that does not fit its type', async () => {
    const noOptions = await admin('POST', '/attributes', {
      code: 'size',
      label: 'Size',
      type: 'multiEnum',
      indexed: true,
      shopperEditable: true,
      validation: { min: 1, pattern: '^x$' },
    });
    expect(noOptions.statusCode).toBe(400);
    expect(paths(noOptions)).toEqual([
      '/indexed',
      '/options',
      '/shopperEditable',
      '/validation/min',
      '/validation/pattern',
    ]);

    const badText = await admin('POST', '/attributes', {
      code: 'slow',
      label: 'Slow',
      type: 'text',
      options: [{ value: 'a', label: 'A' }],
      validation: { pattern: '^(a+)+$', minLength: 5, maxLength: 2 },
    });
    expect(badText.statusCode).toBe(400);
    expect(paths(badText)).toEqual(['/options', '/validation/maxLength', '/validation/pattern']);

    const badCode = await admin('POST', '/attributes', { code: 'Bad_code', label: 'B', type: 'wat' });
    expect(badCode.statusCode).toBe(400);
    expect(paths(badCode)).toEqual(['/code', '/type']);

    const badBounds = await admin('POST', '/attributes', {
      code: 'born',
      label: 'Born',
      type: 'date',
      validation: { min: 'yesterday', max: 3 },
    });
    expect(paths(badBounds)).toEqual(['/validation/max', '/validation/min']);
  });

  it('lets viewers read but only admins define', async () => {
    const support = await t.tenant.as('support');
    const viewer = await t.tenant.as('viewer');
    expect((await call('GET', '/admin/v1/attributes', undefined, viewer)).statusCode).toBe(200);
    const res = await call('POST', '/admin/v1/attributes', { code: 'x', label: 'X', type: 'text' }, support);
    expect(res.statusCode).toBe(403);
  });

  it("answers 404 for another tenant's definition and changes nothing", async () => {
    const theirs = await make.attribute(other, { code: 'secret', label: 'Secret' });
    expect((await admin('GET', `/attributes/${theirs.id}`)).statusCode).toBe(404);
    expect((await admin('PATCH', `/attributes/${theirs.id}`, { label: 'Mine' })).statusCode).toBe(404);
    expect((await admin('DELETE', `/attributes/${theirs.id}`)).statusCode).toBe(404);
    expect((await admin('GET', `/attributes/${randomUUID()}`)).statusCode).toBe(404);
    const list = (await admin('GET', '/attributes?limit=200')).json().data as { id: string }[];
    expect(list.some((a) => a.id === theirs.id)).toBe(false);
    expect((await admin('GET', `/attributes/${theirs.id}`, undefined, other)).json().label).toBe('Secret');
  });
});

describe('custom attribute values on customers', () => {
  let tenant: TestTenant;
  beforeAll(async () => {
    tenant = await t.newTenant('attributes-values');
    await make.attribute(tenant, {
      code: 'nickname',
      type: 'text',
      validation: { minLength: 2, maxLength: 10, pattern: '^[A-Za-z ]+$' },
    });
    await make.attribute(tenant, { code: 'shoeSize', type: 'number', validation: { min: 30, max: 50 } });
    await make.attribute(tenant, {
      code: 'memberSince',
      type: 'date',
      validation: { min: '2000-01-01', max: '2100-01-01' },
    });
    await make.attribute(tenant, { code: 'wholesale', type: 'boolean' });
    await make.attribute(tenant, {
      code: 'tier',
      type: 'enum',
      options: [
        { value: 'gold', label: 'Gold' },
        { value: 'silver', label: 'Silver' },
      ],
    });
    await make.attribute(tenant, {
      code: 'interests',
      type: 'multiEnum',
      options: [
        { value: 'tea', label: 'Tea' },
        { value: 'cups', label: 'Cups' },
        { value: 'pots', label: 'Pots' },
      ],
    });
  });

  it('stores checked values, normalised, and shows them on GET', async () => {
    const res = await admin(
      'POST',
      '/customers',
      {
        lastName: 'Valid',
        attributes: {
          nickname: ' Kit ',
          shoeSize: 42.5,
          memberSince: '2020-02-29T10:00:00+02:00',
          wholesale: false,
          tier: 'gold',
          interests: ['pots', 'tea'],
        },
      },
      tenant,
    );
    expect(res.statusCode, res.body).toBe(201);
    const expected = {
      nickname: 'Kit',
      shoeSize: 42.5,
      memberSince: '2020-02-29T08:00:00.000Z',
      wholesale: false,
      tier: 'gold',
      interests: ['tea', 'pots'],
    };
    expect(res.json().attributes).toEqual(expected);
    expect((await admin('GET', `/customers/${res.json().id}`, undefined, tenant)).json().attributes).toEqual(
      expected,
    );
  });

  it('names every bad attribute at once, with the other bad fields', async () => {
    const res = await admin(
      'POST',
      '/customers',
      {
        phone: 'not a phone',
        lastName: 'Bad',
        attributes: {
          nickname: 'K1',
          shoeSize: 51,
          memberSince: '2020-02-30',
          wholesale: 'yes',
          tier: 'bronze',
          interests: ['tea', 'tea'],
          unknownThing: 1,
        },
      },
      tenant,
    );
    expect(res.statusCode).toBe(400);
    expect(paths(res)).toEqual([
      '/attributes/interests',
      '/attributes/memberSince',
      '/attributes/nickname',
      '/attributes/shoeSize',
      '/attributes/tier',
      '/attributes/unknownThing',
      '/attributes/wholesale',
      '/phone',
    ]);
    const messages = Object.fromEntries(
      res.json().errors.map((e: { path: string; message: string }) => [e.path, e.message]),
    );
    expect(messages['/attributes/unknownThing']).toBe('is not a custom attribute of this tenant');
    expect(messages['/attributes/shoeSize']).toBe('must be at most 50');
    expect(messages['/attributes/tier']).toBe('must be one of: gold, silver');

    const tooShort = await admin(
      'POST',
      '/customers',
      { lastName: 'S', attributes: { nickname: 'K' } },
      tenant,
    );
    expect(paths(tooShort)).toEqual(['/attributes/nickname']);
    const early = await admin(
      'POST',
      '/customers',
      { lastName: 'E', attributes: { memberSince: '1999-12-31' } },
      tenant,
    );
    expect(paths(early)).toEqual(['/attributes/memberSince']);
    const badKey = await admin('POST', '/customers', { lastName: 'K', attributes: { 'bad-key': 1 } }, tenant);
    expect(paths(badKey)).toEqual(['/attributes/bad-key']);
  });

  it('merges a change per code: codes left out stay, null removes one, and the timeline says what changed', async () => {
    const customer = await make.customer(tenant, {
      lastName: 'Merge',
      attributes: { nickname: 'Kit', tier: 'gold' },
    });
    const res = await admin(
      'PATCH',
      `/customers/${customer.id}`,
      { attributes: { nickname: null, shoeSize: 40 } },
      tenant,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().attributes).toEqual({ tier: 'gold', shoeSize: 40 });
    const unknown = await admin('PATCH', `/customers/${customer.id}`, { attributes: { nope: 1 } }, tenant);
    expect(paths(unknown)).toEqual(['/attributes/nope']);

    const timeline = await listEvents(tenant.ctx, customer.id, { limit: 10 });
    expect(timeline.data[0]).toMatchObject({
      action: 'customer.updated',
      changes: [
        { field: 'attributes.nickname', from: 'Kit', to: null },
        { field: 'attributes.shoeSize', from: null, to: 40 },
      ],
    });
  });

  it('requires a required attribute when an admin creates a customer, and never lets it be removed', async () => {
    const own = await t.newTenant('attributes-required');
    const before = await make.customer(own, { lastName: 'Before' });
    await make.attribute(own, { code: 'vatNumber', type: 'text', required: true });
    await make.attribute(own, { code: 'note', type: 'text' });

    const missing = await admin(
      'POST',
      '/customers',
      { lastName: 'Missing', attributes: { vatNumber: null } },
      own,
    );
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors).toEqual([
      { path: '/attributes/vatNumber', message: 'is required and cannot be removed' },
    ]);
    const absent = await admin('POST', '/customers', { lastName: 'Absent' }, own);
    expect(absent.json().errors).toEqual([{ path: '/attributes/vatNumber', message: 'is required' }]);

    const given = await admin(
      'POST',
      '/customers',
      { lastName: 'Given', attributes: { vatNumber: 'GB1' } },
      own,
    );
    expect(given.statusCode).toBe(201);
    const removed = await admin(
      'PATCH',
      `/customers/${given.json().id}`,
      { attributes: { vatNumber: null } },
      own,
    );
    expect(paths(removed)).toEqual(['/attributes/vatNumber']);

    // A customer made before the attribute was required keeps changing its other fields.
    const changed = await admin('PATCH', `/customers/${before.id}`, { attributes: { note: 'ok' } }, own);
    expect(changed.statusCode, changed.body).toBe(200);
    // Checkout and registration make customers without it: a definition never stops a sale.
    const order = await make.order(own, {});
    expect(order.customerId).toBeTruthy();
  });

  it("removes every customer's value when its definition is deleted", async () => {
    const own = await t.newTenant('attributes-delete');
    const doomed = await make.attribute(own, { code: 'doomed', type: 'number', indexed: true });
    await make.attribute(own, { code: 'kept', type: 'text' });
    const a = await make.customer(own, { lastName: 'A', attributes: { doomed: 1, kept: 'x' } });
    const b = await make.customer(own, { lastName: 'B', attributes: { doomed: 2 } });
    expect((await admin('DELETE', `/attributes/${doomed.id}`, undefined, own)).statusCode).toBe(204);
    expect((await admin('GET', `/customers/${a.id}`, undefined, own)).json().attributes).toEqual({
      kept: 'x',
    });
    expect((await admin('GET', `/customers/${b.id}`, undefined, own)).json().attributes).toEqual({});
    const res = await admin('GET', '/customers?filter=attributes.doomed%20pr', undefined, own);
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toContain('unknown attribute "attributes.doomed"');
    expect((await attributeIndexes()).filter((name) => name.endsWith('_doomed'))).toEqual([]);
  });
});

describe('custom attributes on the storefront', () => {
  it('shows the shopper only visible attributes and lets them change only editable ones', async () => {
    const own = await t.newTenant('attributes-store');
    await make.attribute(own, { code: 'newsletterTopic', shopperVisible: true, shopperEditable: true });
    await make.attribute(own, { code: 'tier', shopperVisible: true });
    await make.attribute(own, { code: 'risk', type: 'number' });
    const me = await make.shopper(own);
    await admin('PATCH', `/customers/${me.id}`, { attributes: { tier: 'gold', risk: 9 } }, own);

    const read = await call('GET', '/store/v1/me', undefined, me.headers);
    expect(read.json().attributes).toEqual({ tier: 'gold' });

    const changed = await call(
      'PATCH',
      '/store/v1/me',
      { attributes: { newsletterTopic: 'Tea' } },
      me.headers,
    );
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().attributes).toEqual({ tier: 'gold', newsletterTopic: 'Tea' });

    const refused = await call(
      'PATCH',
      '/store/v1/me',
      { firstName: 'Sam', attributes: { tier: 'platinum', risk: 0, newsletterTopic: 'Pots' } },
      me.headers,
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors).toEqual([
      { path: '/attributes/tier', message: 'cannot be changed by the shopper' },
      // A hidden attribute is as unknown to the shopper as one that does not exist.
      { path: '/attributes/risk', message: 'is not a custom attribute of this tenant' },
    ]);
    const admins = await admin('GET', `/customers/${me.id}`, undefined, own);
    expect(admins.json().attributes).toEqual({ tier: 'gold', risk: 9, newsletterTopic: 'Tea' });
  });
});

describe('filtering and sorting customers by custom attributes', () => {
  let tenant: TestTenant;
  beforeAll(async () => {
    tenant = await t.newTenant('attributes-filter');
    await make.attribute(tenant, { code: 'nickname', type: 'text', indexed: true });
    await make.attribute(tenant, { code: 'score', type: 'number', indexed: true });
    await make.attribute(tenant, { code: 'joined', type: 'date', indexed: true });
    await make.attribute(tenant, { code: 'wholesale', type: 'boolean' });
    await make.attribute(tenant, {
      code: 'tier',
      type: 'enum',
      options: [
        { value: 'gold', label: 'Gold' },
        { value: 'silver', label: 'Silver' },
      ],
    });
    await make.attribute(tenant, {
      code: 'interests',
      type: 'multiEnum',
      options: [
        { value: 'tea', label: 'Tea' },
        { value: 'cups', label: 'Cups' },
      ],
    });
    await make.attribute(tenant, { code: 'plain', type: 'number' });
    const people: [string, Record<string, string | number | boolean | string[]>][] = [
      [
        'Ann',
        {
          nickname: 'Annie',
          score: 10,
          joined: '2024-01-05',
          wholesale: true,
          tier: 'gold',
          interests: ['tea'],
        },
      ],
      ['Bob', { nickname: 'bobby', score: -2.5, joined: '2025-06-01', wholesale: false, tier: 'silver' }],
      ['Cat', { nickname: 'Catty', score: 7, interests: ['tea', 'cups'], plain: 1 }],
      ['Dan', { score: 10, joined: '2023-03-03T12:00:00Z', interests: [] }],
      ['Eve', {}],
      ['Fay', { nickname: 'ann', score: 3 }],
      ['Gus', { nickname: 'Gussie', score: 100, joined: '2026-01-01' }],
    ];
    for (const [lastName, attributes] of people) await make.customer(tenant, { lastName, attributes });
  });

  it('filters on each type of attribute', async () => {
    expect(await matching(tenant, 'attributes.nickname eq "ANNIE"')).toEqual(['Ann']);
    expect(await matching(tenant, 'attributes.nickname sw "an"')).toEqual(['Ann', 'Fay']);
    expect(await matching(tenant, 'attributes.nickname co "tt"')).toEqual(['Cat']);
    expect(await matching(tenant, 'attributes.nickname ne "annie"')).toEqual([
      'Bob',
      'Cat',
      'Dan',
      'Eve',
      'Fay',
      'Gus',
    ]);
    expect(await matching(tenant, 'attributes.score ge 7')).toEqual(['Ann', 'Cat', 'Dan', 'Gus']);
    expect(await matching(tenant, 'attributes.score lt 5')).toEqual(['Bob', 'Fay']);
    expect(await matching(tenant, 'attributes.score ne 10')).toEqual(['Bob', 'Cat', 'Eve', 'Fay', 'Gus']);
    expect(await matching(tenant, 'attributes.plain eq 1')).toEqual(['Cat']);
    expect(await matching(tenant, 'attributes.joined lt "2024-06-01"')).toEqual(['Ann', 'Dan']);
    expect(await matching(tenant, 'attributes.joined eq "2023-03-03T13:00:00+01:00"')).toEqual(['Dan']);
    expect(await matching(tenant, 'attributes.wholesale eq true')).toEqual(['Ann']);
    expect(await matching(tenant, 'attributes.wholesale ne true')).toEqual([
      'Bob',
      'Cat',
      'Dan',
      'Eve',
      'Fay',
      'Gus',
    ]);
    expect(await matching(tenant, 'attributes.tier eq "silver"')).toEqual(['Bob']);
    expect(await matching(tenant, 'attributes.interests co "tea"')).toEqual(['Ann', 'Cat']);
    expect(await matching(tenant, 'attributes.interests eq "cups"')).toEqual(['Cat']);
    expect(await matching(tenant, 'attributes.interests ne "tea"')).toEqual([
      'Bob',
      'Dan',
      'Eve',
      'Fay',
      'Gus',
    ]);
    expect(await matching(tenant, 'attributes.interests pr')).toEqual(['Ann', 'Cat']);
    expect(await matching(tenant, 'attributes.joined pr and not (attributes.tier pr)')).toEqual([
      'Dan',
      'Gus',
    ]);
    expect(await matching(tenant, 'attributes.score eq null')).toEqual(['Eve']);
    expect(await matching(tenant, 'lastName sw "A" or attributes.Score gt 50')).toEqual(['Ann', 'Gus']);
  });

  it('refuses a filter value or operator that does not fit the type, pointing at it', async () => {
    for (const filter of [
      'attributes.score eq "ten"',
      'attributes.score co "1"',
      'attributes.joined gt "soon"',
      'attributes.wholesale eq "yes"',
      'attributes.interests gt "tea"',
      'attributes.nope eq 1',
    ]) {
      const res = await admin('GET', `/customers?filter=${encodeURIComponent(filter)}`, undefined, tenant);
      expect(res.statusCode, filter).toBe(400);
      expect(res.json().errors[0].path).toBe('/filter');
    }
  });

  /** Every page of the list in this sort, by last name, following the cursors. */
  async function walk(sort: string, limit: number): Promise<string[]> {
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/customers?sort=${sort}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await admin('GET', url, undefined, tenant);
      expect(res.statusCode, res.body).toBe(200);
      names.push(...res.json().data.map((c: { lastName: string }) => c.lastName));
      cursor = res.json().nextCursor;
    } while (cursor);
    return names;
  }

  it('sorts by an indexed attribute and pages through it with a cursor, missing values first', async () => {
    expect(await walk('attributes.score,lastName', 2)).toEqual([
      'Eve',
      'Bob',
      'Fay',
      'Cat',
      'Ann',
      'Dan',
      'Gus',
    ]);
    expect(await walk('-attributes.score', 3)).toEqual(['Gus', 'Dan', 'Ann', 'Cat', 'Fay', 'Bob', 'Eve']);
    expect(await walk('attributes.nickname', 2)).toEqual(['Dan', 'Eve', 'Fay', 'Ann', 'Bob', 'Cat', 'Gus']);
    expect(await walk('attributes.joined,lastName', 3)).toEqual([
      'Cat',
      'Eve',
      'Fay',
      'Dan',
      'Ann',
      'Bob',
      'Gus',
    ]);
    // A sort on the attribute with a filter on it: the filter bounds the index walk.
    const filtered = await admin(
      'GET',
      '/customers?sort=attributes.nickname&filter=attributes.nickname%20ge%20%22b%22',
      undefined,
      tenant,
    );
    expect(filtered.json().data.map((c: { lastName: string }) => c.lastName)).toEqual(['Bob', 'Cat', 'Gus']);
  });

  it('refuses to sort by an attribute that is not indexed, or that does not exist', async () => {
    for (const sort of ['attributes.plain', 'attributes.tier', 'attributes.nope', 'attributes.bad_code']) {
      const res = await admin('GET', `/customers?sort=${sort}`, undefined, tenant);
      expect(res.statusCode, sort).toBe(400);
      expect(res.json().errors[0].path).toBe('/sort');
    }
  });

  it('keeps an index for each indexed attribute, created and dropped with the flag', async () => {
    const own = await t.newTenant('attributes-index');
    const rank = await make.attribute(own, { code: 'rank', type: 'number', indexed: true });
    const [name] = (await attributeIndexes()).filter((n) => n.endsWith('_rank'));
    expect(name).toMatch(/^customers_attr_[0-9a-f]{12}_rank$/);
    const definition = await sql<{
      indexdef: string;
    }>`select indexdef from pg_indexes where indexname = ${name}`.execute(t.handle.db);
    expect(definition.rows[0]!.indexdef).toContain(`WHERE (tenant_id = '${own.id}'::uuid)`);
    // The sort key the customer list orders by is the index's own expression: PostgreSQL walks it.
    await make.customer(own, { lastName: 'Ranked', attributes: { rank: 1 } });
    const key = (await attributeSortFields(own.ctx))['attributes.rank']!.expression;
    const plan = await t.handle.db.transaction().execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx);
      return sql`explain select id from customers where tenant_id = ${own.id} order by ${key}, id limit 10`.execute(
        trx,
      );
    });
    expect(JSON.stringify(plan.rows)).toContain(name);

    const off = await admin('PATCH', `/attributes/${rank.id}`, { indexed: false }, own);
    expect(off.json().indexed).toBe(false);
    expect(await attributeIndexes()).not.toContain(name);
    expect((await admin('GET', '/customers?sort=attributes.rank', undefined, own)).statusCode).toBe(400);

    const on = await admin('PATCH', `/attributes/${rank.id}`, { indexed: true }, own);
    expect(on.json().indexed).toBe(true);
    expect(await attributeIndexes()).toContain(name);
    expect((await admin('GET', '/customers?sort=-attributes.rank', undefined, own)).statusCode).toBe(200);

    await admin('DELETE', `/attributes/${rank.id}`, undefined, own);
    expect(await attributeIndexes()).not.toContain(name);
  });
});
