import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, make } from '../factories.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

/** Admin users' sign-in lockout, and what an owner can do about it: unlock, new password, disable. */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const call = (method: 'GET' | 'POST', url: string, headers: object, payload?: object) =>
  t.app.inject({ method, url: `/admin/v1${url}`, headers: { ...headers }, payload });

const login = (email: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/admin/v1/auth/login', payload: { email, password } });

const adminUser = async (id: string) =>
  (await call('GET', '/admin-users', t.tenant.auth)).json().data.find((a: { id: string }) => a.id === id);

const minutesAhead = (iso: string) => (new Date(iso).getTime() - Date.now()) / 60_000;

describe('admin sign-in lockout', () => {
  it('locks after 5 wrong passwords: 40 tries, then the right password still fails until the owner unlocks', async () => {
    const staff = await make.admin(t.tenant);
    for (let i = 0; i < 40; i++) {
      const res = await login(staff.email, `wrong-${i}`);
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('auth.invalid_credentials');
    }
    const refused = await login(staff.email, ADMIN_PASSWORD);
    expect(refused.statusCode).toBe(401);
    // The same answer as any other failure: a lock does not tell that the email exists.
    expect(refused.json().code).toBe('auth.invalid_credentials');

    const locked = await adminUser(staff.id);
    expect(locked.locked).toBe(true);
    expect(locked.failedSignIns).toBe(5);
    expect(minutesAhead(locked.lockedUntil)).toBeGreaterThan(14);
    expect(minutesAhead(locked.lockedUntil)).toBeLessThanOrEqual(15);

    const byAdmin = await call('POST', `/admin-users/${staff.id}/unlock`, await t.tenant.as('admin'));
    expect(byAdmin.statusCode).toBe(403);
    const unlocked = await call('POST', `/admin-users/${staff.id}/unlock`, t.tenant.auth);
    expect(unlocked.statusCode).toBe(200);
    expect(unlocked.json()).toMatchObject({ locked: false, lockedUntil: null, failedSignIns: 0 });
    expect((await login(staff.email, ADMIN_PASSWORD)).statusCode).toBe(200);
  });

  it('doubles the lock with each lockout, and a success resets the count', async () => {
    const staff = await make.admin(t.tenant);
    for (let i = 0; i < 4; i++) await login(staff.email, 'wrong');
    expect((await login(staff.email, ADMIN_PASSWORD)).statusCode).toBe(200);
    expect((await adminUser(staff.id)).failedSignIns).toBe(0);

    for (let i = 0; i < 5; i++) await login(staff.email, 'wrong');
    expect(minutesAhead((await adminUser(staff.id)).lockedUntil)).toBeGreaterThan(14);
    // Let the first lock run out, then earn the second.
    await t.handle.db
      .updateTable('adminUsers')
      .set({ lockedUntil: new Date(Date.now() - 1000) })
      .where('id', '=', staff.id)
      .execute();
    for (let i = 0; i < 5; i++) await login(staff.email, 'wrong');
    const second = await adminUser(staff.id);
    expect(second.locked).toBe(true);
    expect(minutesAhead(second.lockedUntil)).toBeGreaterThan(29);
    expect(minutesAhead(second.lockedUntil)).toBeLessThanOrEqual(30);
  });
});

describe('owner actions on admin users', () => {
  it('sets a password for an admin: their sessions end, the old password fails, a weak one is a 400', async () => {
    const staff = await make.admin(t.tenant);
    const session = { authorization: `Bearer ${(await login(staff.email, ADMIN_PASSWORD)).json().token}` };
    expect((await call('GET', '/auth/me', session)).statusCode).toBe(200);

    const weak = await call('POST', `/admin-users/${staff.id}/password`, t.tenant.auth, {
      password: 'password1',
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors[0].path).toBe('/password');
    const byAdmin = await call('POST', `/admin-users/${staff.id}/password`, await t.tenant.as('admin'), {
      password: 'a-new-long-secret',
    });
    expect(byAdmin.statusCode).toBe(403);

    const set = await call('POST', `/admin-users/${staff.id}/password`, t.tenant.auth, {
      password: 'a-new-long-secret',
    });
    expect(set.statusCode).toBe(204);
    expect((await call('GET', '/auth/me', session)).statusCode).toBe(401);
    expect((await login(staff.email, ADMIN_PASSWORD)).statusCode).toBe(401);
    expect((await login(staff.email, 'a-new-long-secret')).statusCode).toBe(200);
  });

  it('disables an admin (sessions end at once, sign-in fails) and enables them again', async () => {
    const staff = await make.admin(t.tenant);
    const session = { authorization: `Bearer ${(await login(staff.email, ADMIN_PASSWORD)).json().token}` };
    const disabled = await call('POST', `/admin-users/${staff.id}/disable`, t.tenant.auth);
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json().disabled).toBe(true);
    expect((await call('GET', '/auth/me', session)).statusCode).toBe(401);
    expect((await login(staff.email, ADMIN_PASSWORD)).statusCode).toBe(401);

    const enabled = await call('POST', `/admin-users/${staff.id}/enable`, t.tenant.auth);
    expect(enabled.statusCode).toBe(200);
    expect(enabled.json().disabled).toBe(false);
    expect((await login(staff.email, ADMIN_PASSWORD)).statusCode).toBe(200);
  });

  it('refuses to disable yourself, below owner, and across tenants', async () => {
    const owner = await make.admin(t.tenant, { role: 'owner' });
    const ownerSession = {
      authorization: `Bearer ${(await login(owner.email, ADMIN_PASSWORD)).json().token}`,
    };
    const self = await call('POST', `/admin-users/${owner.id}/disable`, ownerSession);
    expect(self.statusCode).toBe(422);
    expect(self.json().code).toBe('admin.cannot_disable_self');

    const staff = await make.admin(t.tenant);
    expect(
      (await call('POST', `/admin-users/${staff.id}/disable`, await t.tenant.as('admin'))).statusCode,
    ).toBe(403);
    const other = await t.newTenant(`other-${Date.now()}`);
    for (const action of ['disable', 'enable', 'unlock'])
      expect((await call('POST', `/admin-users/${staff.id}/${action}`, other.auth)).statusCode).toBe(404);
    expect((await adminUser(staff.id)).disabled).toBe(false);
  });
});
