import { randomInt } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';

/**
 * Two service processes behind one load balancer share their rate-limit counters through Redis
 * (REDIS_URL). Runs when TEST_REDIS_URL is set (CI sets it), like the PostgreSQL project.
 */
const url = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
let redis: Redis;
let first: TestApp;
let second: TestApp;
let key: string;

beforeAll(async () => {
  redis = new Redis(url, { maxRetriesPerRequest: 1 });
  first = await createTestApp({ config: { signInRateLimitPerMinute: 3 }, redis });
  // The second "process" shares the first one's database and Redis, not its memory.
  second = await createTestApp({ config: { signInRateLimitPerMinute: 3 }, redis });
  key = first.tenant.siteKey;
});
afterAll(async () => {
  await first?.close();
  await second?.close();
  redis?.disconnect();
});

describe('rate limits shared through Redis', () => {
  it('counts one address across processes: the budget of 3 is spent whichever process answers', async () => {
    // A fresh address each run: counters live a minute in the shared Redis.
    const ip = `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
    const attempt = (app: TestApp, siteKey: string) =>
      app.app.inject({
        method: 'POST',
        url: '/store/v1/auth/login',
        headers: { 'x-site-key': siteKey },
        payload: { username: 'nobody@example.com', password: 'wrong-password' },
        remoteAddress: ip,
      });
    const secondKey = second.tenant.siteKey;
    const statuses = [
      (await attempt(first, key)).statusCode,
      (await attempt(second, secondKey)).statusCode,
      (await attempt(first, key)).statusCode,
    ];
    expect(statuses).toEqual([401, 401, 401]);
    const limited = await attempt(second, secondKey);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    const keys = await redis.keys('clientele-rate-limit-*');
    expect(keys.some((k) => k.includes(ip))).toBe(true);
  });
});
