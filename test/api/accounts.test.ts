import { hash } from '@node-rs/argon2';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { make, read, SHOPPER_PASSWORD, unique, uniqueEmail } from '../factories.js';
import { createTestApp, type TestApp, withoutRequestId } from '../helpers/app.js';

let t: TestApp;
let key: string;
beforeAll(async () => {
  t = await createTestApp();
  key = t.tenant.siteKey;
});
afterAll(() => t.close());

const PASSWORD = SHOPPER_PASSWORD;

const store = (url: string, payload: unknown, siteKey = key, token?: string) =>
  t.app.inject({
    method: 'POST',
    url: `/store/v1${url}`,
    payload: payload as object,
    headers: { 'x-site-key': siteKey, ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
const admin = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, headers = t.tenant.auth) =>
  t.app.inject({ method, url: `/admin/v1${url}`, payload: payload as object, headers });

const login = (username: string, password = PASSWORD, siteKey = key) =>
  store('/auth/login', { username, password }, siteKey);

const customerOf = async (id: string) => (await admin('GET', `/customers/${id}`)).json();

describe('registration', () => {
  it('registers a shopper who is signed in at once, with username = email and a welcome email', async () => {
    const email = uniqueEmail('Reg');
    const res = await store('/auth/register', {
      email,
      password: PASSWORD,
      firstName: 'Ada',
      lastName: 'Byron',
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Date(body.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const stored = await t.handle.db.selectFrom('shopperSessions').select('tokenHash').execute();
    expect(stored.map((s) => s.tokenHash)).not.toContain(body.token);

    const list = await admin('GET', `/customers?q=${encodeURIComponent(email.toLowerCase())}`);
    const [customer] = list.json().data;
    expect(customer).toMatchObject({ isRegistered: true, firstName: 'Ada', originSiteId: t.tenant.siteId });
    expect(customer.account).toMatchObject({
      username: email,
      hasPassword: true,
      locked: false,
      failedSignIns: 0,
    });
    expect((await read.outbox(t.tenant, email)).map((e) => e.template)).toEqual(['welcome']);
    expect((await login(email.toUpperCase())).statusCode).toBe(200);
  });

  it('refuses short, overlong and common passwords, naming the field, and keeps nothing', async () => {
    for (const password of ['short', 'x'.repeat(129), 'password123', 'Qwertyuiop']) {
      const email = uniqueEmail('shopper');
      const res = await store('/auth/register', { email, password });
      expect(res.statusCode, password).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors).toEqual([expect.objectContaining({ path: '/password' })]);
      expect(await read.outbox(t.tenant, email)).toHaveLength(0);
    }
    const tabbed = await store('/auth/register', {
      email: uniqueEmail('shopper'),
      password: PASSWORD,
      username: 'tab\there',
    });
    expect(tabbed.json().errors).toEqual([expect.objectContaining({ path: '/username' })]);
    const unicode = await store('/auth/register', {
      email: uniqueEmail('shopper'),
      password: 'ключ-от-дома',
    });
    expect(unicode.statusCode).toBe(201);
  });

  it('allows one registered account per email per customer set, case-insensitively, and any number of guests', async () => {
    const email = uniqueEmail('dup');
    await make.shopper(t.tenant, { email: email });
    const again = await store('/auth/register', { email: email.toUpperCase(), password: PASSWORD });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('customer.email_taken');
    for (let i = 0; i < 2; i++)
      expect((await admin('POST', '/customers', { email, lastName: `Guest ${i}` })).statusCode).toBe(201);
    const other = await make.site(t.tenant, { newCustomerSet: true });
    expect(
      (await store('/auth/register', { email, password: PASSWORD }, other.publishableKey)).statusCode,
    ).toBe(201);
  });

  it('takes over the history of guests with the same email: linked, not deleted, addresses moved, profile pre-filled', async () => {
    const email = uniqueEmail('returning');
    const older = await admin('POST', '/customers', {
      email,
      firstName: 'Old',
      lastName: 'Name',
      originSiteId: t.tenant.siteId,
      addresses: [{ line1: '1 Old Rd', city: 'Leeds', countryCode: 'GB' }],
    });
    const newer = await admin('POST', '/customers', {
      email: email.toUpperCase(),
      firstName: 'Grace',
      lastName: 'Hopper',
      phone: '+44 20 7946 0958',
      originSiteId: t.tenant.siteId,
      addresses: [{ line1: '2 New St', city: 'London', countryCode: 'GB' }],
    });
    expect(newer.statusCode).toBe(201);
    const res = await store('/auth/register', { email, password: PASSWORD });
    expect(res.statusCode).toBe(201);
    const list = (
      await admin('GET', `/customers?q=${encodeURIComponent(email.toLowerCase())}&limit=10`)
    ).json().data;
    const registered = list.find((c: { isRegistered: boolean }) => c.isRegistered);
    expect(registered).toMatchObject({
      firstName: 'Grace',
      lastName: 'Hopper',
      phone: '+442079460958',
      countryCode: 'GB',
    });
    const detail = await customerOf(registered.id);
    expect(detail.addresses.map((a: { line1: string }) => a.line1).sort()).toEqual(['1 Old Rd', '2 New St']);
    expect(detail.addresses.find((a: { line1: string }) => a.line1 === '2 New St')).toMatchObject({
      isDefaultBilling: true,
      isDefaultShipping: true,
    });
    for (const guest of [older.json(), newer.json()]) {
      const read = await customerOf(guest.id);
      expect(read).toMatchObject({ isRegistered: false, registeredCustomerId: registered.id, addresses: [] });
    }
    const timeline = (await admin('GET', `/customers/${registered.id}/timeline`)).json().data;
    expect(timeline.map((e: { action: string }) => e.action)).toEqual([
      'account.guests_linked',
      'account.registered',
      'customer.created',
    ]);
  });

  it('requires a company name where the site says company details are required', async () => {
    const other = await make.site(t.tenant, { newCustomerSet: true });
    expect(
      (await admin('PATCH', `/sites/${other.id}`, { settings: { companyDetailsRequired: true } })).statusCode,
    ).toBe(200);
    const res = await store(
      '/auth/register',
      { email: uniqueEmail('shopper'), password: PASSWORD },
      other.publishableKey,
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      expect.objectContaining({ path: '/companyName', message: 'is required on this site' }),
    ]);
    const ok = await store(
      '/auth/register',
      { email: uniqueEmail('shopper'), password: PASSWORD, companyName: 'Acme' },
      other.publishableKey,
    );
    expect(ok.statusCode).toBe(201);
  });

  it('lets exactly one of 50 simultaneous registrations with one email win; the rest get 409', async () => {
    const email = uniqueEmail('race');
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        store('/auth/register', { email, password: PASSWORD, firstName: `R${i}` }),
      ),
    );
    const statuses = results.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    const rows = await t.handle.db
      .selectFrom('customers')
      .select('id')
      .where(sql`lower(email)`, '=', email)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('answers 401 problem+json without a site key or with an unknown one', async () => {
    for (const siteKey of ['', 'pk_unknown']) {
      const res = await store(
        '/auth/register',
        { email: uniqueEmail('shopper'), password: PASSWORD },
        siteKey,
      );
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ code: 'site.unknown_key', status: 401 });
    }
  });
});

describe('sign-in and sessions', () => {
  it('signs in on every site of the customer set and on no other; usernames are case-insensitive', async () => {
    const shopper = await make.shopper(t.tenant);
    const sameSet = await make.site(t.tenant, { name: 'Twin', customerSetId: t.tenant.customerSetId });
    const ok = await login(shopper.email.toUpperCase(), PASSWORD, sameSet.publishableKey);
    expect(ok.statusCode).toBe(200);
    const other = await make.site(t.tenant, { newCustomerSet: true });
    const refused = await login(shopper.email, PASSWORD, other.publishableKey);
    expect(refused.statusCode).toBe(401);
    // A token from one set is no good on a site of another set.
    const logout = await store('/auth/logout', {}, other.publishableKey, ok.json().token);
    expect(logout.statusCode).toBe(401);
  });

  it('answers a failed sign-in identically for unknown user, wrong password, locked and disabled accounts', async () => {
    const wrong = await make.shopper(t.tenant);
    const locked = await make.shopper(t.tenant);
    const disabled = await make.shopper(t.tenant);
    await t.handle.db
      .updateTable('accounts')
      .set({ lockedUntil: new Date(Date.now() + 3600_000) })
      .where('customerId', '=', locked.id)
      .execute();
    expect(
      (await admin('POST', `/customers/${disabled.id}/disable`, { reason: 'chargebacks' })).statusCode,
    ).toBe(200);
    const answers = [
      await login('nobody@example.com'),
      await login(wrong.email, 'not-the-password'),
      await login(locked.email),
      await login(disabled.email),
    ];
    const shapes = answers.map((r) => ({
      status: r.statusCode,
      type: r.headers['content-type'],
      body: withoutRequestId(r.json()),
    }));
    expect(new Set(shapes.map((s) => JSON.stringify(s))).size).toBe(1);
    expect(shapes[0]).toMatchObject({ status: 401, body: { code: 'auth.sign_in_failed' } });
  });

  it('ends a session on logout', async () => {
    const shopper = await make.shopper(t.tenant);
    expect((await store('/auth/logout', {}, key, shopper.token)).statusCode).toBe(204);
    expect((await store('/auth/logout', {}, key, shopper.token)).statusCode).toBe(401);
  });

  it('refuses sessions that ran out, idle or absolute', async () => {
    const shopper = await make.shopper(t.tenant);
    const second = (await login(shopper.email)).json().token;
    await t.handle.db
      .updateTable('shopperSessions')
      .set({ idleExpiresAt: new Date(Date.now() - 1000) })
      .where('customerId', '=', shopper.id)
      .execute();
    expect((await store('/auth/logout', {}, key, shopper.token)).statusCode).toBe(401);
    expect((await store('/auth/logout', {}, key, second)).statusCode).toBe(401);
  });

  it('re-hashes a password made with older argon2 settings at the next sign-in', async () => {
    const shopper = await make.shopper(t.tenant);
    const weak = await hash(PASSWORD, { memoryCost: 4096, timeCost: 1, parallelism: 1 });
    await t.handle.db
      .updateTable('accounts')
      .set({ passwordHash: weak })
      .where('customerId', '=', shopper.id)
      .execute();
    expect((await login(shopper.email)).statusCode).toBe(200);
    const row = await t.handle.db
      .selectFrom('accounts')
      .select('passwordHash')
      .where('customerId', '=', shopper.id)
      .executeTakeFirstOrThrow();
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect((await login(shopper.email)).statusCode).toBe(200);
  });

  it('lets a shopper sign in with a username other than the email once set', async () => {
    const shopper = await make.shopper(t.tenant, { username: 'Captain.Nemo' });
    expect((await login('captain.nemo')).statusCode).toBe(200);
    expect((await login(shopper.email)).statusCode).toBe(401);
    const clash = await store('/auth/register', {
      email: uniqueEmail('shopper'),
      password: PASSWORD,
      username: 'CAPTAIN.NEMO',
    });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().code).toBe('account.username_taken');
  });
});

