import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleDetachedWork } from '../../src/lib/detached.js';
import { make } from '../factories.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

/**
 * Per-address limits on sign-in, registration and reset requests (in-process counters; the
 * shared Redis store is tested in test/redis/). And the timing side of "no user enumeration".
 */
let t: TestApp;
let key: string;
beforeAll(async () => {
  t = await createTestApp({ config: { signInRateLimitPerMinute: 4 } });
  key = t.tenant.siteKey;
});
afterAll(() => t.close());

const PASSWORD = 'violet-tram-42-kettle';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Times `known` and `unknown` in adjacent pairs, alternating which goes first, and answers the
 * median of the per-pair ratios: a shared machine's load drifts over seconds, so each pair sees
 * the same load while a real difference in work shows in every pair.
 */
async function pairedRatio(
  pairs: number,
  known: (i: number) => Promise<number>,
  unknown: (i: number) => Promise<number>,
) {
  const ratios: number[] = [];
  const knownMs: number[] = [];
  const unknownMs: number[] = [];
  for (let i = 0; i < pairs; i++) {
    let k: number;
    let u: number;
    if (i % 2 === 0) {
      k = await known(i);
      u = await unknown(i);
    } else {
      u = await unknown(i);
      k = await known(i);
    }
    knownMs.push(k);
    unknownMs.push(u);
    ratios.push(k / u);
  }
  const figures = `known ${median(knownMs).toFixed(1)} ms, unknown ${median(unknownMs).toFixed(1)} ms, median pair ratio ${median(ratios).toFixed(2)}`;
  return { ratio: median(ratios), figures };
}

const post = (url: string, payload: object, ip = '203.0.113.7') =>
  t.app.inject({ method: 'POST', url, payload, headers: { 'x-site-key': key }, remoteAddress: ip });

describe('sign-in rate limit per client address', () => {
  it('answers 429 problem+json with Retry-After once an address spends its sign-in budget', async () => {
    const ip = '203.0.113.10';
    const answers = [];
    for (const username of ['a@example.com', 'b@example.com', 'c@example.com', 'd@example.com'])
      answers.push(await post('/store/v1/auth/login', { username, password: 'wrong-one' }, ip));
    expect(answers.map((r) => r.statusCode)).toEqual([401, 401, 401, 401]);
    expect(answers[0]!.headers['ratelimit-limit']).toBe('4');
    const limited = await post('/store/v1/auth/login', { username: 'a@example.com', password: PASSWORD }, ip);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json().code).toBe('request.rate_limited');
    // Another address still has its own budget, and other routes are not counted against it.
    expect(
      (await post('/store/v1/auth/login', { username: 'a@example.com', password: 'x' }, '203.0.113.11'))
        .statusCode,
    ).toBe(401);
    expect((await post('/store/v1/auth/password/forgot', { username: 'a@example.com' }, ip)).statusCode).toBe(
      202,
    );
    const list = await t.app.inject({
      method: 'GET',
      url: '/admin/v1/customers',
      headers: t.tenant.auth,
      remoteAddress: ip,
    });
    expect(list.statusCode).toBe(200);
  });

  it('limits admin sign-in per address too', async () => {
    const ip = '203.0.113.20';
    for (let i = 0; i < 4; i++)
      expect(
        (await post('/admin/v1/auth/login', { email: 'x@example.com', password: 'wrong-one' }, ip))
          .statusCode,
      ).toBe(401);
    expect(
      (await post('/admin/v1/auth/login', { email: 'x@example.com', password: 'wrong-one' }, ip)).statusCode,
    ).toBe(429);
  });
});

describe('no user enumeration through timing', () => {
  it('takes the same median time to refuse an unknown username as a known one with a wrong password (within 20%)', async () => {
    const email = 'timing@example.com';
    await make.shopper(t.tenant, { email, password: PASSWORD });
    // No lock may end the known user's attempts early: raise the limit for this site.
    await t.handle.db
      .updateTable('sites')
      .set({ settings: JSON.stringify({ lockout: { maxFailures: 100 } }) })
      .where('id', '=', t.tenant.siteId)
      .execute();
    const time = async (username: string, i: number) => {
      const started = process.hrtime.bigint();
      const res = await post(
        '/store/v1/auth/login',
        { username, password: `wrong-${i}` },
        `198.51.100.${10 + i}`,
      );
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      expect(res.statusCode).toBe(401);
      return ms;
    };
    const { ratio, figures } = await pairedRatio(
      31,
      (i) => time(email, i),
      (i) => time(`nobody-${i}@example.com`, i),
    );
    expect(ratio, figures).toBeGreaterThan(0.8);
    expect(ratio, figures).toBeLessThan(1.2);
  });

  it('takes the same median time to answer forgot-password for an unknown username as for a known one (within 20%)', async () => {
    // One account per known request: each does the whole work (token, email, timeline), never
    // cut short by the per-account limit of reset emails.
    const known: string[] = [];
    for (let i = 0; i < 21; i++) {
      const username = `forgot-timing-${i}@example.com`;
      await make.shopper(t.tenant, { email: username, password: PASSWORD });
      known.push(username);
    }
    const time = async (username: string, ip: string) => {
      const started = process.hrtime.bigint();
      const res = await post('/store/v1/auth/password/forgot', { username }, ip);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      expect(res.statusCode).toBe(202);
      // Work the answer did not wait for must not fall into the next request's measurement.
      await settleDetachedWork();
      return ms;
    };
    const { ratio, figures } = await pairedRatio(
      known.length,
      (i) => time(known[i]!, `192.0.2.${10 + i}`),
      (i) => time(`nobody-forgot-${i}@example.com`, `192.0.2.${100 + i}`),
    );
    console.log(`forgot-password medians: ${figures}`);
    expect(ratio, figures).toBeGreaterThan(0.8);
    expect(ratio, figures).toBeLessThan(1.2);
    // The work did happen, after the answer: every known account got its reset email.
    const emails = await t.handle.db
      .selectFrom('emailOutbox')
      .select('toAddress')
      .where('template', '=', 'passwordReset')
      .execute();
    expect(new Set(emails.map((e) => e.toAddress))).toEqual(new Set(known));
  });
});
