import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminRole } from '../../src/db/types.js';
import { make, read, uniqueEmail } from '../factories.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

/**
 * Taking over a shopper's account takes two calls when a role below owner can move its email
 * (then ask for a reset) or read reset links in the Mailbox. Neither may work.
 */

let t: TestApp;
/** The same service on a server that sends email (SMTP_URL set); nothing is sent in tests. */
let sending: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  sending = await createTestApp({ config: { smtpUrl: 'smtp://127.0.0.1:9' } });
});
afterAll(async () => {
  await t.close();
  await sending.close();
});

const request = (
  app: TestApp,
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  headers: { authorization: string },
  payload?: object,
) => app.app.inject({ method, url: `/admin/v1${url}`, headers, ...(payload ? { payload } : {}) });

describe("account takeover: moving a registered customer's email", () => {
  it('is refused to support staff, so a reset they ask for still goes to the shopper', async () => {
    const shopper = await make.registeredCustomer(t.tenant, { firstName: 'Ada' });
    const support = await t.tenant.as('support');
    const attacker = uniqueEmail('attacker');

    const moved = await request(t, 'PATCH', `/customers/${shopper.id}`, support, { email: attacker });
    expect(moved.statusCode, moved.body).toBe(403);
    expect(moved.json()).toMatchObject({
      code: 'auth.forbidden',
      errors: [{ path: '/email', message: 'needs the admin role or higher' }],
    });
    expect((await request(t, 'GET', `/customers/${shopper.id}`, support)).json().email).toBe(shopper.email);

    expect((await request(t, 'POST', `/customers/${shopper.id}/password-reset`, support)).statusCode).toBe(
      202,
    );
    expect(await read.outbox(t.tenant, attacker)).toEqual([]);
    expect((await read.outbox(t.tenant, shopper.email)).map((e) => e.template)).toEqual(['passwordReset']);
  });

  it('by an admin: tells the old address, and the timeline says who did it', async () => {
    const shopper = await make.registeredCustomer(t.tenant, { firstName: 'Ada' });
    const admin = await t.tenant.as('admin');
    const me = (await request(t, 'GET', '/auth/me', admin)).json();
    const newEmail = uniqueEmail('moved');

    const moved = await request(t, 'PATCH', `/customers/${shopper.id}`, admin, { email: newEmail });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().email).toBe(newEmail);

    const [notice] = await read.outbox(t.tenant, shopper.email);
    expect(notice).toMatchObject({ template: 'emailChangedByStore', customerId: shopper.id });
    expect(notice!.textBody).toContain(`changed the email address of your account at`);
    expect(notice!.textBody).toContain(newEmail);
    expect(await read.outbox(t.tenant, newEmail)).toEqual([]);

    const timeline = (await request(t, 'GET', `/customers/${shopper.id}/timeline`, admin)).json().data;
    expect(timeline[0]).toMatchObject({
      action: 'account.email_changed',
      actor: { type: 'admin', id: me.id },
      data: { from: shopper.email, to: newEmail, by: 'store' },
    });
  });

  it("leaves a guest's email to support staff (a guest has no sign-in), with no notice", async () => {
    const support = await t.tenant.as('support');
    const email = uniqueEmail('guest');
    const guest = (await request(t, 'POST', '/customers', support, { email })).json();
    const moved = await request(t, 'PATCH', `/customers/${guest.id}`, support, { email: uniqueEmail() });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(await read.outbox(t.tenant, email)).toEqual([]);
  });

  it('is refused to support staff when the same change registers the guest', async () => {
    const support = await t.tenant.as('support');
    const guest = (await request(t, 'POST', '/customers', support, { email: uniqueEmail('guest') })).json();
    const res = await request(t, 'PATCH', `/customers/${guest.id}`, support, {
      isRegistered: true,
      email: uniqueEmail('attacker'),
    });
    expect(res.statusCode, res.body).toBe(403);
    const ok = await request(t, 'PATCH', `/customers/${guest.id}`, support, { isRegistered: true });
    expect(ok.statusCode, ok.body).toBe(200);
  });
});

describe('account takeover: one-time links in the Mailbox', () => {
  async function resetEmailOf(app: TestApp) {
    const shopper = await make.registeredCustomer(app.tenant, { firstName: 'Ada' });
    expect(
      (await request(app, 'POST', `/customers/${shopper.id}/password-reset`, app.tenant.auth)).statusCode,
    ).toBe(202);
    const [stored] = await read.outbox(app.tenant, shopper.email);
    const token = read.linkToken(stored!.textBody);
    expect(token).not.toBeNull();
    return { id: stored!.id, token: token!, to: shopper.email };
  }

  async function readAs(app: TestApp, role: AdminRole, email: { id: string; to: string }) {
    const headers = role === 'owner' ? app.tenant.auth : await app.tenant.as(role);
    const one = await request(app, 'GET', `/mailbox/${email.id}`, headers);
    expect(one.statusCode, one.body).toBe(200);
    const list = await request(app, 'GET', `/mailbox?to=${encodeURIComponent(email.to)}`, headers);
    return { one: one.json(), listed: list.json().data[0], raw: one.body + list.body };
  }

  it('hides the link from admins: the body says HIDDEN where the token was', async () => {
    const email = await resetEmailOf(t);
    const { one, listed, raw } = await readAs(t, 'admin', email);
    expect(raw).not.toContain(email.token);
    for (const shown of [one, listed]) {
      expect(shown.linkHidden).toBe(true);
      expect(shown.text).toContain('?token=HIDDEN');
      expect(shown.html).toContain('?token=HIDDEN');
    }
  });

  it('shows the link to an owner only when the server keeps emails instead of sending them', async () => {
    const kept = await resetEmailOf(t);
    const ownerHere = await readAs(t, 'owner', kept);
    expect(ownerHere.one).toMatchObject({ linkHidden: false });
    expect(ownerHere.one.text).toContain(`?token=${kept.token}`);

    const queued = await resetEmailOf(sending);
    const ownerThere = await readAs(sending, 'owner', queued);
    expect(ownerThere.raw).not.toContain(queued.token);
    expect(ownerThere.one).toMatchObject({ linkHidden: true });
  });

  it('hides nothing in emails without a one-time link', async () => {
    const shopper = await make.registeredCustomer(t.tenant, { firstName: 'Ada' });
    const newEmail = uniqueEmail('moved');
    await request(t, 'PATCH', `/customers/${shopper.id}`, t.tenant.auth, { email: newEmail });
    const [notice] = await read.outbox(t.tenant, shopper.email);
    const shown = (await request(t, 'GET', `/mailbox/${notice!.id}`, await t.tenant.as('admin'))).json();
    expect(shown).toMatchObject({ linkHidden: false, text: notice!.textBody });
  });
});