describe('lockout', () => {
  it('locks after the site limit of consecutive failures, even with the right password, until an admin unlocks', async () => {
    const shopper = await make.shopper(t.tenant);
    for (let i = 0; i < 4; i++) expect((await login(shopper.email, 'wrong-password')).statusCode).toBe(401);
    expect((await login(shopper.email)).statusCode).toBe(200); // a success resets the count
    for (let i = 0; i < 5; i++) expect((await login(shopper.email, 'wrong-password')).statusCode).toBe(401);
    expect((await login(shopper.email)).statusCode).toBe(401);

    const customer = await customerOf(shopper.id);
    expect(customer.account).toMatchObject({ locked: true, failedSignIns: 5, lockouts: 1 });
    const minutes = (new Date(customer.account.lockedUntil).getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(14);
    expect(minutes).toBeLessThanOrEqual(15.1);

    const unlocked = await admin(
      'POST',
      `/customers/${shopper.id}/unlock`,
      undefined,
      await t.tenant.as('support'),
    );
    expect(unlocked.statusCode).toBe(200);
    expect(unlocked.json().account).toMatchObject({ locked: false, failedSignIns: 0 });
    expect((await login(shopper.email)).statusCode).toBe(200);
    const actions = (await admin('GET', `/customers/${shopper.id}/timeline`))
      .json()
      .data.map((e: { action: string }) => e.action);
    expect(actions.filter((a: string) => a.startsWith('account.') && a !== 'account.registered')).toEqual([
      'account.unlocked',
      'account.locked',
    ]);
  });

  it("doubles each further lock from the site's first length up to its cap", async () => {
    const other = await make.site(t.tenant, {
      newCustomerSet: true,
      settings: { lockout: { maxFailures: 2, firstLockMinutes: 10, maxLockMinutes: 30 } },
    });
    const shopper = await make.shopper(t.tenant, { siteKey: other.publishableKey });
    const lockLengths: number[] = [];
    for (let lock = 0; lock < 4; lock++) {
      for (let i = 0; i < 2; i++) await login(shopper.email, 'wrong-password', other.publishableKey);
      const account = (await customerOf(shopper.id)).account;
      expect(account.locked).toBe(true);
      lockLengths.push(Math.round((new Date(account.lockedUntil).getTime() - Date.now()) / 60_000));
      // Let the lock run out, as time would.
      await t.handle.db
        .updateTable('accounts')
        .set({ lockedUntil: new Date(Date.now() - 1000) })
        .where('customerId', '=', shopper.id)
        .execute();
    }
    expect(lockLengths).toEqual([10, 20, 30, 30]);
    const events = (await admin('GET', `/customers/${shopper.id}/timeline`)).json().data;
    expect(events.filter((e: { action: string }) => e.action === 'account.locked')).toHaveLength(4);
  });

  it('counts simultaneous failures without losing any', async () => {
    const other = await make.site(t.tenant, {
      newCustomerSet: true,
      settings: { lockout: { maxFailures: 8 } },
    });
    const shopper = await make.shopper(t.tenant, { siteKey: other.publishableKey });
    await Promise.all(
      Array.from({ length: 6 }, () => login(shopper.email, 'wrong-password', other.publishableKey)),
    );
    expect((await customerOf(shopper.id)).account).toMatchObject({ failedSignIns: 6, locked: false });
  });

  it('unlock answers 404 for another tenant and 422 for a guest; viewers may not unlock', async () => {
    const shopper = await make.shopper(t.tenant);
    const other = await t.newTenant(unique('lock'));
    expect((await admin('POST', `/customers/${shopper.id}/unlock`, undefined, other.auth)).statusCode).toBe(
      404,
    );
    const guest = (
      await admin('POST', '/customers', { email: uniqueEmail('shopper'), lastName: 'Guest' })
    ).json();
    const res = await admin('POST', `/customers/${guest.id}/unlock`);
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('account.not_registered');
    expect(
      (await admin('POST', `/customers/${shopper.id}/unlock`, undefined, await t.tenant.as('viewer')))
        .statusCode,
    ).toBe(403);
  });
});

describe('disable and enable', () => {
  it('ends every session and refuses sign-in until enabled, keeping the reason for admins', async () => {
    const shopper = await make.shopper(t.tenant);
    const second = (await login(shopper.email)).json().token;
    const res = await admin('POST', `/customers/${shopper.id}/disable`, { reason: 'Fraud review' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ enabled: false, account: { disabledReason: 'Fraud review' } });
    for (const token of [shopper.token, second])
      expect((await store('/auth/logout', {}, key, token)).statusCode).toBe(401);
    expect((await login(shopper.email)).statusCode).toBe(401);

    const enabled = await admin('POST', `/customers/${shopper.id}/enable`);
    expect(enabled.json()).toMatchObject({ enabled: true, account: { disabledReason: null } });
    expect((await login(shopper.email)).statusCode).toBe(200);
  });

  it('needs the admin role and a reason', async () => {
    const shopper = await make.shopper(t.tenant);
    expect(
      (await admin('POST', `/customers/${shopper.id}/disable`, { reason: 'x' }, await t.tenant.as('support')))
        .statusCode,
    ).toBe(403);
    const missing = await admin('POST', `/customers/${shopper.id}/disable`, {});
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0].path).toBe('/reason');
  });
});

