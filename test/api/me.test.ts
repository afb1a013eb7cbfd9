import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { make, read, SHOPPER_PASSWORD, unique, uniqueEmail } from '../factories.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
let siteKey: string;
beforeAll(async () => {
  t = await createTestApp();
  siteKey = t.tenant.siteKey;
});
afterAll(() => t.close());

const PASSWORD = SHOPPER_PASSWORD;

type Headers = Record<string, string>;
const shopper = (token: string, key = siteKey): Headers => ({
  'x-site-key': key,
  authorization: `Bearer ${token}`,
});

const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers: Headers, payload?: object) =>
  t.app.inject({ method, url: `/store/v1${url}`, headers, ...(payload ? { payload } : {}) });

const login = (username: string, password = PASSWORD, key = siteKey) =>
  call('POST', '/auth/login', { 'x-site-key': key }, { username, password });

const address = { line1: '1 Analytical St', city: 'San Francisco', countryCode: 'US', stateCode: 'US-CA' };

describe('my profile', () => {
  it('shows my details and sign-in name, and nothing admins keep about me', async () => {
    const me = await make.shopper(t.tenant, { firstName: 'Ada', lastName: 'Lovelace' });
    const res = await call('GET', '/me', me.headers);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      email: me.email,
      firstName: 'Ada',
      lastName: 'Lovelace',
      phone: null,
      username: me.email,
      emailVerifiedAt: null,
      pendingEmail: null,
      addresses: [],
      groups: [],
      roles: [],
      attributes: {},
    });
    expect(Object.keys(body).sort()).toEqual(
      [
        'id',
        'email',
        'firstName',
        'lastName',
        'phone',
        'companyName',
        'organizationId',
        'taxId',
        'locale',
        'username',
        'emailVerifiedAt',
        'pendingEmail',
        'groups',
        'roles',
        'createdAt',
        'addresses',
        // Only the custom attributes the store marks shopperVisible (attributes.test.ts).
        'attributes',
      ].sort(),
    );
  });

  it('changes my details; a phone without prefix is read in my billing country, else the site country', async () => {
    const me = await make.shopper(t.tenant, { firstName: 'Ada', lastName: 'Lovelace' });
    const res = await call('PATCH', '/me', me.headers, {
      firstName: ' Augusta ',
      phone: '(415) 555-0132',
      companyName: 'Analytical Engines',
      locale: 'en-GB',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      firstName: 'Augusta',
      lastName: 'Lovelace',
      phone: '+14155550132',
      companyName: 'Analytical Engines',
      locale: 'en-GB',
    });

    await call('POST', '/me/addresses', me.headers, {
      line1: '10 Downing St',
      city: 'London',
      countryCode: 'GB',
    });
    const british = await call('PATCH', '/me', me.headers, { phone: '020 7946 0958' });
    expect(british.json().phone).toBe('+442079460958');
    expect((await call('GET', '/me', me.headers)).json().phone).toBe('+442079460958');
  });

  it('refuses bad input, naming the fields, and fields that are not mine to change', async () => {
    const me = await make.shopper(t.tenant, { firstName: 'Ada', lastName: 'Lovelace' });
    const bad = await call('PATCH', '/me', me.headers, { phone: 'not a phone', locale: 'English' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(
      bad
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['/locale']);
    const phone = await call('PATCH', '/me', me.headers, { phone: 'not a phone' });
    expect(phone.statusCode).toBe(400);
    expect(phone.json().errors).toEqual([expect.objectContaining({ path: '/phone' })]);

    expect((await call('PATCH', '/me', me.headers, {})).statusCode).toBe(400);
    for (const field of [{ note: 'vip' }, { tags: ['vip'] }, { enabled: false }, { isRegistered: false }]) {
      const res = await call('PATCH', '/me', me.headers, field);
      expect(res.statusCode, JSON.stringify(field)).toBe(400);
    }
    const admin = await t.app.inject({
      method: 'GET',
      url: `/admin/v1/customers/${(await call('GET', '/me', me.headers)).json().id}`,
      headers: t.tenant.auth,
    });
    expect(admin.json()).toMatchObject({ note: null, tags: [], enabled: true, phone: null });
  });
});

