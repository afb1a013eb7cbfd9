import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from '../helpers/app.js';

let t: TestApp;
let other: TestTenant;
beforeAll(async () => {
  t = await createTestApp();
  other = await t.newTenant('wishlists-other');
});
afterAll(() => t.close());

const PASSWORD = 'violet-tram-42-kettle';
let counter = 0;

type Headers = Record<string, string>;
type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

const call = (method: Method, url: string, headers: Headers, payload?: object) =>
  t.app.inject({ method, url: `/store/v1${url}`, headers, ...(payload ? { payload } : {}) });

async function register(tenant: TestTenant = t.tenant) {
  const email = `wisher-${++counter}@example.com`;
  const res = await call(
    'POST',
    '/auth/register',
    { 'x-site-key': tenant.siteKey },
    { email, password: PASSWORD, firstName: 'Wish', lastName: 'Er' },
  );
  expect(res.statusCode, res.body).toBe(201);
  const headers = { 'x-site-key': tenant.siteKey, authorization: `Bearer ${res.json().token}` };
  const me = (await call('GET', '/me', headers)).json();
  const shopper = {
    id: me.id as string,
    headers,
    get: (url: string) => call('GET', url, headers),
    post: (url: string, body: object) => call('POST', url, headers, body),
    patch: (url: string, body: object) => call('PATCH', url, headers, body),
    delete: (url: string) => call('DELETE', url, headers),
  };
  return shopper;
}
type Shopper = Awaited<ReturnType<typeof register>>;

async function list(shopper: Shopper, name: string) {
  const res = await shopper.post('/me/wishlists', { name });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; name: string };
}