describe('password reset', () => {
  it('answers forgot-password the same for known and unknown usernames, and emails only the known', async () => {
    const shopper = await make.shopper(t.tenant);
    const known = await store('/auth/password/forgot', { username: shopper.email });
    const unknown = await store('/auth/password/forgot', { username: 'ghost@example.com' });
    expect(known.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(202);
    expect(known.body).toBe(unknown.body);
    expect((await read.outbox(t.tenant, shopper.email)).map((e) => e.template)).toEqual([
      'passwordReset',
      'welcome',
    ]);
    expect(await read.outbox(t.tenant, 'ghost@example.com')).toHaveLength(0);
  });

  it('resets with a single-use link even while locked, ends sessions, clears the lock and emails a notice', async () => {
    const shopper = await make.shopper(t.tenant);
    for (let i = 0; i < 5; i++) await login(shopper.email, 'wrong-password');
    expect((await customerOf(shopper.id)).account.locked).toBe(true);
    await store('/auth/password/forgot', { username: shopper.email });
    const token = await read.lastLinkTo(t.tenant, shopper.email, 'passwordReset');
    const stored = await t.handle.db.selectFrom('accountTokens').select('tokenHash').execute();
    expect(stored.map((s) => s.tokenHash)).not.toContain(token);

    const weak = await store('/auth/password/reset', { token, newPassword: 'password1' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors[0].path).toBe('/newPassword');
    const res = await store('/auth/password/reset', { token, newPassword: 'a-brand-new-secret' });
    expect(res.statusCode).toBe(204);
    expect((await store('/auth/logout', {}, key, shopper.token)).statusCode).toBe(401);
    expect((await login(shopper.email)).statusCode).toBe(401);
    expect((await login(shopper.email, 'a-brand-new-secret')).statusCode).toBe(200);
    const again = await store('/auth/password/reset', { token, newPassword: 'yet-another-secret' });
    expect(again.statusCode).toBe(400);
    expect(again.json().code).toBe('account.invalid_token');
    expect((await read.outbox(t.tenant, shopper.email))[0]!.template).toBe('passwordChanged');
  });

  it('refuses an expired link and a link used on another customer set', async () => {
    const shopper = await make.shopper(t.tenant);
    await store('/auth/password/forgot', { username: shopper.email });
    const token = await read.lastLinkTo(t.tenant, shopper.email, 'passwordReset');
    const other = await make.site(t.tenant, { newCustomerSet: true });
    expect(
      (
        await store(
          '/auth/password/reset',
          { token, newPassword: 'a-brand-new-secret' },
          other.publishableKey,
        )
      ).statusCode,
    ).toBe(400);
    await t.handle.db
      .updateTable('accountTokens')
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where('customerId', '=', shopper.id)
      .execute();
    expect(
      (await store('/auth/password/reset', { token, newPassword: 'a-brand-new-secret' })).statusCode,
    ).toBe(400);
  });

  it('limits reset emails per account: five an hour, after which forgot still answers 202 and admins get 429', async () => {
    const shopper = await make.shopper(t.tenant);
    for (let i = 0; i < 7; i++)
      expect((await store('/auth/password/forgot', { username: shopper.email })).statusCode).toBe(202);
    expect(
      (await read.outbox(t.tenant, shopper.email)).filter((e) => e.template === 'passwordReset'),
    ).toHaveLength(5);
    const res = await admin('POST', `/customers/${shopper.id}/password-reset`);
    expect(res.statusCode).toBe(429);
    expect(res.json().code).toBe('account.too_many_resets');
  });

  it('lets an admin send the reset email (never choosing the password); guests get 422', async () => {
    const shopper = await make.shopper(t.tenant);
    const res = await admin(
      'POST',
      `/customers/${shopper.id}/password-reset`,
      undefined,
      await t.tenant.as('support'),
    );
    expect(res.statusCode).toBe(202);
    const token = await read.lastLinkTo(t.tenant, shopper.email, 'passwordReset');
    expect(
      (await store('/auth/password/reset', { token, newPassword: 'chosen-by-shopper' })).statusCode,
    ).toBe(204);
    const guest = (
      await admin('POST', '/customers', { email: uniqueEmail('shopper'), lastName: 'Guest' })
    ).json();
    expect((await admin('POST', `/customers/${guest.id}/password-reset`)).statusCode).toBe(422);
  });
});

describe('invites', () => {
  it('turns a guest into a registered customer who sets a password from the emailed link', async () => {
    const email = uniqueEmail('invitee');
    const guest = (
      await admin('POST', '/customers', {
        email,
        firstName: 'Ivy',
        lastName: 'Invitee',
        originSiteId: t.tenant.siteId,
      })
    ).json();
    const twin = (await admin('POST', '/customers', { email, lastName: 'Twin guest' })).json();
    const res = await admin('POST', `/customers/${guest.id}/invite`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      isRegistered: true,
      account: { username: email, hasPassword: false },
    });
    expect((await customerOf(twin.id)).registeredCustomerId).toBe(guest.id);
    expect((await login(email)).statusCode).toBe(401);

    const token = await read.lastLinkTo(t.tenant, email, 'invite');
    expect((await store('/auth/password/reset', { token, newPassword: 'my-own-password' })).statusCode).toBe(
      204,
    );
    expect((await login(email, 'my-own-password')).statusCode).toBe(200);
    expect((await customerOf(guest.id)).account).toMatchObject({
      hasPassword: true,
      emailVerifiedAt: expect.any(String),
    });
    const again = await admin('POST', `/customers/${guest.id}/invite`);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('account.already_active');
  });

  it('invites a registered customer an admin created without a password', async () => {
    const email = uniqueEmail('created');
    const created = await admin('POST', '/customers', { email, lastName: 'Made', isRegistered: true });
    expect(created.json().account).toMatchObject({ username: email, hasPassword: false });
    expect((await admin('POST', `/customers/${created.json().id}/invite`)).statusCode).toBe(200);
    expect((await read.outbox(t.tenant, email)).map((e) => e.template)).toEqual(['invite']);
  });

  it('refuses to invite a guest whose email a registered customer already has', async () => {
    const shopper = await make.shopper(t.tenant);
    const guest = (
      await admin('POST', '/customers', { email: shopper.email, lastName: 'Late guest' })
    ).json();
    const res = await admin('POST', `/customers/${guest.id}/invite`);
    expect(res.statusCode).toBe(409);
    expect((await customerOf(guest.id)).isRegistered).toBe(false);
  });
});
