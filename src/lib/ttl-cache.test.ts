import { afterEach, describe, expect, it, vi } from 'vitest';
import { TtlCache } from './ttl-cache.js';

describe('TtlCache', () => {
  afterEach(() => vi.useRealTimers());

  it('forgets a value after the ttl, or at its own expiry when that comes first', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const cache = new TtlCache<string, string>({ ttlMs: 2_000, max: 10 });
    cache.set('key', 'site');
    cache.set('session', 'admin', Date.now() + 500);
    vi.advanceTimersByTime(499);
    expect([cache.get('key'), cache.get('session')]).toEqual(['site', 'admin']);
    vi.advanceTimersByTime(1);
    expect(cache.get('session')).toBeUndefined();
    vi.advanceTimersByTime(1_500);
    expect(cache.get('key')).toBeUndefined();
  });

  it('drops everything rather than hold more than max entries', () => {
    const cache = new TtlCache<number, number>({ ttlMs: 2_000, max: 3 });
    for (const n of [1, 2, 3, 4]) cache.set(n, n);
    expect([1, 2, 3, 4].map((n) => cache.get(n))).toEqual([undefined, undefined, undefined, 4]);
  });

  it('tells a lookup that a delete happened while it read, so it does not put an old value back', () => {
    const cache = new TtlCache<string, string>({ ttlMs: 2_000, max: 10 });
    cache.set('key', 'old');
    const before = cache.generation;
    cache.delete('key');
    expect(cache.get('key')).toBeUndefined();
    expect(cache.generation).not.toBe(before);
    cache.clear();
    expect(cache.generation).toBe(before + 2);
  });
});