describe('my username', () => {
  it('changes it, signs in with the new one in any case, and refuses one taken in any case', async () => {
    const me = await make.shopper(t.tenant, { firstName: 'Ada', lastName: 'Lovelace' });
    const changed = await call('PATCH', '/me', me.headers, { username: '  Ada_Shopper ' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().username).toBe('Ada_Shopper');

    expect((await login('ada_shopper')).statusCode).toBe(200);
    expect((await login(me.email)).statusCode).toBe(401);

    const other = await make.shopper(t.tenant, { firstName: 'Ada', lastName: 'Lovelace' });
    const taken = await call('PATCH', '/me', other.headers, { username: 'ADA_SHOPPER', firstName: 'Eve' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'account.username_taken', errors: [{ path: '/username' }] });
    // One transaction: the first name sent with the taken username did not stick.
    expect((await call('GET', '/me', other.headers)).json()).toMatchObject({
      username: other.email,
      firstName: 'Ada',
    });

    const blank = await call('PATCH', '/me', me.headers, { username: '   ' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().errors).toEqual([expect.objectContaining({ path: '/username' })]);
    const control = await call('PATCH', '/me', me.headers, { username: 'ada\tshopper' });
    expect(control.statusCode).toBe(400);
    expect(control.json().errors).toEqual([expect.objectContaining({ path: '/username' })]);
  });
});

describe('my email', () => {
  it('needs my password and changes only once the link sent to the new address is opened', async () => {
    const me = await make.shopper(t.tenant, { firstName: 'Ada', lastName: 'Lovelace' });
    const newEmail = uniqueEmail('new');

    const missing = await call('PATCH', '/me', me.headers, { email: newEmail });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors).toEqual([expect.objectContaining({ path: '/currentPassword' })]);

    const wrong = await call('PATCH', '/me', me.headers, {
      email: newEmail,
      currentPassword: 'not-my-password',
      firstName: 'Changed',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({
      code: 'account.wrong_password',
      errors: [{ path: '/currentPassword' }],
    });
    expect((await call('GET', '/me', me.headers)).json()).toMatchObject({
      firstName: 'Ada',
      pendingEmail: null,
    });
    expect((await read.outbox(t.tenant, newEmail)).filter((e) => e.template === 'verifyEmail').length).toBe(
      0,
    );

    // A bad field elsewhere in the same change sends no link either.
    const badPhone = await call('PATCH', '/me', me.headers, {
      email: newEmail,
      currentPassword: PASSWORD,
      phone: 'nope',
    });
    expect(badPhone.statusCode).toBe(400);
    expect((await read.outbox(t.tenant, newEmail)).filter((e) => e.template === 'verifyEmail').length).toBe(
      0,
    );

    const asked = await call('PATCH', '/me', me.headers, { email: newEmail, currentPassword: PASSWORD });
    expect(asked.statusCode, asked.body).toBe(200);
    expect(asked.json()).toMatchObject({ email: me.email, pendingEmail: newEmail, username: me.email });
    expect((await call('GET', '/me', me.headers)).json()).toMatchObject({
      email: me.email,
      pendingEmail: newEmail,
    });
    expect((await login(newEmail)).statusCode).toBe(401);

    const token = await read.lastLinkTo(t.tenant, newEmail, 'verifyEmail');
    const confirmed = await call('POST', '/auth/email/confirm', { 'x-site-key': siteKey }, { token });
    expect(confirmed.statusCode, confirmed.body).toBe(204);

    const after = (await call('GET', '/me', me.headers)).json();
    expect(after).toMatchObject({ email: newEmail, username: newEmail, pendingEmail: null });
    expect(after.emailVerifiedAt).not.toBeNull();
    expect((await login(newEmail)).statusCode).toBe(200);
    expect((await login(me.email)).statusCode).toBe(401);
  });

  it('keeps a chosen username when the email changes, and sending my own email again asks nothing', async () => {
    const me = await make.shopper(t.tenant, { firstName: 'Ada', lastName: 'Lovelace' });
    const nickname = unique('nick');
    await call('PATCH', '/me', me.headers, { username: nickname });
    const same = await call('PATCH', '/me', me.headers, { email: me.email, lastName: 'Byron' });
    expect(same.statusCode, same.body).toBe(200);
    expect(same.json()).toMatchObject({ lastName: 'Byron', pendingEmail: null });

    const newEmail = uniqueEmail('renamed');
    await call('PATCH', '/me', me.headers, { email: newEmail, currentPassword: PASSWORD });
    const token = await read.lastLinkTo(t.tenant, newEmail, 'verifyEmail');
    expect((await call('POST', '/auth/email/confirm', { 'x-site-key': siteKey }, { token })).statusCode).toBe(
      204,
    );
    expect((await call('GET', '/me', me.headers)).json()).toMatchObject({
      email: newEmail,
      username: nickname,
    });
  });
});

describe('my addresses', () => {
  it('adds, lists, changes and removes them, moving the default flags', async () => {
    const me = await make.shopper(t.tenant, { firstName: 'Ada', lastName: 'Lovelace' });
    const first = await call('POST', '/me/addresses', me.headers, address);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      isDefaultBilling: true,
      isDefaultShipping: true,
      stateCode: 'US-CA',
    });

    const second = await call('POST', '/me/addresses', me.headers, {
      line1: '2 Engine Row',
      city: 'Toronto',
      countryCode: 'CA',
      stateCode: 'CA-ON',
      phone: '416 555 0199',
      isDefaultBilling: true,
    });
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json()).toMatchObject({
      isDefaultBilling: true,
      isDefaultShipping: false,
      phone: '+14165550199',
    });

    const list = (await call('GET', '/me/addresses', me.headers)).json().data;
    expect(
      list.map((a: { city: string; isDefaultBilling: boolean }) => [a.city, a.isDefaultBilling]),
    ).toEqual([
      ['San Francisco', false],
      ['Toronto', true],
    ]);

    const shipping = await call('PATCH', `/me/addresses/${second.json().id}`, me.headers, {
      isDefaultShipping: true,
    });
    expect(shipping.statusCode).toBe(200);
    const afterPatch = (await call('GET', '/me', me.headers)).json().addresses;
    expect(afterPatch.find((a: { id: string }) => a.id === first.json().id).isDefaultShipping).toBe(false);

    const badState = await call('PATCH', `/me/addresses/${first.json().id}`, me.headers, {
      stateCode: 'CA-ON',
    });
    expect(badState.statusCode).toBe(400);
    expect(badState.json().errors).toEqual([expect.objectContaining({ path: '/stateCode' })]);
    const badNew = await call('POST', '/me/addresses', me.headers, { ...address, stateCode: 'GB-LND' });
    expect(badNew.statusCode).toBe(400);

    const removed = await call('DELETE', `/me/addresses/${first.json().id}`, me.headers);
    expect(removed.statusCode).toBe(204);
    expect((await call('GET', '/me/addresses', me.headers)).json().data).toHaveLength(1);
    expect((await call('DELETE', `/me/addresses/${first.json().id}`, me.headers)).statusCode).toBe(404);
  });
});

