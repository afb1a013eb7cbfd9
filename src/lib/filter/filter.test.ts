import { PGlite } from '@electric-sql/pglite';
import fc from 'fast-check';
import { Kysely, type Selectable, type SqlBool, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGliteDialect } from '../../db/pglite-dialect.js';
import { DomainError } from '../errors.js';
import { unstorableText } from '../text.js';
import { FilterError } from './filter-error.js';
import {
  type CompareOp,
  type FilterNode,
  type FilterValue,
  formatFilter,
  MAX_FILTER_DEPTH,
  MAX_FILTER_LENGTH,
  parseFilter,
} from './filter-parser.js';
import { compileFilter, type FilterAttributes } from './filter-sql.js';
import { DATE_ANCHORS, DATE_UNITS, type RelativeDate, resolveRelativeDate } from './relative-date.js';

function withoutPositions(node: FilterNode): unknown {
  switch (node.kind) {
    case 'and':
    case 'or':
      return { kind: node.kind, left: withoutPositions(node.left), right: withoutPositions(node.right) };
    case 'not':
      return { kind: 'not', expr: withoutPositions(node.expr) };
    case 'present':
      return { kind: 'present', attr: node.attr };
    case 'compare':
      return { kind: 'compare', attr: node.attr, op: node.op, value: node.value };
  }
}

const parsed = (input: string) => withoutPositions(parseFilter(input));
const cmp = (attr: string, op: CompareOp, value: FilterValue) => ({ kind: 'compare', attr, op, value });
const pr = (attr: string) => ({ kind: 'present', attr });

function errorOf(run: () => unknown): FilterError {
  try {
    run();
  } catch (error) {
    if (error instanceof FilterError) return error;
    throw error;
  }
  throw new Error('expected a FilterError');
}

/** Trees of and/or/not over the given leaves, shallow enough to stay within the nesting limit. */
function treeOf(leaf: fc.Arbitrary<FilterNode>, maxDepth: number): fc.Arbitrary<FilterNode> {
  return fc.letrec<{ tree: FilterNode }>((tie) => ({
    tree: fc.oneof(
      { maxDepth, depthSize: 'small' },
      leaf,
      fc.record({
        kind: fc.constantFrom('and' as const, 'or' as const),
        left: tie('tree'),
        right: tie('tree'),
      }),
      fc.record({ kind: fc.constant('not' as const), expr: tie('tree') }),
    ),
  })).tree;
}

