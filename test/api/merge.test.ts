import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { make, unique } from '../factories.js';
import { createTestApp, type TestApp, type TestTenant } from '../helpers/app.js';

let t: TestApp;
let other: TestTenant;
beforeAll(async () => {
  t = await createTestApp();
  other = await t.newTenant('merge-other');
});
afterAll(() => t.close());

type Auth = { authorization: string };
const call = (method: 'GET' | 'POST', url: string, payload?: object, auth: Auth = t.tenant.auth) =>
  t.app.inject({ method, url: `/admin/v1${url}`, headers: auth, ...(payload ? { payload } : {}) });
const get = async (url: string) => {
  const res = await call('GET', url);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

describe('duplicates', () => {
  it('finds the same email, phone, and name at the same postal code, with reasons and a score', async () => {
    const email = `${unique('dup')}@example.com`;
    const me = await make.customer(t.tenant, {
      firstName: 'Ada',
      lastName: 'Lovelace',
      email,
      phone: '+64 21 555 0101',
    });
    await make.address(t.tenant, me.id, {
      postalCode: 'SW1A 1AA',
      countryCode: 'GB',
      stateCode: undefined,
      city: 'London',
    });
    const sameEmail = await make.customer(t.tenant, { email: email.toUpperCase(), lastName: 'Other' });
    const both = await make.customer(t.tenant, { email: email, phone: '+6421 5550101', lastName: 'Both' });
    const byName = await make.customer(t.tenant, { firstName: 'ADA', lastName: 'lovelace', email: null });
    await make.address(t.tenant, byName.id, {
      postalCode: 'sw1a1aa',
      countryCode: 'GB',
      stateCode: undefined,
      city: 'London',
    });
    const sameNameElsewhere = await make.customer(t.tenant, {
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: null,
    });
    await make.address(t.tenant, sameNameElsewhere.id, {
      postalCode: 'EC1A 1BB',
      countryCode: 'GB',
      stateCode: undefined,
      city: 'London',
    });
    // Another tenant's twin is never a candidate.
    await make.customer(other, { email, phone: '+64 21 555 0101' });

    const { data } = await get(`/customers/${me.id}/duplicates`);
    expect(
      data.map((c: { customer: { id: string }; reasons: string[]; score: number }) => [
        c.customer.id,
        c.reasons,
        c.score,
      ]),
    ).toEqual([
      [both.id, ['email', 'phone'], 90],
      [sameEmail.id, ['email'], 60],
      [byName.id, ['nameAndPostalCode'], 30],
    ]);
  });

  it('answers 404 for an unknown or foreign customer', async () => {
    const theirs = await make.customer(other);
    expect((await call('GET', `/customers/${theirs.id}/duplicates`)).statusCode).toBe(404);
  });
});

describe('merging', () => {
  it('moves everything of the source into the survivor and deletes the source', async () => {
    const survivor = await make.registeredCustomer(t.tenant, {
      firstName: 'Grace',
      lastName: null,
      phone: null,
      tags: ['VIP'],
    });
    const source = await make.customer(t.tenant, {
      firstName: 'Gracie',
      lastName: 'Hopper',
      phone: '+1 415 555 0199',
      companyName: 'Navy',
      tags: ['vip', 'wholesale'],
    });
    await make.address(t.tenant, survivor.id, { line1: '1 Main St', postalCode: '78701' });
    await make.address(t.tenant, source.id, { line1: '1 MAIN ST', postalCode: '78 701' });
    await make.address(t.tenant, source.id, { line1: '9 Side St', postalCode: '78702' });
    await make.order(t.tenant, { customerId: source.id, total: 2500 });
    await make.order(t.tenant, { customerId: survivor.id, total: 1000 });
    await make.cart(t.tenant, { customerId: source.id });
    const keep = await make.wishlist(t.tenant, survivor.id, { name: 'Birthday' });
    await make.wishlistItem(t.tenant, survivor.id, keep.id, { sku: 'BOOK' });
    const pour = await make.wishlist(t.tenant, source.id, { name: 'birthday' });
    await make.wishlistItem(t.tenant, source.id, pour.id, { sku: 'BOOK' });
    await make.wishlistItem(t.tenant, source.id, pour.id, { sku: 'PEN' });
    await make.wishlist(t.tenant, source.id, { name: 'Garden' });
    await make.credit(t.tenant, survivor.id, { amount: 500, currency: 'USD' });
    await make.credit(t.tenant, source.id, { amount: 700, currency: 'USD' });
    await make.credit(t.tenant, source.id, { amount: 300, currency: 'EUR' });
    const [gold, silver] = [await make.group(t.tenant), await make.group(t.tenant)];
    await make.membership(t.tenant, survivor.id, gold.id);
    await make.membership(t.tenant, source.id, gold.id);
    await make.membership(t.tenant, source.id, silver.id);
    const role = await make.role(t.tenant);
    await make.customerRole(t.tenant, source.id, role.id);
    await make.note(t.tenant, source.id, { body: 'Prefers email' });

    const dry = await call('POST', `/customers/${survivor.id}/merge`, { sourceId: source.id, dryRun: true });
    expect(dry.statusCode, dry.body).toBe(200);
    const preview = dry.json();
    expect(preview).toMatchObject({
      dryRun: true,
      sourceId: source.id,
      moved: {
        orders: 1,
        carts: 1,
        wishlists: 1,
        wishlistsMerged: 1,
        creditEntries: 2,
        addresses: 1,
        addressesDeduplicated: 1,
        tags: 1,
        groups: 1,
        roles: 1,
        notes: 1,
        fields: expect.arrayContaining(['lastName', 'phone', 'companyName']),
      },
      survivor: {
        id: survivor.id,
        firstName: 'Grace',
        lastName: 'Hopper',
        phone: '+14155550199',
        companyName: 'Navy',
        tags: ['VIP', 'wholesale'],
        ordersCount: 2,
      },
    });
    expect(preview.moved.creditBalances).toEqual(
      expect.arrayContaining([
        { currency: 'USD', amountMinor: 700 },
        { currency: 'EUR', amountMinor: 300 },
      ]),
    );
    // A dry run changes nothing.
    expect((await get(`/customers/${source.id}`)).id).toBe(source.id);
    expect((await get(`/customers/${survivor.id}`)).lastName).toBeNull();

    const merged = await call('POST', `/customers/${survivor.id}/merge`, { sourceId: source.id });
    expect(merged.statusCode, merged.body).toBe(200);
    expect({ ...merged.json(), dryRun: true }).toEqual({ ...preview, survivor: expect.any(Object) });
    expect(merged.json().survivor).toMatchObject({ lastName: 'Hopper', ordersCount: 2, totalSpent: 3500 });

    const gone = await call('GET', `/customers/${source.id}`);
    expect(gone.statusCode).toBe(404);
    expect(gone.json()).toMatchObject({ code: 'customer.merged', errors: [{ path: '/id' }] });
    expect(gone.json().detail).toContain(survivor.id);

    expect((await get(`/customers/${survivor.id}/orders`)).data).toHaveLength(2);
    expect((await get(`/customers/${survivor.id}/carts`)).data).toHaveLength(1);
    const lists = (await get(`/customers/${survivor.id}/wishlists`)).data;
    expect(lists.map((l: { name: string }) => l.name).sort()).toEqual(['Birthday', 'Garden']);
    const birthday = lists.find((l: { name: string }) => l.name === 'Birthday');
    expect(birthday.items.map((i: { sku: string }) => i.sku).sort()).toEqual(['BOOK', 'PEN']);
    const balances = (await get(`/customers/${survivor.id}/credit`)).balances;
    expect(balances.map((b: { currency: string; balance: number }) => [b.currency, b.balance])).toEqual([
      ['EUR', 300],
      ['USD', 1200],
    ]);
    const addresses = (await get(`/customers/${survivor.id}`)).addresses;
    expect(addresses.map((a: { line1: string }) => a.line1).sort()).toEqual(['1 Main St', '9 Side St']);
    const groups = (await get(`/customers/${survivor.id}/groups`)).data;
    expect(groups.map((m: { groupId: string }) => m.groupId).sort()).toEqual([gold.id, silver.id].sort());
    expect((await get(`/customers/${survivor.id}/roles`)).data).toHaveLength(1);
    expect((await get(`/customers/${survivor.id}/notes`)).data[0].body).toBe('Prefers email');
    const timeline = (await get(`/customers/${survivor.id}/timeline?limit=200`)).data;
    expect(timeline[0]).toMatchObject({ action: 'customer.merged', data: { sourceId: source.id } });
    expect(timeline.some((e: { action: string }) => e.action === 'note.added')).toBe(true);
  });

  it('refuses a registered source into a guest, a customer into itself, and another tenant', async () => {
    const guest = await make.customer(t.tenant);
    const registered = await make.registeredCustomer(t.tenant);
    const refused = await call('POST', `/customers/${guest.id}/merge`, { sourceId: registered.id });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('customer.merge_registered_into_guest');

    const self = await call('POST', `/customers/${guest.id}/merge`, { sourceId: guest.id });
    expect(self.statusCode).toBe(400);
    expect(self.json().errors).toEqual([expect.objectContaining({ path: '/sourceId' })]);

    const theirs = await make.customer(other);
    const foreign = await call('POST', `/customers/${guest.id}/merge`, { sourceId: theirs.id });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().code).toBe('customer.merge_source_not_found');
    expect((await call('POST', `/customers/${theirs.id}/merge`, { sourceId: guest.id })).statusCode).toBe(
      404,
    );
    expect((await call('GET', `/customers/${theirs.id}`, undefined, other.auth)).statusCode).toBe(200);

    // The guest goes into the registered customer the other way.
    expect((await call('POST', `/customers/${registered.id}/merge`, { sourceId: guest.id })).statusCode).toBe(
      200,
    );
  });

  it('needs the admin role to merge; viewers may list duplicates', async () => {
    const [support, viewer] = await Promise.all([t.tenant.as('support'), t.tenant.as('viewer')]);
    const a = await make.customer(t.tenant);
    const b = await make.customer(t.tenant);
    expect((await call('POST', `/customers/${a.id}/merge`, { sourceId: b.id }, support)).statusCode).toBe(
      403,
    );
    expect((await call('GET', `/customers/${a.id}/duplicates`, undefined, viewer)).statusCode).toBe(200);
    expect((await call('GET', `/customers/${b.id}`)).statusCode).toBe(200);
  });

  it('lets one of two merges of the same source win, with no half merge', async () => {
    const [first, second, source] = await Promise.all([
      make.customer(t.tenant),
      make.customer(t.tenant),
      make.customer(t.tenant),
    ]);
    await make.order(t.tenant, { customerId: source.id });
    await make.credit(t.tenant, source.id, { amount: 400 });
    const answers = await Promise.all([
      call('POST', `/customers/${first.id}/merge`, { sourceId: source.id }),
      call('POST', `/customers/${second.id}/merge`, { sourceId: source.id }),
    ]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 404]);
    const winner = answers[0]!.statusCode === 200 ? first : second;
    const loser = winner === first ? second : first;
    expect((await get(`/customers/${winner.id}/orders`)).data).toHaveLength(1);
    expect((await get(`/customers/${loser.id}/orders`)).data).toHaveLength(0);
    expect((await get(`/customers/${winner.id}/credit`)).balances).toMatchObject([
      { currency: 'USD', balance: 400 },
    ]);
    expect((await get(`/customers/${loser.id}/credit`)).balances).toEqual([]);
    expect((await call('GET', `/customers/${source.id}`)).json().detail).toContain(winner.id);
  });

  it('leads a chain of merges to the last survivor', async () => {
    const [a, b, c] = await Promise.all([
      make.customer(t.tenant),
      make.customer(t.tenant),
      make.customer(t.tenant),
    ]);
    expect((await call('POST', `/customers/${b.id}/merge`, { sourceId: a.id })).statusCode).toBe(200);
    expect((await call('POST', `/customers/${c.id}/merge`, { sourceId: b.id })).statusCode).toBe(200);
    expect((await call('GET', `/customers/${a.id}`)).json().detail).toContain(c.id);
    const again = await call('POST', `/customers/${c.id}/merge`, { sourceId: a.id });
    expect(again.statusCode).toBe(404);
    expect(again.json().code).toBe('customer.merged');
  });
});