describe('my password', () => {
  it('needs the current one, keeps this session, ends my others and emails a notice', async () => {
    const me = await make.shopper(t.tenant, { firstName: 'Ada', lastName: 'Lovelace' });
    const second = await login(me.email);
    expect(second.statusCode).toBe(200);
    const otherSession = shopper(second.json().token);

    const wrong = await call('POST', '/me/password', me.headers, {
      currentPassword: 'not-my-password',
      newPassword: 'amber-ferry-77-lantern',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().code).toBe('account.wrong_password');
    const weak = await call('POST', '/me/password', me.headers, {
      currentPassword: PASSWORD,
      newPassword: 'short',
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors).toEqual([expect.objectContaining({ path: '/newPassword' })]);
    expect((await call('GET', '/me', otherSession)).statusCode).toBe(200);

    const changed = await call('POST', '/me/password', me.headers, {
      currentPassword: PASSWORD,
      newPassword: 'amber-ferry-77-lantern',
    });
    expect(changed.statusCode).toBe(204);
    expect((await call('GET', '/me', me.headers)).statusCode).toBe(200);
    expect((await call('GET', '/me', otherSession)).statusCode).toBe(401);
    expect((await login(me.email)).statusCode).toBe(401);
    expect((await login(me.email, 'amber-ferry-77-lantern')).statusCode).toBe(200);
    expect(
      (await read.outbox(t.tenant, me.email)).filter((e) => e.template === 'passwordChanged').length,
    ).toBe(1);
  });
});

describe('my data export', () => {
  it('downloads everything kept about me, matching its schema, with no hash of anything', async () => {
    const email = uniqueEmail('exported');
    const guest = await t.app.inject({
      method: 'POST',
      url: '/admin/v1/customers',
      headers: t.tenant.auth,
      payload: { email, lastName: 'Guest', addresses: [address] },
    });
    const me = await make.shopper(t.tenant, { firstName: 'Ada', lastName: 'Lovelace', email });
    const nickname = unique('exported');
    await call('PATCH', '/me', me.headers, { username: nickname });
    await call('POST', '/me/addresses', me.headers, {
      line1: '3 Mill Lane',
      city: 'Leeds',
      countryCode: 'GB',
    });

    const res = await call('GET', '/me/export', me.headers);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="my-account.json"');
    const data = res.json();
    expect(data.profile).toEqual((await call('GET', '/me', me.headers)).json());
    expect(data.profile.addresses.map((a: { city: string }) => a.city)).toEqual(['San Francisco', 'Leeds']);
    expect(data.account).toMatchObject({
      username: nickname,
      passwordChangedAt: expect.any(String),
    });
    expect(data.sessions).toEqual([expect.objectContaining({ siteId: t.tenant.siteId })]);
    expect(data.timeline.map((e: { action: string }) => e.action)).toEqual([
      'address.added',
      'account.username_changed',
      'account.guests_linked',
      'account.registered',
      'customer.created',
    ]);
    expect(data.linkedGuestIds).toEqual([guest.json().id]);
    expect(res.body).not.toMatch(/hash|argon2/i);

    const document = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    formats.default(ajv);
    for (const [name, schema] of Object.entries(document.components.schemas))
      ajv.addSchema(schema as object, `#/components/schemas/${name}`);
    const validate = ajv.compile(
      document.paths['/store/v1/me/export'].get.responses['200'].content['application/json'].schema,
    );
    expect(validate(data), ajv.errorsText(validate.errors)).toBe(true);
  });
});

describe('only my own account', () => {
  it("answers 404 to every address route with another shopper's address ids and leaves theirs alone", async () => {
    const a = await make.shopper(t.tenant, { firstName: 'Ada', lastName: 'Lovelace' });
    const b = await make.shopper(t.tenant, { firstName: 'Ada', lastName: 'Lovelace' });
    const mine = [
      (await call('POST', '/me/addresses', a.headers, address)).json().id,
      (await call('POST', '/me/addresses', a.headers, { ...address, city: 'Oakland' })).json().id,
    ];
    await call('POST', '/me/addresses', b.headers, { ...address, city: 'Berkeley' });
    const before = (await call('GET', '/me', a.headers)).json();

    for (const id of mine) {
      const patch = await call('PATCH', `/me/addresses/${id}`, b.headers, {
        city: 'Stolen',
        isDefaultBilling: true,
      });
      expect(patch.statusCode).toBe(404);
      expect(patch.headers['content-type']).toContain('application/problem+json');
      expect((await call('DELETE', `/me/addresses/${id}`, b.headers)).statusCode).toBe(404);
    }
    const theirs = (await call('GET', '/me/addresses', b.headers)).json().data;
    expect(theirs.map((x: { city: string }) => x.city)).toEqual(['Berkeley']);
    expect((await call('GET', '/me/export', b.headers)).body).not.toContain(mine[0]);
    expect((await call('GET', '/me', a.headers)).json()).toEqual(before);
  });

  it("refuses a session on another customer set's site, on another tenant's site, and no session at all", async () => {
    const a = await make.shopper(t.tenant, { firstName: 'Ada', lastName: 'Lovelace' });

    const admin = (url: string, payload: object) =>
      t.app.inject({ method: 'POST', url: `/admin/v1${url}`, headers: t.tenant.auth, payload });
    const set = await admin('/customer-sets', { code: 'wholesale', name: 'Wholesale' });
    expect(set.statusCode, set.body).toBe(201);
    const site = await admin('/sites', {
      code: 'wholesale',
      name: 'Wholesale',
      customerSetId: set.json().id,
    });
    expect(site.statusCode, site.body).toBe(201);
    const otherSetKey = site.json().publishableKey as string;
    const crossSet = await call('GET', '/me', shopper(a.token, otherSetKey));
    expect(crossSet.statusCode).toBe(401);
    expect(crossSet.json().code).toBe('auth.not_signed_in');
    // The same email is a separate account in the other set, and its token is no good here.
    const twin = await make.shopper(t.tenant, {
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: a.email,
      siteKey: otherSetKey,
    });
    expect((await call('GET', '/me', twin.headers)).json().id).not.toBe(
      (await call('GET', '/me', a.headers)).json().id,
    );
    expect((await call('GET', '/me/addresses', shopper(twin.token))).statusCode).toBe(401);

    const tenant = await t.newTenant('me-other');
    const theirKey = tenant.siteKey;
    expect((await call('GET', '/me', shopper(a.token, theirKey))).statusCode).toBe(401);
    const stranger = await make.shopper(t.tenant, {
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: uniqueEmail('stranger'),
      siteKey: theirKey,
    });
    expect((await call('GET', '/me', stranger.headers)).statusCode).toBe(200);
    expect((await call('GET', '/me/export', shopper(stranger.token))).statusCode).toBe(401);

    for (const [method, url] of [
      ['GET', '/me'],
      ['PATCH', '/me'],
      ['GET', '/me/addresses'],
      ['POST', '/me/addresses'],
      ['POST', '/me/password'],
      ['GET', '/me/export'],
    ] as const) {
      const res = await call(
        method,
        url,
        { 'x-site-key': siteKey },
        method === 'GET' ? undefined : { firstName: 'x' },
      );
      expect(res.statusCode, `${method} ${url}`).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().code).toBe('auth.not_signed_in');
    }
    const noSite = await call('GET', '/me', { authorization: `Bearer ${a.token}` });
    expect(noSite.statusCode).toBe(401);
    expect(noSite.json().code).toBe('site.unknown_key');
    expect((await call('GET', '/me', shopper('made-up-token'))).statusCode).toBe(401);
  });
});

describe('the export of my purchase history', () => {
  it('holds my orders, wish lists and store credit', async () => {
    const me = await make.shopper(t.tenant, { firstName: 'Ada', lastName: 'Lovelace' });
    const customerId = (await call('GET', '/me', me.headers)).json().id as string;
    await make.order(t.tenant, {
      number: `EXP-${customerId.slice(0, 8)}`,
      customerId,
      lines: [{ sku: 'MUG', name: 'Mug', quantity: 2, unitPrice: 1250 }],
      placedAt: '2026-10-01T12:00:00.000Z',
    });
    const list = await call('POST', '/me/wishlists', me.headers, { name: 'Birthday' });
    expect(list.statusCode, list.body).toBe(201);
    await make.credit(t.tenant, customerId, { amount: 500, currency: 'USD', reason: 'Goodwill' });

    const data = (await call('GET', '/me/export', me.headers)).json();
    expect(data.orders).toEqual([
      expect.objectContaining({ number: `EXP-${customerId.slice(0, 8)}`, total: 2500 }),
    ]);
    expect(data.wishlists).toEqual([expect.objectContaining({ name: 'Birthday' })]);
    expect(data.credit.balances).toEqual([{ currency: 'USD', balance: 500 }]);
    expect(data.credit.entries).toHaveLength(1);
    // The admin's reason stays with the admins.
    expect(JSON.stringify(data.credit)).not.toContain('Goodwill');
  });
});