describe('parseFilter', () => {
  it('parses a comparison and records where the attribute starts', () => {
    expect(parseFilter('  lastName eq "Smith"')).toEqual({
      kind: 'compare',
      attr: 'lastName',
      op: 'eq',
      value: 'Smith',
      position: 2,
    });
    expect(parseFilter('email pr')).toEqual({ kind: 'present', attr: 'email', position: 0 });
  });

  it('binds not tighter than and, and tighter than or', () => {
    expect(parsed('a pr or b pr and c pr')).toEqual({
      kind: 'or',
      left: pr('a'),
      right: { kind: 'and', left: pr('b'), right: pr('c') },
    });
    expect(parsed('a pr and b pr or c pr')).toEqual({
      kind: 'or',
      left: { kind: 'and', left: pr('a'), right: pr('b') },
      right: pr('c'),
    });
    expect(parsed('not (a pr) and b pr')).toEqual({
      kind: 'and',
      left: { kind: 'not', expr: pr('a') },
      right: pr('b'),
    });
  });

  it('folds chains to the left and lets parentheses regroup', () => {
    expect(parsed('a pr and b pr and c pr')).toEqual({
      kind: 'and',
      left: { kind: 'and', left: pr('a'), right: pr('b') },
      right: pr('c'),
    });
    expect(parsed('(a pr or b pr) and ((c pr))')).toEqual({
      kind: 'and',
      left: { kind: 'or', left: pr('a'), right: pr('b') },
      right: pr('c'),
    });
  });

  it('reads keywords in any case and keeps the spelling of attribute names', () => {
    expect(parsed('LastName EQ "x" AND NOT (Age Gt 3) Or name.givenName PR')).toEqual({
      kind: 'or',
      left: {
        kind: 'and',
        left: cmp('LastName', 'eq', 'x'),
        right: { kind: 'not', expr: cmp('Age', 'gt', 3) },
      },
      right: pr('name.givenName'),
    });
  });

  it('reads JSON strings, numbers and literals', () => {
    expect(parsed(String.raw`a eq "q\"b\\s\n\t\u00e9\/\u0041"`)).toEqual(cmp('a', 'eq', 'q"b\\s\n\té/A'));
    expect(parsed('a ge -1.5')).toEqual(cmp('a', 'ge', -1.5));
    expect(parsed('a lt 1e3')).toEqual(cmp('a', 'lt', 1000));
    expect(parsed('a eq TRUE or b ne false or c eq Null')).toEqual({
      kind: 'or',
      left: { kind: 'or', left: cmp('a', 'eq', true), right: cmp('b', 'ne', false) },
      right: cmp('c', 'eq', null),
    });
  });

  it('needs no whitespace around parentheses and strings', () => {
    expect(parsed('(a eq"x")and(b pr)')).toEqual({ kind: 'and', left: cmp('a', 'eq', 'x'), right: pr('b') });
    expect(parsed('not(a pr)')).toEqual({ kind: 'not', expr: pr('a') });
  });

  it.each([
    ['', 0, 'the filter is empty'],
    ['   ', 0, 'the filter is empty'],
    ['lastName eq', 11, 'expected a value after "eq"'],
    ['lastName eq )', 12, 'expected a value after "eq", found ")"'],
    ['age eq foo', 7, 'expected a value after "eq", found "foo"'],
    ['lastName foo "x"', 9, 'unknown operator "foo"; expected one of eq, ne, co, sw, ew, gt, ge, lt, le, pr'],
    ['lastName', 8, 'expected an operator after "lastName"'],
    ['lastName and age pr', 9, 'expected an operator after "lastName", found "and"'],
    ['lastName eq "x', 12, 'this string is never closed'],
    ['lastName eq "x\\', 12, 'this string is never closed'],
    ['lastName eq "a\\qb"', 14, 'invalid escape "\\q" in a string'],
    ['lastName eq "\\u12"', 13, '"\\u" must be followed by four hexadecimal digits'],
    ['(lastName eq "x"', 0, 'this "(" is never closed'],
    ['(a pr and (b pr)', 0, 'this "(" is never closed'],
    ['lastName eq "x")', 15, '")" has no matching "("'],
    ['lastName eq "x" email pr', 16, 'expected "and", "or" or the end of the filter, found "email"'],
    ['(a pr b pr)', 6, 'expected "and", "or" or ")", found "b"'],
    ['age pr and', 10, 'expected an attribute name after "and"'],
    ['age pr or "x"', 10, 'expected an attribute name after "or", found the string "x"'],
    ['()', 1, 'expected an attribute name after "(", found ")"'],
    ['and pr', 0, 'expected an attribute name, found "and"'],
    ['not age pr', 4, 'expected "(" after "not", found "age"'],
    ['age eq 1.', 7, 'invalid number "1."'],
    ['age eq 12abc', 7, 'invalid number "12a"'],
    ['age eq 1e999', 7, 'the number 1e999 is out of range'],
    ['age $ 1', 4, 'unexpected character "$"'],
    ['_age pr', 0, 'unexpected character "_"'],
    ['age eq -x', 7, 'unexpected character "-"'],
  ])('rejects %j at position %i', (input, position, detail) => {
    const error = errorOf(() => parseFilter(input));
    expect(error.position).toBe(position);
    expect(error.message).toBe(`Invalid filter at position ${position}: ${detail}`);
  });

  it('reports errors as invalid-input domain errors on /filter', () => {
    const error = errorOf(() => parseFilter('lastName eq'));
    expect(error).toBeInstanceOf(DomainError);
    expect(error.kind).toBe('invalid');
    expect(error.code).toBe('filter.invalid');
    expect(error.errors).toEqual([
      { path: '/filter', message: 'Invalid filter at position 11: expected a value after "eq"', in: 'query' },
    ]);
  });

  it('limits the length of the text', () => {
    const fits = `a eq "${'x'.repeat(MAX_FILTER_LENGTH - 7)}"`;
    expect(fits).toHaveLength(MAX_FILTER_LENGTH);
    expect(parsed(fits)).toEqual(cmp('a', 'eq', 'x'.repeat(MAX_FILTER_LENGTH - 7)));
    expect(errorOf(() => parseFilter(`${fits} `)).position).toBe(MAX_FILTER_LENGTH);
  });

  it('limits the nesting of parentheses, counting those after not', () => {
    const nested = (depth: number) => `${'('.repeat(depth)}a pr${')'.repeat(depth)}`;
    expect(parsed(nested(MAX_FILTER_DEPTH))).toEqual(pr('a'));
    expect(errorOf(() => parseFilter(nested(MAX_FILTER_DEPTH + 1))).position).toBe(MAX_FILTER_DEPTH);
    const negated = `${'not ('.repeat(MAX_FILTER_DEPTH + 1)}a pr${')'.repeat(MAX_FILTER_DEPTH + 1)}`;
    expect(errorOf(() => parseFilter(negated)).position).toBe(MAX_FILTER_DEPTH * 5 + 4);
  });

  it('handles the longest chains that fit in the length limit', () => {
    const chain = `${'a pr and '.repeat(Math.floor((MAX_FILTER_LENGTH - 4) / 9))}a pr`;
    expect(formatFilter(parseFilter(chain))).toBe(chain);
  });
});