async function item(shopper: Shopper, wishlistId: string, body: object) {
  const res = await shopper.post(`/me/wishlists/${wishlistId}/items`, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}

const paths = (res: { json(): { errors?: { path: string }[] } }) =>
  res
    .json()
    .errors?.map((e) => e.path)
    .sort();

describe('my wish lists', () => {
  it('creates, reads, renames and deletes lists, with their items', async () => {
    const me = await register();
    expect((await me.get('/me/wishlists')).json()).toEqual({ data: [] });

    const birthday = await me.post('/me/wishlists', { name: '  Birthday  ' });
    expect(birthday.statusCode).toBe(201);
    expect(birthday.json()).toMatchObject({ name: 'Birthday', items: [] });
    const id = birthday.json().id;

    const added = await me.post(`/me/wishlists/${id}/items`, { sku: 'TEA-1', name: 'Green tea' });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ sku: 'TEA-1', name: 'Green tea', quantity: 1, note: null });
    const cup = await item(me, id, { sku: 'CUP-2', name: 'Cup', quantity: 6, note: 'the blue ones' });

    const read = await me.get(`/me/wishlists/${id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({
      id,
      name: 'Birthday',
      items: [
        { sku: 'TEA-1', quantity: 1 },
        { id: cup.id, sku: 'CUP-2', quantity: 6, note: 'the blue ones' },
      ],
    });
    expect(Date.parse(read.json().updatedAt)).toBeGreaterThanOrEqual(Date.parse(birthday.json().updatedAt));

    const changed = await me.patch(`/me/wishlists/${id}/items/${cup.id}`, { quantity: 4, note: null });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ id: cup.id, name: 'Cup', quantity: 4, note: null });

    const renamed = await me.patch(`/me/wishlists/${id}`, { name: 'Birthday 2027' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({
      name: 'Birthday 2027',
      items: [{ sku: 'TEA-1' }, { sku: 'CUP-2' }],
    });

    expect((await me.delete(`/me/wishlists/${id}/items/${cup.id}`)).statusCode).toBe(204);
    expect((await me.delete(`/me/wishlists/${id}/items/${cup.id}`)).statusCode).toBe(404);
    expect((await me.get(`/me/wishlists/${id}`)).json().items).toHaveLength(1);

    await list(me, 'Someday');
    expect((await me.get('/me/wishlists')).json().data.map((l: { name: string }) => l.name)).toEqual([
      'Birthday 2027',
      'Someday',
    ]);
    expect((await me.delete(`/me/wishlists/${id}`)).statusCode).toBe(204);
    expect((await me.get(`/me/wishlists/${id}`)).statusCode).toBe(404);
    expect((await me.get('/me/wishlists')).json().data.map((l: { name: string }) => l.name)).toEqual([
      'Someday',
    ]);
  });

  it('keeps list names unique per shopper whatever their case, but not across shoppers', async () => {
    const me = await register();
    const gifts = await list(me, 'Gifts');
    const twin = await me.post('/me/wishlists', { name: 'GIFTS' });
    expect(twin.statusCode).toBe(409);
    expect(twin.json()).toMatchObject({ code: 'wishlist.name_taken', errors: [{ path: '/name' }] });
    const books = await list(me, 'Books');
    const rename = await me.patch(`/me/wishlists/${books.id}`, { name: 'gifts' });
    expect(rename.statusCode).toBe(409);
    expect((await me.patch(`/me/wishlists/${gifts.id}`, { name: 'gifts' })).statusCode).toBe(200);
    await list(await register(), 'Gifts');
  });

  it('refuses the same product twice on a list (change that item instead), but allows it on another list', async () => {
    const me = await register();
    const a = await list(me, 'A');
    const b = await list(me, 'B');
    await item(me, a.id, { sku: 'SKU-1', name: 'Thing' });
    const again = await me.post(`/me/wishlists/${a.id}/items`, { sku: 'SKU-1', name: 'Thing', quantity: 2 });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'wishlist.item_exists', errors: [{ path: '/sku' }] });
    expect((await me.get(`/me/wishlists/${a.id}`)).json().items).toMatchObject([{ quantity: 1 }]);
    await item(me, b.id, { sku: 'SKU-1', name: 'Thing' });
  });

  it('lists every bad field', async () => {
    const me = await register();
    const blank = await me.post('/me/wishlists', { name: '   ' });
    expect(blank.statusCode).toBe(400);
    expect(paths(blank)).toEqual(['/name']);
    expect(paths(await me.post('/me/wishlists', { name: 'x'.repeat(101) }))).toEqual(['/name']);
    const { id } = await list(me, 'Checks');
    const bad = await me.post(`/me/wishlists/${id}/items`, {
      sku: '',
      name: 'x'.repeat(301),
      quantity: 10_000,
      note: 'n'.repeat(1001),
      price: 3,
    });
    expect(bad.statusCode).toBe(400);
    expect(paths(bad)).toEqual(['/name', '/note', '/price', '/quantity', '/sku']);
    expect(paths(await me.post(`/me/wishlists/${id}/items`, { sku: ' ', name: ' ' }))).toEqual([
      '/name',
      '/sku',
    ]);
    const { id: itemId } = await item(me, id, { sku: 'Q', name: 'Q' });
    expect(paths(await me.patch(`/me/wishlists/${id}/items/${itemId}`, { quantity: 0 }))).toEqual([
      '/quantity',
    ]);
    expect((await me.patch(`/me/wishlists/${id}/items/${itemId}`, {})).statusCode).toBe(400);
    expect(paths(await me.patch(`/me/wishlists/${id}/items/${itemId}`, { sku: 'R' }))).toEqual(['/sku']);
  });

  it('holds at most 50 lists per shopper and 500 items per list (422 beyond)', async () => {
    const me = await register();
    for (let i = 0; i < 50; i++) await list(me, `List ${i}`);
    const fiftyFirst = await me.post('/me/wishlists', { name: 'One more' });
    expect(fiftyFirst.statusCode).toBe(422);
    expect(fiftyFirst.json().code).toBe('wishlist.too_many_lists');
    expect((await me.get('/me/wishlists')).json().data).toHaveLength(50);

    const full = (await me.get('/me/wishlists')).json().data[0].id;
    // Filled directly: 500 requests would only make the test slow.
    const wishlist = await t.handle.db
      .selectFrom('wishlists')
      .select('tenantId')
      .where('id', '=', full)
      .executeTakeFirstOrThrow();
    await t.handle.db
      .insertInto('wishlistItems')
      .values(
        Array.from({ length: 499 }, (_, i) => ({
          tenantId: wishlist.tenantId,
          id: randomUUID(),
          wishlistId: full,
          sku: `S-${i}`,
          name: `Item ${i}`,
          quantity: 1,
          note: null,
        })),
      )
      .execute();
    await item(me, full, { sku: 'LAST', name: 'The 500th' });
    const over = await me.post(`/me/wishlists/${full}/items`, { sku: 'OVER', name: 'One too many' });
    expect(over.statusCode).toBe(422);
    expect(over.json().code).toBe('wishlist.too_many_items');
    expect((await me.get(`/me/wishlists/${full}`)).json().items).toHaveLength(500);

    // Creations at once are counted one after the other: one free place takes one list.
    expect((await me.delete(`/me/wishlists/${full}`)).statusCode).toBe(204);
    const racing = await Promise.all(
      ['X', 'Y', 'Z'].map((name) => me.post('/me/wishlists', { name: `Race ${name}` })),
    );
    expect(racing.map((r) => r.statusCode).sort()).toEqual([201, 422, 422]);
    expect((await me.get('/me/wishlists')).json().data).toHaveLength(50);
  });

  it("answers 404 for another shopper's lists and items, in this tenant and another, and changes nothing", async () => {
    const me = await register();
    const mine = await list(me, 'Mine');
    await item(me, mine.id, { sku: 'M', name: 'Mine' });
    const victim = await register();
    const theirs = await list(victim, 'Theirs');
    const theirItem = await item(victim, theirs.id, { sku: 'T', name: 'Theirs' });
    const stranger = await register(other);
    const far = await list(stranger, 'Far');
    const farItem = await item(stranger, far.id, { sku: 'F', name: 'Far' });
    const before = [
      (await victim.get(`/me/wishlists/${theirs.id}`)).json(),
      (await stranger.get(`/me/wishlists/${far.id}`)).json(),
    ];

    for (const [listId, itemId] of [
      [theirs.id, theirItem.id],
      [far.id, farItem.id],
    ] as const) {
      const attempts = [
        await me.get(`/me/wishlists/${listId}`),
        await me.patch(`/me/wishlists/${listId}`, { name: 'Mine now' }),
        await me.post(`/me/wishlists/${listId}/items`, { sku: 'X', name: 'Sneaked in' }),
        await me.patch(`/me/wishlists/${listId}/items/${itemId}`, { quantity: 99 }),
        await me.delete(`/me/wishlists/${listId}/items/${itemId}`),
        await me.delete(`/me/wishlists/${listId}`),
        // Their item id under my own list is no item of mine either.
        await me.patch(`/me/wishlists/${mine.id}/items/${itemId}`, { quantity: 99 }),
        await me.delete(`/me/wishlists/${mine.id}/items/${itemId}`),
      ];
      for (const res of attempts) {
        expect(res.statusCode, res.body).toBe(404);
        expect(res.headers['content-type']).toContain('application/problem+json');
      }
    }
    expect((await me.get('/me/wishlists')).json().data.map((l: { name: string }) => l.name)).toEqual([
      'Mine',
    ]);
    expect([
      (await victim.get(`/me/wishlists/${theirs.id}`)).json(),
      (await stranger.get(`/me/wishlists/${far.id}`)).json(),
    ]).toEqual(before);
  });

  it('needs a signed-in shopper', async () => {
    const res = await call('GET', '/me/wishlists', { 'x-site-key': t.tenant.siteKey });
    expect(res.statusCode).toBe(401);
  });
});

describe("admins reading a customer's wish lists", () => {
  it('shows every list with its items to a viewer; 404 for an unknown customer or another tenant', async () => {
    const shopper = await register();
    const first = await list(shopper, 'First');
    await item(shopper, first.id, { sku: 'A', name: 'Apple', quantity: 3, note: 'red' });
    await item(shopper, first.id, { sku: 'B', name: 'Banana' });
    await list(shopper, 'Empty');
    const viewer = await t.tenant.as('viewer');
    const res = await t.app.inject({
      method: 'GET',
      url: `/admin/v1/customers/${shopper.id}/wishlists`,
      headers: viewer,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual((await shopper.get('/me/wishlists')).json());
    expect(res.json().data).toMatchObject([
      {
        name: 'First',
        items: [
          { sku: 'A', quantity: 3, note: 'red' },
          { sku: 'B', quantity: 1 },
        ],
      },
      { name: 'Empty', items: [] },
    ]);

    for (const id of [randomUUID(), shopper.id]) {
      const headers = id === shopper.id ? other.auth : t.tenant.auth;
      const missing = await t.app.inject({
        method: 'GET',
        url: `/admin/v1/customers/${id}/wishlists`,
        headers,
      });
      expect(missing.statusCode).toBe(404);
    }
  });
});
