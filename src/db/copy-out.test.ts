import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/helpers/db.js';
import { canCopyOut, copyBytesOut, inlineParameters, parseBinaryCopy } from './copy-out.js';
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

describe('copyBytesOut (a file part through binary COPY)', () => {
  // Every byte value, and sequences that are not UTF-8 (a lone continuation byte, a cut-off
  // three-byte character): text decoding anywhere on the way would change them.
  const awkward = Buffer.concat([
    Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
    Buffer.from([0x80, 0xe6, 0x97, 0xff, 0x00, 0x0a, 0x0d]),
  ]);
  // Larger than a socket read and a COPY chunk, so the answer arrives in many pieces.
  const large = Buffer.alloc(3 * 1024 * 1024 + 17, awkward);

  it('reads bytes exactly as stored, large and awkward, and NULL as null', async () => {
    if (!canCopyOut(handle.db)) {
      // The embedded engine has no COPY stream: readers there SELECT instead (see canCopyOut).
      await expect(copyBytesOut(handle.db, sql`select 1`.compile(handle.db))).rejects.toThrow(
        /needs a PostgreSQL pool/,
      );
      return;
    }
    await sql`create table copy_bytes (n int primary key, b bytea)`.execute(handle.db);
    await sql`insert into copy_bytes values (1, ${awkward}), (2, ${large}), (3, null), (4, ${Buffer.alloc(0)})`.execute(
      handle.db,
    );
    const rows = await copyBytesOut(
      handle.db,
      sql`select b from copy_bytes where n = any(${[1, 2, 3, 4]}::int[]) order by n`.compile(handle.db),
    );
    expect(rows).toHaveLength(4);
    expect(rows[0]!.equals(awkward)).toBe(true);
    expect(rows[1]!.equals(large)).toBe(true);
    expect(rows[2]).toBeNull();
    expect(rows[3]!.length).toBe(0);
    const none = await copyBytesOut(
      handle.db,
      sql`select b from copy_bytes where n = ${99}`.compile(handle.db),
    );
    expect(none).toEqual([]);
  });

  it('refuses what is not binary COPY with one column rather than misreading it', () => {
    expect(() => parseBinaryCopy(Buffer.from('n,b\n1,2\n'))).toThrow(/signature/);
    const header = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
    const twoFields = Buffer.concat([header, Buffer.from([0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff])]);
    expect(() => parseBinaryCopy(twoFields)).toThrow(/2 fields/);
    const cut = Buffer.concat([header, Buffer.from([0, 1, 0, 0, 0, 9, 1, 2])]);
    expect(() => parseBinaryCopy(cut)).toThrow(/past the end/);
  });
});