describe('formatFilter', () => {
  it('writes lower-case keywords and only the parentheses the tree needs', () => {
    expect(formatFilter(parseFilter('A pr AND ((b pr) OR c EQ "x\\ty") and NOT (d lt -0)'))).toBe(
      'A pr and (b pr or c eq "x\\ty") and not (d lt -0)',
    );
    expect(formatFilter(parseFilter('a pr and (b pr and c pr)'))).toBe('a pr and (b pr and c pr)');
    expect(formatFilter(parseFilter('(a pr or b pr) or c pr'))).toBe('a pr or b pr or c pr');
  });

  const attrName = fc
    .stringMatching(/^[A-Za-z][A-Za-z0-9_.]{0,8}$/)
    .filter((name) => !['and', 'or', 'not'].includes(name.toLowerCase()));
  // Any UTF-16 code unit, to exercise the \u escapes; strings PostgreSQL cannot store (NUL, a
  // lone surrogate) are refused by the parser, which the test below checks.
  const anyText = fc
    .string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) })
    .filter((text) => unstorableText(text) === null);
  const relativeDate: fc.Arbitrary<RelativeDate> = fc.record({
    kind: fc.constant('relativeDate' as const),
    anchor: fc.constantFrom(...DATE_ANCHORS),
    shift: fc.option(
      fc.record({
        sign: fc.constantFrom('+' as const, '-' as const),
        amount: fc.nat({ max: 999_999_999 }),
        unit: fc.constantFrom(...DATE_UNITS),
      }),
    ),
  });
  const value: fc.Arbitrary<FilterValue> = fc.oneof(
    anyText,
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    relativeDate,
  );
  const tree = treeOf(
    fc.oneof(
      fc.record({
        kind: fc.constant('compare' as const),
        attr: attrName,
        op: fc.constantFrom<CompareOp>('eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'),
        value,
        position: fc.nat(),
      }),
      fc.record({ kind: fc.constant('present' as const), attr: attrName, position: fc.nat() }),
    ),
    5,
  );

  it('writes text that parses back to the same tree', () => {
    fc.assert(
      fc.property(tree, (ast) => {
        const text = formatFilter(ast);
        fc.pre(text.length <= MAX_FILTER_LENGTH);
        expect(withoutPositions(parseFilter(text))).toEqual(withoutPositions(ast));
      }),
      { numRuns: 500 },
    );
  });

  it('refuses strings PostgreSQL cannot compare: NUL and lone surrogates, however escaped', () => {
    for (const literal of ['"a\\u0000"', '"\\ud800"', '"x\\udfffy"', `"a${'\u0000'}b"`, `"${'\ud800'}"`]) {
      expect(() => parseFilter(`lastName eq ${literal}`), literal).toThrow(FilterError);
    }
    // A pair is one real character (😀) and stays fine.
    expect(parseFilter('lastName eq "\\ud83d\\ude00"')).toMatchObject({ value: '😀' });
  });
});

