import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';

/**
 * What protects the admin app in a browser: writes authenticated by the session cookie come only
 * from the app's own origin, every answer carries the security headers, and the app can ask
 * whether it is signed in without a failing request.
 */
let t: TestApp;
let cookie: string;
const HOST = 'clientele.example';
beforeAll(async () => {
  t = await createTestApp();
  const email = 'browser-owner@example.com';
  await t.app.inject({
    method: 'POST',
    url: '/admin/v1/admin-users',
    headers: t.tenant.auth,
    payload: { email, role: 'owner', password: 'correct horse battery' },
  });
  const login = await t.app.inject({
    method: 'POST',
    url: '/admin/v1/auth/login',
    payload: { email, password: 'correct horse battery' },
  });
  expect(login.statusCode).toBe(200);
  const sessionCookie = login.cookies.find((c) => c.name === 'clientele_admin');
  cookie = `clientele_admin=${sessionCookie!.value}`;
});
afterAll(() => t.close());

/** A write as a browser would send it with the session cookie, from `from` (headers it adds). */
const rotateKey = (from: Record<string, string>, credential: Record<string, string> = { cookie }) =>
  t.app.inject({
    method: 'POST',
    url: `/admin/v1/sites/${t.tenant.siteId}/rotate-key`,
    headers: { host: HOST, 'content-type': 'text/plain', ...credential, ...from },
    payload: 'x',
  });

const currentKey = async () =>
  (
    await t.handle.db
      .selectFrom('sites')
      .select('publishableKey')
      .where('id', '=', t.tenant.siteId)
      .executeTakeFirstOrThrow()
  ).publishableKey;

describe('cookie-authenticated writes from another site', () => {
  it('refuses them with 403 problem+json when Origin is foreign or Sec-Fetch-Site says cross-site', async () => {
    const before = await currentKey();
    for (const from of <Record<string, string>[]>[
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site', origin: `https://shop.${HOST}` },
    ]) {
      const res = await rotateKey(from);
      expect(res.statusCode, JSON.stringify(from)).toBe(403);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().code).toBe('auth.cross_origin');
    }
    const invite = await t.app.inject({
      method: 'POST',
      url: '/admin/v1/customers/00000000-0000-7000-8000-000000000000/invite',
      headers: { host: HOST, cookie, 'content-type': 'text/plain', origin: 'https://evil.example' },
      payload: '{}',
    });
    expect(invite.statusCode).toBe(403);
    expect(await currentKey()).toBe(before);
  });

  it('accepts them from the app itself, and never gets in the way of Bearer calls or reads', async () => {
    let key = await currentKey();
    for (const from of <Record<string, string>[]>[
      { origin: `https://${HOST}`, 'sec-fetch-site': 'same-origin' },
      { origin: `http://${HOST}` },
      {},
    ]) {
      const res = await rotateKey(from);
      expect(res.statusCode, JSON.stringify(from)).toBe(200);
      expect(await currentKey()).not.toBe(key);
      key = await currentKey();
    }
    const bearer = await rotateKey({ origin: 'https://evil.example' }, t.tenant.auth);
    expect(bearer.statusCode).toBe(200);
    const read = await t.app.inject({
      method: 'GET',
      url: '/admin/v1/customers',
      headers: { host: HOST, cookie, 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
    });
    expect(read.statusCode).toBe(200);
  });
});

describe('security headers', () => {
  it('sends a strict CSP, nosniff, no referrer and no framing on the admin app, the API and the docs', async () => {
    for (const url of ['/admin/', '/admin/customers', '/admin/v1/customers', '/store/v1/me', '/docs/']) {
      const res = await t.app.inject({ method: 'GET', url, headers: t.tenant.auth });
      const csp = String(res.headers['content-security-policy']);
      expect(csp, url).toContain("default-src 'self'");
      expect(csp, url).toContain("script-src 'self';");
      expect(csp, url).toContain("script-src-attr 'none'");
      expect(csp, url).toContain("object-src 'none'");
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp, url).not.toContain('unsafe-eval');
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['referrer-policy'], url).toBe('no-referrer');
      expect(res.headers['x-frame-options'], url).toBe('DENY');
    }
  });
});

describe('asking for the session', () => {
  it('answers 200 with session null when signed out, and the admin when signed in', async () => {
    const out = await t.app.inject({ method: 'GET', url: '/admin/v1/auth/session' });
    expect(out.statusCode).toBe(200);
    expect(out.json()).toEqual({ session: null });
    const stale = await t.app.inject({
      method: 'GET',
      url: '/admin/v1/auth/session',
      headers: { cookie: 'clientele_admin=not-a-session' },
    });
    expect(stale.json()).toEqual({ session: null });
    const signedIn = await t.app.inject({
      method: 'GET',
      url: '/admin/v1/auth/session',
      headers: { cookie },
    });
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json().session).toMatchObject({ email: 'browser-owner@example.com', role: 'owner' });
  });
});
