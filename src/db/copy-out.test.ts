import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/helpers/db.js';
import { canCopyOut, inlineParameters } from './copy-out.js';
import type { DatabaseHandle } from './database.js';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

/** The same statement run with parameters and with them written in: the rows must not differ. */
async function both(statement: ReturnType<typeof sql<Record<string, unknown>>>) {
  const compiled = statement.compile(handle.db);
  const bound = await handle.db.executeQuery(compiled);
  const inlined = inlineParameters(compiled);
  // Run with no parameters: a placeholder left behind would be an error here.
  const written = await sql.raw<Record<string, unknown>>(inlined).execute(handle.db);
  expect(written.rows).toEqual(bound.rows);
  return written.rows;
}

describe('inlineParameters (COPY takes no parameters)', () => {
  it('reads back every hostile string exactly, on this engine', async () => {
    const hostile = [
      "O'Brien",
      "'; drop table customers; --",
      'back\\slash\\',
      "\\'",
      "E'\\x27",
      '$1',
      '$$ dollar $$',
      '$p$ tagged $p$',
      '/* not a comment */',
      '-- not a comment',
      'line\nbreak\r\ttab',
      'Zoë ß 日本',
      '',
    ];
    const rows = await both(
      sql`select ${sql.join(hostile.map((h, i) => sql`${h}::text as ${sql.ref(`c${i}`)}`))}`,
    );
    expect(Object.values(rows[0]!)).toEqual(hostile);
  });

  it('types a written-in value from its place, as PostgreSQL types a parameter', async () => {
    const when = new Date('2026-12-05T10:42:00.123Z');
    const [row] = await both(
      sql`select ${42} + 1 as n, ${true} and true as b, ${null}::text as nothing,
        ${when}::timestamptz as at, ${JSON.stringify({ a: "it's" })}::jsonb ->> 'a' as j,
        ${['a"b', 'c\\d', "e'f", null]}::text[] as arr,
        cardinality(${['00000000-0000-4000-8000-000000000001']}::uuid[]) as ids,
        x from generate_series(1, 10) as x where x > ${7} order by x limit ${1}`,
    );
    expect(row).toMatchObject({
      n: 43,
      b: true,
      nothing: null,
      j: "it's",
      arr: ['a"b', 'c\\d', "e'f", null],
      x: 8,
    });
    expect(new Date(row!.at as string).toISOString()).toBe(when.toISOString());
  });

  it('leaves placeholders in quoted strings, quoted names and comments alone', () => {
    const inlined = inlineParameters({
      sql: `select '$1 it''s' as "$2", $1 -- $2\n/* $2 */ , $$ $2 $$, $t$ $2 $t$, $2`,
      parameters: ['one', 'two'],
    });
    expect(inlined).toBe(`select '$1 it''s' as "$2", E'one' -- $2\n/* $2 */ , $$ $2 $$, $t$ $2 $t$, E'two'`);
    expect(() => inlineParameters({ sql: 'select $3', parameters: ['a'] })).toThrow(/\$3 has no parameter/);
  });

  it('streams COPY only from a PostgreSQL pool, never the embedded engine or a transaction', async () => {
    expect(canCopyOut(handle.db)).toBe(handle.kind === 'postgres');
    await handle.db.transaction().execute(async (trx) => {
      expect(canCopyOut(trx)).toBe(false);
    });
  });
});