describe('relative dates', () => {
  const rel = (anchor: RelativeDate['anchor'], shift: RelativeDate['shift'] = null): RelativeDate => ({
    kind: 'relativeDate',
    anchor,
    shift,
  });

  it('parses an anchor with an optional shift, in any case, and writes it back canonically', () => {
    expect(parsed('lastOrderAt lt now-90d')).toEqual(
      cmp('lastOrderAt', 'lt', rel('now', { sign: '-', amount: 90, unit: 'd' })),
    );
    expect(parsed('createdAt ge STARTOFMONTH')).toEqual(cmp('createdAt', 'ge', rel('startOfMonth')));
    expect(parsed('(a gt startOfWeek+2h)')).toEqual(
      cmp('a', 'gt', rel('startOfWeek', { sign: '+', amount: 2, unit: 'h' })),
    );
    expect(formatFilter(parseFilter('x le NOW+0y and y ge startofday-1w'))).toBe(
      'x le now+0y and y ge startOfDay-1w',
    );
  });

  it.each([
    [
      'lastOrderAt lt now-90x',
      21,
      'expected a unit (h, d, w, m, y: hours, days, weeks, months, years) after "now-90", found "x"',
    ],
    ['lastOrderAt lt now-90', 21, 'found nothing'],
    ['a lt now+5days', 10, 'found "days"'],
    ['a lt now-1234567890d', 9, 'the amount 1234567890 in "now-1234567890" is too large'],
    ['now lt 3', 0, 'expected an attribute name, found "now"'],
  ])('points at the fault in %j (position %i)', (text, position, detail) => {
    const error = errorOf(() => parseFilter(text));
    expect(error.position).toBe(position);
    expect(error.message).toContain(`Invalid filter at position ${position}: `);
    expect(error.message).toContain(detail);
  });

  // A Tuesday, the last day of a 31-day month.
  const now = new Date('2026-03-31T15:45:30.250Z');
  it.each<[RelativeDate, string]>([
    [rel('now'), '2026-03-31T15:45:30.250Z'],
    [rel('startOfDay'), '2026-03-31T00:00:00.000Z'],
    [rel('startOfWeek'), '2026-03-30T00:00:00.000Z'],
    [rel('startOfMonth'), '2026-03-01T00:00:00.000Z'],
    [rel('startOfYear'), '2026-01-01T00:00:00.000Z'],
    [rel('now', { sign: '-', amount: 2, unit: 'h' }), '2026-03-31T13:45:30.250Z'],
    [rel('now', { sign: '+', amount: 1, unit: 'd' }), '2026-04-01T15:45:30.250Z'],
    [rel('startOfDay', { sign: '-', amount: 2, unit: 'w' }), '2026-03-17T00:00:00.000Z'],
    [rel('now', { sign: '-', amount: 1, unit: 'm' }), '2026-02-28T15:45:30.250Z'],
    [rel('now', { sign: '-', amount: 13, unit: 'm' }), '2025-02-28T15:45:30.250Z'],
    [rel('now', { sign: '+', amount: 1, unit: 'm' }), '2026-04-30T15:45:30.250Z'],
    [rel('startOfMonth', { sign: '-', amount: 1, unit: 'm' }), '2026-02-01T00:00:00.000Z'],
    [rel('now', { sign: '-', amount: 2025, unit: 'y' }), '0001-03-31T15:45:30.250Z'],
  ])('resolves %j in UTC', (date, expected) => {
    expect(resolveRelativeDate(date, now)?.toISOString()).toBe(expected);
  });

  it('starts weeks on Monday, also from a Sunday, and clamps 29 February a year on', () => {
    const sunday = new Date('2026-04-05T23:59:59Z');
    expect(resolveRelativeDate(rel('startOfWeek'), sunday)?.toISOString()).toBe('2026-03-30T00:00:00.000Z');
    const leapDay = new Date('2024-02-29T12:00:00Z');
    const yearOn = rel('now', { sign: '+', amount: 1, unit: 'y' });
    expect(resolveRelativeDate(yearOn, leapDay)?.toISOString()).toBe('2025-02-28T12:00:00.000Z');
  });

  it('refuses a date outside the years 1 to 9999 when the filter is compiled, at its comparison', () => {
    const attributes: FilterAttributes = { lastOrderAt: { type: 'date', sql: sql`last_order_at` } };
    for (const text of ['a pr or lastOrderAt lt now-999999y', 'a pr or lastOrderAt gt startOfYear+8000y']) {
      const error = errorOf(() =>
        compileFilter(parseFilter(text), { ...attributes, a: attributes.lastOrderAt! }),
      );
      expect(error.position).toBe(8);
      expect(error.message).toMatch(/falls outside the years 1 to 9999/);
    }
    expect(() => compileFilter(parseFilter('lastOrderAt lt now-999999999h'), attributes)).toThrow(
      FilterError,
    );
  });

  it('never resolves to an invalid instant, whatever the shift', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...DATE_ANCHORS),
        fc.constantFrom('+' as const, '-' as const),
        fc.nat({ max: 999_999_999 }),
        fc.constantFrom(...DATE_UNITS),
        fc.date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
        (anchor, sign, amount, unit, at) => {
          const resolved = resolveRelativeDate(rel(anchor, { sign, amount, unit }), at);
          if (resolved === null) return;
          expect(Number.isNaN(resolved.getTime())).toBe(false);
          expect(resolved.getUTCFullYear()).toBeGreaterThanOrEqual(1);
          expect(resolved.getUTCFullYear()).toBeLessThanOrEqual(9999);
        },
      ),
    );
  });
});

interface PeopleTable {
  id: number;
  last_name: string | null;
  email: string | null;
  age: number | null;
  active: boolean | null;
  born: Date | null;
  tags: (string | null)[] | null;
  ref: string | null;
}
type Person = Selectable<PeopleTable>;

const REF_1 = 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11';
const REF_8 = '7d444840-9dc0-11d1-b245-5ffdce74fad2';

