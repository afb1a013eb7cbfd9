import { describe, expect, it } from 'vitest';
import { idFloor, newId } from './ids.js';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newId', () => {
  it('makes UUIDv7s that sort in the order they were made, across many refills of the random pool', () => {
    const from = idFloor(new Date());
    const ids = Array.from({ length: 20_000 }, newId);
    for (const id of ids) expect(id).toMatch(V7);
    expect(new Set(ids).size).toBe(ids.length);
    // Strictly increasing as text, which is how PostgreSQL orders uuids too.
    expect(ids.every((id, i) => i === 0 || ids[i - 1]! < id)).toBe(true);
    expect(ids[0]! >= from).toBe(true);
    // The random part differs from id to id (the pool is not reused): its last 12 hex digits.
    expect(new Set(ids.map((id) => id.slice(-12))).size).toBe(ids.length);
  });
});
