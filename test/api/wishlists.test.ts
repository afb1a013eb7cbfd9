import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { make } from '../factories.js';
import { createTestApp, type TestApp, type TestTenant } from '../helpers/app.js';

let t: TestApp;
let other: TestTenant;
beforeAll(async () => {
  t = await createTestApp();
  other = await t.newTenant('wishlists-other');
});
afterAll(() => t.close());

type Headers = Record<string, string>;
type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

const call = (method: Method, url: string, headers: Headers, payload?: object) =>
  t.app.inject({ method, url: `/store/v1${url}`, headers, ...(payload ? { payload } : {}) });

const paths = (res: { json(): { errors?: { path: string }[] } }) =>
  res
    .json()
    .errors?.map((e) => e.path)
    .sort();

describe('my wish lists', () => {
  it('creates, reads, renames and deletes lists, with their items', async () => {
    const me = await make.shopper(t.tenant, { firstName: 'Wish', lastName: 'Er' });
    expect((await call('GET', '/me/wishlists', me.headers)).json()).toEqual({ data: [] });

    const birthday = await call('POST', '/me/wishlists', me.headers, { name: '  Birthday  ' });
    expect(birthday.statusCode).toBe(201);
    expect(birthday.json()).toMatchObject({ name: 'Birthday', items: [] });
    const id = birthday.json().id;

    const added = await call('POST', `/me/wishlists/${id}/items`, me.headers, {
      sku: 'TEA-1',
      name: 'Green tea',
    });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ sku: 'TEA-1', name: 'Green tea', quantity: 1, note: null });
    const cup = await make.wishlistItem(t.tenant, me.id, id, {
      sku: 'CUP-2',
      name: 'Cup',
      quantity: 6,
      note: 'the blue ones',
    });

    const read = await call('GET', `/me/wishlists/${id}`, me.headers);
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

    const changed = await call('PATCH', `/me/wishlists/${id}/items/${cup.id}`, me.headers, {
      quantity: 4,
      note: null,
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ id: cup.id, name: 'Cup', quantity: 4, note: null });

    const renamed = await call('PATCH', `/me/wishlists/${id}`, me.headers, { name: 'Birthday 2027' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({
      name: 'Birthday 2027',
      items: [{ sku: 'TEA-1' }, { sku: 'CUP-2' }],
    });

    expect((await call('DELETE', `/me/wishlists/${id}/items/${cup.id}`, me.headers)).statusCode).toBe(204);
    expect((await call('DELETE', `/me/wishlists/${id}/items/${cup.id}`, me.headers)).statusCode).toBe(404);
    expect((await call('GET', `/me/wishlists/${id}`, me.headers)).json().items).toHaveLength(1);

    await make.wishlist(t.tenant, me.id, { name: 'Someday' });
    expect(
      (await call('GET', '/me/wishlists', me.headers)).json().data.map((l: { name: string }) => l.name),
    ).toEqual(['Birthday 2027', 'Someday']);
    expect((await call('DELETE', `/me/wishlists/${id}`, me.headers)).statusCode).toBe(204);
    expect((await call('GET', `/me/wishlists/${id}`, me.headers)).statusCode).toBe(404);
    expect(
      (await call('GET', '/me/wishlists', me.headers)).json().data.map((l: { name: string }) => l.name),
    ).toEqual(['Someday']);
  });

  it('keeps list names unique per shopper whatever their case, but not across shoppers', async () => {
    const me = await make.shopper(t.tenant, { firstName: 'Wish', lastName: 'Er' });
    const gifts = await make.wishlist(t.tenant, me.id, { name: 'Gifts' });
    const twin = await call('POST', '/me/wishlists', me.headers, { name: 'GIFTS' });
    expect(twin.statusCode).toBe(409);
    expect(twin.json()).toMatchObject({ code: 'wishlist.name_taken', errors: [{ path: '/name' }] });
    const books = await make.wishlist(t.tenant, me.id, { name: 'Books' });
    const rename = await call('PATCH', `/me/wishlists/${books.id}`, me.headers, { name: 'gifts' });
    expect(rename.statusCode).toBe(409);
    expect((await call('PATCH', `/me/wishlists/${gifts.id}`, me.headers, { name: 'gifts' })).statusCode).toBe(
      200,
    );
    const someoneElse = await make.shopper(t.tenant, { firstName: 'Wish', lastName: 'Er' });
    await make.wishlist(t.tenant, someoneElse.id, { name: 'Gifts' });
  });

  it('refuses the same product twice on a list (change that item instead), but allows it on another list', async () => {
    const me = await make.shopper(t.tenant, { firstName: 'Wish', lastName: 'Er' });
    const a = await make.wishlist(t.tenant, me.id, { name: 'A' });
    const b = await make.wishlist(t.tenant, me.id, { name: 'B' });
    await make.wishlistItem(t.tenant, me.id, a.id, { sku: 'SKU-1', name: 'Thing' });
    const again = await call('POST', `/me/wishlists/${a.id}/items`, me.headers, {
      sku: 'SKU-1',
      name: 'Thing',
      quantity: 2,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'wishlist.item_exists', errors: [{ path: '/sku' }] });
    expect((await call('GET', `/me/wishlists/${a.id}`, me.headers)).json().items).toMatchObject([
      { quantity: 1 },
    ]);
    await make.wishlistItem(t.tenant, me.id, b.id, { sku: 'SKU-1', name: 'Thing' });
  });

  it('lists every bad field', async () => {
    const me = await make.shopper(t.tenant, { firstName: 'Wish', lastName: 'Er' });
    const blank = await call('POST', '/me/wishlists', me.headers, { name: '   ' });
    expect(blank.statusCode).toBe(400);
    expect(paths(blank)).toEqual(['/name']);
    expect(paths(await call('POST', '/me/wishlists', me.headers, { name: 'x'.repeat(101) }))).toEqual([
      '/name',
    ]);
    const { id } = await make.wishlist(t.tenant, me.id, { name: 'Checks' });
    const bad = await call('POST', `/me/wishlists/${id}/items`, me.headers, {
      sku: '',
      name: 'x'.repeat(301),
      quantity: 10_000,
      note: 'n'.repeat(1001),
      price: 3,
    });
    expect(bad.statusCode).toBe(400);
    expect(paths(bad)).toEqual(['/name', '/note', '/price', '/quantity', '/sku']);
    expect(
      paths(await call('POST', `/me/wishlists/${id}/items`, me.headers, { sku: ' ', name: ' ' })),
    ).toEqual(['/name', '/sku']);
    const { id: itemId } = await make.wishlistItem(t.tenant, me.id, id, { sku: 'Q', name: 'Q' });
    expect(
      paths(await call('PATCH', `/me/wishlists/${id}/items/${itemId}`, me.headers, { quantity: 0 })),
    ).toEqual(['/quantity']);
    expect((await call('PATCH', `/me/wishlists/${id}/items/${itemId}`, me.headers, {})).statusCode).toBe(400);
    expect(
      paths(await call('PATCH', `/me/wishlists/${id}/items/${itemId}`, me.headers, { sku: 'R' })),
    ).toEqual(['/sku']);
  });

  it('holds at most 50 lists per shopper and 500 items per list (422 beyond)', async () => {
    const me = await make.shopper(t.tenant, { firstName: 'Wish', lastName: 'Er' });
    for (let i = 0; i < 50; i++) await make.wishlist(t.tenant, me.id, { name: `List ${i}` });
    const fiftyFirst = await call('POST', '/me/wishlists', me.headers, { name: 'One more' });
    expect(fiftyFirst.statusCode).toBe(422);
    expect(fiftyFirst.json().code).toBe('wishlist.too_many_lists');
    expect((await call('GET', '/me/wishlists', me.headers)).json().data).toHaveLength(50);

    const full = (await call('GET', '/me/wishlists', me.headers)).json().data[0].id;
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
    await make.wishlistItem(t.tenant, me.id, full, { sku: 'LAST', name: 'The 500th' });
    const over = await call('POST', `/me/wishlists/${full}/items`, me.headers, {
      sku: 'OVER',
      name: 'One too many',
    });
    expect(over.statusCode).toBe(422);
    expect(over.json().code).toBe('wishlist.too_many_items');
    expect((await call('GET', `/me/wishlists/${full}`, me.headers)).json().items).toHaveLength(500);

    // Creations at once are counted one after the other: one free place takes one list.
    expect((await call('DELETE', `/me/wishlists/${full}`, me.headers)).statusCode).toBe(204);
    const racing = await Promise.all(
      ['X', 'Y', 'Z'].map((name) => call('POST', '/me/wishlists', me.headers, { name: `Race ${name}` })),
    );
    expect(racing.map((r) => r.statusCode).sort()).toEqual([201, 422, 422]);
    expect((await call('GET', '/me/wishlists', me.headers)).json().data).toHaveLength(50);
  });

  it("answers 404 for another shopper's lists and items, in this tenant and another, and changes nothing", async () => {
    const me = await make.shopper(t.tenant, { firstName: 'Wish', lastName: 'Er' });
    const mine = await make.wishlist(t.tenant, me.id, { name: 'Mine' });
    await make.wishlistItem(t.tenant, me.id, mine.id, { sku: 'M', name: 'Mine' });
    const victim = await make.shopper(t.tenant, { firstName: 'Wish', lastName: 'Er' });
    const theirs = await make.wishlist(t.tenant, victim.id, { name: 'Theirs' });
    const theirItem = await make.wishlistItem(t.tenant, victim.id, theirs.id, { sku: 'T', name: 'Theirs' });
    const stranger = await make.shopper(other, { firstName: 'Wish', lastName: 'Er' });
    const far = await make.wishlist(other, stranger.id, { name: 'Far' });
    const farItem = await make.wishlistItem(other, stranger.id, far.id, { sku: 'F', name: 'Far' });
    const before = [
      (await call('GET', `/me/wishlists/${theirs.id}`, victim.headers)).json(),
      (await call('GET', `/me/wishlists/${far.id}`, stranger.headers)).json(),
    ];

    for (const [listId, itemId] of [
      [theirs.id, theirItem.id],
      [far.id, farItem.id],
    ] as const) {
      const attempts = [
        await call('GET', `/me/wishlists/${listId}`, me.headers),
        await call('PATCH', `/me/wishlists/${listId}`, me.headers, { name: 'Mine now' }),
        await call('POST', `/me/wishlists/${listId}/items`, me.headers, { sku: 'X', name: 'Sneaked in' }),
        await call('PATCH', `/me/wishlists/${listId}/items/${itemId}`, me.headers, { quantity: 99 }),
        await call('DELETE', `/me/wishlists/${listId}/items/${itemId}`, me.headers),
        await call('DELETE', `/me/wishlists/${listId}`, me.headers),
        // Their item id under my own list is no item of mine either.
        await call('PATCH', `/me/wishlists/${mine.id}/items/${itemId}`, me.headers, { quantity: 99 }),
        await call('DELETE', `/me/wishlists/${mine.id}/items/${itemId}`, me.headers),
      ];
      for (const res of attempts) {
        expect(res.statusCode, res.body).toBe(404);
        expect(res.headers['content-type']).toContain('application/problem+json');
      }
    }
    expect(
      (await call('GET', '/me/wishlists', me.headers)).json().data.map((l: { name: string }) => l.name),
    ).toEqual(['Mine']);
    expect([
      (await call('GET', `/me/wishlists/${theirs.id}`, victim.headers)).json(),
      (await call('GET', `/me/wishlists/${far.id}`, stranger.headers)).json(),
    ]).toEqual(before);
  });

  it('needs a signed-in shopper', async () => {
    const res = await call('GET', '/me/wishlists', { 'x-site-key': t.tenant.siteKey });
    expect(res.statusCode).toBe(401);
  });
});

describe("admins reading a customer's wish lists", () => {
  it('shows every list with its items to a viewer; 404 for an unknown customer or another tenant', async () => {
    const shopper = await make.shopper(t.tenant, { firstName: 'Wish', lastName: 'Er' });
    const first = await make.wishlist(t.tenant, shopper.id, { name: 'First' });
    await make.wishlistItem(t.tenant, shopper.id, first.id, {
      sku: 'A',
      name: 'Apple',
      quantity: 3,
      note: 'red',
    });
    await make.wishlistItem(t.tenant, shopper.id, first.id, { sku: 'B', name: 'Banana' });
    await make.wishlist(t.tenant, shopper.id, { name: 'Empty' });
    const viewer = await t.tenant.as('viewer');
    const res = await t.app.inject({
      method: 'GET',
      url: `/admin/v1/customers/${shopper.id}/wishlists`,
      headers: viewer,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual((await call('GET', '/me/wishlists', shopper.headers)).json());
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