const people: PeopleTable[] = [
  {
    id: 1,
    last_name: 'Smith',
    email: 'john.smith@example.com',
    age: 34,
    active: true,
    born: new Date('1990-05-01T10:00:00Z'),
    tags: ['vip', 'newsletter'],
    ref: REF_1,
  },
  {
    id: 2,
    last_name: 'smithers',
    email: 'WAYLON@example.com',
    age: 28,
    active: false,
    born: new Date('1996-01-15T00:00:00Z'),
    tags: ['VIP'],
    ref: null,
  },
  { id: 3, last_name: 'Smythe', email: null, age: null, active: null, born: null, tags: null, ref: null },
  {
    id: 4,
    last_name: "O'Brien",
    email: '',
    age: 30,
    active: true,
    born: new Date('1994-06-30T21:30:00Z'),
    tags: [],
    ref: null,
  },
  {
    id: 5,
    last_name: 'Jones',
    email: 'jones@example.org',
    age: 29,
    active: false,
    born: new Date('1995-02-28T12:00:00Z'),
    tags: ['wholesale'],
    ref: null,
  },
  {
    id: 6,
    last_name: null,
    email: 'nolast@example.com',
    age: null,
    active: false,
    born: new Date('2000-01-01T00:00:00Z'),
    tags: ['wholesale', 'vip-lapsed'],
    ref: null,
  },
  {
    id: 7,
    last_name: '50%_off\\deal',
    email: 'promo@example.com',
    age: 22,
    active: true,
    born: new Date('2002-12-31T23:59:59Z'),
    tags: ['a_b', '100%'],
    ref: null,
  },
  {
    id: 8,
    last_name: 'SMITH',
    email: 'Smith.J@Example.com',
    age: 61,
    active: true,
    born: new Date('1963-07-04T08:00:00Z'),
    tags: ['Newsletter', null],
    ref: REF_8,
  },
  {
    id: 9,
    last_name: '',
    email: 'blank@example.com',
    age: 30,
    active: null,
    born: new Date('1994-06-30T23:30:00Z'),
    tags: [''],
    ref: null,
  },
  {
    id: 10,
    last_name: 'Smallwood',
    email: 'small@example.com',
    age: 16,
    active: true,
    born: new Date('1990-05-01T00:00:00Z'),
    tags: ['vip'],
    ref: null,
  },
];

type ColumnType = 'string' | 'number' | 'boolean' | 'date' | 'uuid' | 'stringArray';
interface ColumnSpec {
  column: keyof PeopleTable;
  type: ColumnType;
  caseInsensitive?: boolean;
}

const columns: Record<string, ColumnSpec> = {
  id: { column: 'id', type: 'number' },
  lastName: { column: 'last_name', type: 'string', caseInsensitive: true },
  email: { column: 'email', type: 'string' },
  age: { column: 'age', type: 'number' },
  active: { column: 'active', type: 'boolean' },
  born: { column: 'born', type: 'date' },
  tags: { column: 'tags', type: 'stringArray', caseInsensitive: true },
  labels: { column: 'tags', type: 'stringArray' },
  ref: { column: 'ref', type: 'uuid' },
};

const attributes: FilterAttributes = {
  ...Object.fromEntries(
    Object.entries(columns).map(([name, spec]) => [
      name,
      { type: spec.type, sql: sql.ref(spec.column), caseInsensitive: spec.caseInsensitive },
    ]),
  ),
  adult: {
    type: 'custom',
    ops: ['eq'],
    compile: (_op, value, position) => {
      if (typeof value !== 'boolean') throw new FilterError(position, '"adult" needs true or false');
      return sql<SqlBool>`((age >= 18) = ${value})`;
    },
  },
};

/** The same rules as compileFilter, written independently over plain rows. */
function evaluate(node: FilterNode, row: Person): boolean {
  switch (node.kind) {
    case 'and':
      return evaluate(node.left, row) && evaluate(node.right, row);
    case 'or':
      return evaluate(node.left, row) || evaluate(node.right, row);
    case 'not':
      return !evaluate(node.expr, row);
    default: {
      const name = Object.keys(columns).find((key) => key.toLowerCase() === node.attr.toLowerCase());
      const spec = columns[name ?? ''];
      if (!spec) throw new Error(`no column for ${node.attr}`);
      const field = row[spec.column];
      if (node.kind === 'present') {
        if (spec.type === 'string') return field !== null && field !== '';
        if (spec.type === 'stringArray') return Array.isArray(field) && field.length > 0;
        return field !== null;
      }
      if (node.value === null) return node.op === 'eq' ? field === null : field !== null;
      if (spec.type === 'stringArray') {
        const elements = (field as (string | null)[] | null) ?? [];
        const matches = (op: CompareOp) =>
          elements.some(
            (element) =>
              element !== null && compareValues(op, element, node.value as string, spec.caseInsensitive),
          );
        return node.op === 'ne' ? !matches('eq') : matches(node.op);
      }
      if (field === null) return node.op === 'ne';
      if (spec.type === 'date') {
        return compareValues(node.op, (field as Date).getTime(), Date.parse(node.value as string));
      }
      const foldCase = spec.caseInsensitive === true || spec.type === 'uuid';
      return compareValues(node.op, field as string | number | boolean, node.value as string, foldCase);
    }
  }
}

function compareValues(
  op: CompareOp,
  field: string | number | boolean,
  value: string | number | boolean,
  caseInsensitive = false,
): boolean {
  const fold = (v: typeof field) => (typeof v === 'string' && caseInsensitive ? v.toLowerCase() : v);
  const a = fold(field);
  const b = fold(value);
  switch (op) {
    case 'eq':
      return a === b;
    case 'ne':
      return a !== b;
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
    case 'lt':
      return a < b;
    case 'le':
      return a <= b;
    case 'co':
      return String(a).includes(String(b));
    case 'sw':
      return String(a).startsWith(String(b));
    case 'ew':
      return String(a).endsWith(String(b));
  }
}

describe('compileFilter on a real database', () => {
  let pglite: PGlite;
  let db: Kysely<{ people: PeopleTable }>;
  let stored: Person[];

  beforeAll(async () => {
    pglite = new PGlite();
    db = new Kysely({ dialect: new PGliteDialect(pglite) });
    await sql`create table people (
      id int primary key, last_name text, email text, age int, active bool, born timestamptz,
      tags text[], ref uuid
    )`.execute(db);
    await db.insertInto('people').values(people).execute();
    stored = await db.selectFrom('people').selectAll().orderBy('id').execute();
  });

  afterAll(async () => {
    await db.destroy();
    await pglite.close();
  });

  const idsMatching = async (filter: string | FilterNode) => {
    const ast = typeof filter === 'string' ? parseFilter(filter) : filter;
    const rows = await db
      .selectFrom('people')
      .select('id')
      .where(compileFilter(ast, attributes))
      .orderBy('id')
      .execute();
    return rows.map((row) => row.id);
  };

  it.each([
    ['tags eq "vip"', [1, 2, 10]],
    ['labels eq "vip"', [1, 10]],
    ['tags co "ip"', [1, 2, 6, 10]],
    ['labels sw "V"', [2]],
    ['tags ew "LETTER"', [1, 8]],
    ['tags co "_"', [7]],
    ['tags ne "vip"', [3, 4, 5, 6, 7, 8, 9]],
    ['labels ne "Newsletter"', [1, 2, 3, 4, 5, 6, 7, 9, 10]],
    ['tags pr', [1, 2, 5, 6, 7, 8, 9, 10]],
    ['tags eq null', [3]],
    ['lastName sw "sm" and (age ge 30 or not (active eq true))', [1, 2, 3, 8]],
    ['lastName eq "smith"', [1, 8]],
    ['LASTNAME ne "SMITH"', [2, 3, 4, 5, 6, 7, 9, 10]],
    ['lastName co "%"', [7]],
    ['lastName co "_o"', [7]],
    ['lastName co "\\\\"', [7]],
    ['lastName pr', [1, 2, 3, 4, 5, 7, 8, 10]],
    ['lastName eq ""', [9]],
    ['lastName gt "smith"', [2, 3]],
    ['email pr', [1, 2, 5, 6, 7, 8, 9, 10]],
    ['email eq null', [3]],
    ['email ne null', [1, 2, 4, 5, 6, 7, 8, 9, 10]],
    ['not (email pr)', [3, 4]],
    ['email co "example.com"', [1, 2, 6, 7, 9, 10]],
    ['email co "Example"', [8]],
    ['email ne "promo@example.com"', [1, 2, 3, 4, 5, 6, 8, 9, 10]],
    ['age gt 29.5', [1, 4, 8, 9]],
    ['age le -1 or age ge 1e12', []],
    ['not (age ge 30)', [2, 3, 5, 6, 7, 10]],
    ['active eq false', [2, 5, 6]],
    ['active ne true', [2, 3, 5, 6, 9]],
    ['born eq "1994-06-30T19:30:00-02:00"', [4]],
    ['born eq "1990-05-01T10:00"', [1]],
    ['born lt "1990-05-01"', [8]],
    ['born le "1990-05-01"', [8, 10]],
    ['born ge "2000-01-01T00:00:00.000Z" and born pr', [6, 7]],
    [`ref eq "${REF_1.toUpperCase()}"`, [1]],
    [`ref ne "${REF_1}"`, [2, 3, 4, 5, 6, 7, 8, 9, 10]],
    ['ref pr', [1, 8]],
    ['adult eq false', [10]],
    ['ID eq 3 or id eq 4', [3, 4]],
  ])('%s', async (filter, expected) => {
    expect(await idsMatching(filter)).toEqual(expected);
  });

  it.each([
    `lastName eq "x' or 1=1 --"`,
    `lastName eq "x\\" or 1=1 --"`,
    `email co "'); drop table people; --"`,
    `tags eq "vip') or true --"`,
  ])('binds %s as a value, never as SQL', async (filter) => {
    expect(await idsMatching(filter)).toEqual([]);
    const compiled = db
      .selectFrom('people')
      .select('id')
      .where(compileFilter(parseFilter(filter), attributes));
    expect(compiled.compile().sql).not.toMatch(/1=1|drop|true/);
    expect(await db.selectFrom('people').select('id').execute()).toHaveLength(people.length);
  });

  it.each([
    [
      'nope eq 1',
      0,
      'unknown attribute "nope"; known attributes: id, lastName, email, age, active, born, tags, labels, ref, adult',
    ],
    ['age pr and (Nope pr)', 12, 'unknown attribute "Nope"'],
    ['  age eq "30"', 2, '"age" needs a number, found "30"'],
    ['lastName eq 5', 0, '"lastName" needs a string value, found 5'],
    ['active eq "true"', 0, '"active" needs true or false, found "true"'],
    ['active co "t"', 0, 'operator "co" cannot be used on "active" (a boolean)'],
    ['age sw "3"', 0, 'operator "sw" cannot be used on "age" (a number)'],
    ['tags gt "a"', 0, 'operator "gt" cannot be used on "tags" (a list of strings)'],
    ['ref co "a"', 0, 'operator "co" cannot be used on "ref" (a UUID)'],
    ['ref eq "abc"', 0, '"ref" needs a UUID, found "abc"'],
    ['born co "2020"', 0, 'operator "co" cannot be used on "born" (a date)'],
    ['born gt "yesterday"', 0, '"born" needs an ISO 8601 date or date-time, found "yesterday"'],
    ['born gt "2023-02-29"', 0, '"born" needs an ISO 8601 date or date-time'],
    ['born gt "2024-04-31"', 0, '"born" needs an ISO 8601 date or date-time'],
    ['born gt "2024-02-29T24:00:00Z"', 0, '"born" needs an ISO 8601 date or date-time'],
    ['born gt "0000-01-01"', 0, '"born" needs an ISO 8601 date or date-time'],
    ['born gt 2024', 0, '"born" needs an ISO 8601 date or date-time, found 2024'],
    ['age gt null', 0, '"age gt" cannot compare with null'],
    ['lastName co null', 0, '"lastName co" cannot compare with null'],
    ['adult gt 1', 0, 'operator "gt" cannot be used on "adult" (this attribute)'],
    ['age pr and adult pr', 11, 'operator "pr" cannot be used on "adult" (this attribute)'],
    ['adult eq 1', 0, '"adult" needs true or false'],
  ])('rejects %j at position %i', (filter, position, detail) => {
    const error = errorOf(() => compileFilter(parseFilter(filter), attributes));
    expect(error.position).toBe(position);
    expect(error.message).toContain(`Invalid filter at position ${position}: ${detail}`);
  });

  it('compares with a relative date as with the instant it stands for at compile time', async () => {
    const now = new Date('2026-03-31T15:45:30.250Z');
    const matching = async (text: string) =>
      (
        await db
          .selectFrom('people')
          .select('id')
          .where(compileFilter(parseFilter(text), attributes, { now }))
          .orderBy('id')
          .execute()
      ).map((row) => row.id);
    expect(await matching('born lt now-30y')).toEqual(
      await idsMatching('born lt "1996-03-31T15:45:30.250Z"'),
    );
    expect(await matching('born ge startOfYear-30y')).toEqual(await idsMatching('born ge "1996-01-01"'));
    expect(await matching('born ge startOfYear-30y')).toContain(2);
    expect(await matching('not (born lt now+1d)')).toEqual(await idsMatching('not (born pr)'));
  });

  it('accepts any real date and offset, down to microseconds', async () => {
    expect(await idsMatching('born lt "2024-02-29T23:59:59.123456+14:00"')).toHaveLength(9);
    expect(await idsMatching('born lt "9999-12-31T23:59:59.999999+15:59"')).toHaveLength(9);
    expect(await idsMatching('born gt "0001-01-01t00:00:00-15:00"')).toHaveLength(9);
  });

  const pools: Record<ColumnType, FilterValue[]> = {
    string: [
      'smith',
      'SM',
      'sm',
      'ith',
      'Smith',
      'smithers',
      'o',
      "'",
      '%',
      '_',
      '\\',
      '50%',
      'a_b',
      '',
      'x',
    ].concat(['example', '@example.com', 'Example', 'WAYLON', 'waylon', 'jones@example.org', 'promo', 'z']),
    stringArray: ['vip', 'VIP', 'ip', 'news', 'Newsletter', 'letter', 'wholesale', '', '_', '%', 'b', 'v'],
    number: [0, 16, 22, 28, 29.5, 30, 34, 61, -1, 1e10, 3],
    boolean: [true, false],
    date: [
      '1990-05-01T10:00:00Z',
      '1990-05-01',
      '1994-06-30T19:30:00-02:00',
      '1994-06-30T23:30:00+00:00',
      '2000-01-01',
      '1963-12-31T23:59:59.999Z',
      '2100-01-01T00:00:00Z',
    ],
    uuid: [REF_1, REF_8.toUpperCase(), '00000000-0000-0000-0000-000000000000'],
  };
  const opsFor: Record<ColumnType, CompareOp[]> = {
    string: ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'],
    stringArray: ['eq', 'ne', 'co', 'sw', 'ew'],
    number: ['eq', 'ne', 'gt', 'ge', 'lt', 'le'],
    boolean: ['eq', 'ne'],
    date: ['eq', 'ne', 'gt', 'ge', 'lt', 'le'],
    uuid: ['eq', 'ne'],
  };
  const leaf: fc.Arbitrary<FilterNode> = fc.constantFrom(...Object.keys(columns)).chain((name) => {
    const type = columns[name]!.type;
    const attr = fc.constantFrom(name, name.toUpperCase(), name.toLowerCase());
    const compare = fc.constantFrom(...opsFor[type]).chain((op) =>
      fc.record({
        kind: fc.constant('compare' as const),
        attr,
        op: fc.constant(op),
        value: fc.constantFrom(...pools[type], ...(op === 'eq' || op === 'ne' ? [null] : [])),
        position: fc.constant(0),
      }),
    );
    const present = fc.record({ kind: fc.constant('present' as const), attr, position: fc.constant(0) });
    return fc.oneof({ weight: 4, arbitrary: compare }, { weight: 1, arbitrary: present });
  });
  const tree = treeOf(leaf, 4);

  it('matches the same rows as the filter evaluated in JavaScript', async () => {
    await fc.assert(
      fc.asyncProperty(tree, async (ast) => {
        const expected = stored.filter((row) => evaluate(ast, row)).map((row) => row.id);
        expect(await idsMatching(formatFilter(ast))).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });

  const fragments = [
    '(',
    ')',
    'not',
    'and',
    'OR',
    'eq',
    'ne',
    'co',
    'gt',
    'le',
    'pr',
    'lastName',
    'age',
    'tags',
    'born',
    'ref',
    'active',
    'adult',
    'nope',
    '"x"',
    '"\\u00e9"',
    '"\\',
    '"',
    '-',
    '1',
    '-2.5',
    '1e400',
    'true',
    'null',
    '"2024-02-30"',
    '"2024-02-29T12:00:00+01:00"',
    `"${REF_1}"`,
    '"%_\\\\"',
  ];
  // Any attribute (known or not), any operator, any value: mostly type errors, some valid filters.
  const anyLeaf: fc.Arbitrary<FilterNode> = fc
    .record({
      attr: fc
        .constantFrom(...Object.keys(attributes), 'nope')
        .chain((name) => fc.constantFrom(name, name.toUpperCase())),
      op: fc.constantFrom<CompareOp | 'pr'>('eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le', 'pr'),
      value: fc.constantFrom<FilterValue>(
        ...Object.values(pools).flat(),
        null,
        1.5,
        1e308,
        -1e308,
        '9999-12-31T23:59:59.999999+15:59',
        '0001-01-01T00:00:00-15:00',
        '2024-02-29T23:59:60Z',
        '2024-13-01',
        '2024-02-30',
        '1990-05-01 10:00:00',
        'not-a-uuid',
      ),
    })
    .map(({ attr, op, value }) =>
      op === 'pr'
        ? { kind: 'present', attr, position: 0 }
        : { kind: 'compare', attr, op, value, position: 0 },
    );
  const spliced = fc
    .tuple(treeOf(anyLeaf, 3), fc.nat(), fc.nat({ max: 3 }), fc.constantFrom(...fragments, ''))
    .map(([ast, at, cut, insert]) => {
      const text = formatFilter(ast);
      const start = at % (text.length + 1);
      return text.slice(0, start) + insert + text.slice(start + cut);
    });
  const noise = fc.oneof(
    anyLeaf.map(formatFilter),
    treeOf(anyLeaf, 3).map(formatFilter),
    spliced,
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc
      .tuple(fc.array(fc.constantFrom(...fragments), { maxLength: 20 }), fc.constantFrom('', ' '))
      .map(([parts, separator]) => parts.join(separator)),
    fc.string({
      unit: fc.constantFrom('(', ')', 'a', ' ', 'n', 'o', 't', '"'),
      minLength: 1990,
      maxLength: 2010,
    }),
  );

  it('fails on any text only with a FilterError, and never in the database', async () => {
    await fc.assert(
      fc.asyncProperty(noise, async (text) => {
        let condition: ReturnType<typeof compileFilter>;
        try {
          condition = compileFilter(parseFilter(text), attributes);
        } catch (error) {
          expect(error).toBeInstanceOf(FilterError);
          expect((error as FilterError).position).toBeGreaterThanOrEqual(0);
          expect((error as FilterError).position).toBeLessThanOrEqual(text.length);
          return;
        }
        await db.selectFrom('people').select('id').where(condition).execute();
      }),
      { numRuns: 400 },
    );
  });
});
