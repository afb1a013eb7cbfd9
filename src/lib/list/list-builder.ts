import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { invalid } from '../errors.js';
import { unstorableText } from '../text.js';
import { isStorableTimestamp } from '../timestamps.js';
import { MAX_SORT_KEYS, TOTAL_CAP } from './limits.js';

export { MAX_SORT_KEYS, TOTAL_CAP };

/**
 * The one list builder every grid uses: a whitelist of sortable fields, `sort=a,-b` parsing,
 * keyset predicates and opaque cursors. Sort keys are total (nullable columns go through
 * coalesce in the field's expression), so a page after a cursor is a plain range that an
 * index (tenant_id, key, id) can start at, whatever the depth.
 */
export type KeyType =
  | 'text'
  | 'integer'
  | 'bigint'
  | 'float8'
  | 'boolean'
  | 'timestamptz'
  | 'uuid'
  | 'text[]';

export interface SortField {
  /** SQL for the key. Must match the expression of the index that serves it. */
  expression: RawBuilder<unknown>;
  type: KeyType;
}

export type SortFields = Record<string, SortField>;

export interface SortKey {
  name: string;
  field: SortField;
  descending: boolean;
}

/** Parses `lastName,-createdAt`; unknown or repeated fields are a 400 naming the field. */
export function parseSort(input: string | undefined, fields: SortFields, fallback: string): SortKey[] {
  const text = input?.trim() ? input : fallback;
  const names = text.split(',').map((part) => part.trim());
  if (names.length > MAX_SORT_KEYS) {
    throw invalid('list.invalid_sort', `Sort by at most ${MAX_SORT_KEYS} fields.`, [
      { path: '/sort', message: `at most ${MAX_SORT_KEYS} fields`, in: 'query' },
    ]);
  }
  const seen = new Set<string>();
  return names.map((part) => {
    const descending = part.startsWith('-');
    const name = descending || part.startsWith('+') ? part.slice(1) : part;
    const field = Object.hasOwn(fields, name) ? fields[name] : undefined;
    if (!field || seen.has(name)) {
      const allowed = Object.keys(fields).join(', ');
      const message = field ? `"${name}" appears twice` : `"${name}" is not sortable; use one of ${allowed}`;
      throw invalid('list.invalid_sort', `Cannot sort by "${part}".`, [
        { path: '/sort', message, in: 'query' },
      ]);
    }
    seen.add(name);
    return { name, field, descending };
  });
}

export const sortSignature = (keys: SortKey[]) =>
  keys.map((k) => (k.descending ? `-${k.name}` : k.name)).join(',');

export type KeyValue = string | number | boolean | null;

interface CursorPayload {
  s: string;
  k: KeyValue[];
  id: string;
}

/** Turns a row's key values (as read from SQL) into JSON-safe values for the cursor. */
export function keyValue(value: unknown, type: KeyType): KeyValue {
  if (value === null || value === undefined) return null;
  if (type === 'timestamptz') {
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? '-infinity' : value.toISOString();
    if (typeof value === 'number') return value < 0 ? '-infinity' : 'infinity';
    return String(value);
  }
  if (type === 'text[]') return JSON.stringify(value);
  // JSON has no infinities: a float8 key's missing value (-Infinity) travels as text.
  if (type === 'float8' && typeof value === 'number' && !Number.isFinite(value))
    return value < 0 ? '-Infinity' : 'Infinity';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value;
  return String(value);
}

export function encodeCursor(keys: SortKey[], values: KeyValue[], id: string): string {
  const payload: CursorPayload = { s: sortSignature(keys), k: values, id };
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

const badCursor = (message: string) =>
  invalid('list.invalid_cursor', 'The cursor is not valid for this list.', [
    { path: '/cursor', message, in: 'query' },
  ]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INT32 = { min: -2147483648, max: 2147483647 };

const storableText = (value: unknown): value is string =>
  typeof value === 'string' && value.length <= 2000 && unstorableText(value) === null;

/** Parses a `text[]` key as the cursor holds it (a JSON array of strings), or null if it is not one. */
function textArray(value: string): string[] | null {
  let items: unknown;
  try {
    items = JSON.parse(value);
  } catch {
    return null;
  }
  return Array.isArray(items) && items.length <= 1000 && items.every(storableText) ? items : null;
}

/**
 * Whether a cursor's key value has the type of its sort field, so that a hand-made cursor is a
 * 400 here and never a cast PostgreSQL refuses (`'abc'::bigint`, `1.5::integer`, year 0000).
 */
function fitsKey(value: KeyValue, type: KeyType): boolean {
  if (value === null) return true;
  switch (type) {
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return Number.isInteger(value) && (value as number) >= INT32.min && (value as number) <= INT32.max;
    case 'bigint':
      return Number.isSafeInteger(value);
    case 'float8':
      return Number.isFinite(value) || value === '-Infinity' || value === 'Infinity';
    case 'uuid':
      return typeof value === 'string' && UUID.test(value);
    case 'timestamptz':
      return typeof value === 'string' && (/^-?infinity$/.test(value) || isStorableTimestamp(value));
    case 'text[]':
      return typeof value === 'string' && textArray(value) !== null;
    case 'text':
      return storableText(value);
  }
}

/** Decodes a cursor, refusing one made for another sort order, tampered with or made by hand. */
export function decodeCursor(cursor: string, keys: SortKey[]): { values: KeyValue[]; id: string } {
  let payload: CursorPayload;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor('is not a cursor returned by this API');
  }
  if (
    !payload ||
    typeof payload !== 'object' ||
    typeof payload.id !== 'string' ||
    !UUID.test(payload.id) ||
    !Array.isArray(payload.k) ||
    payload.k.length !== keys.length
  ) {
    throw badCursor('is not a cursor returned by this API');
  }
  if (payload.s !== sortSignature(keys))
    throw badCursor('was made for another sort order; start from the first page');
  keys.forEach((key, i) => {
    if (!fitsKey(payload.k[i] as KeyValue, key.field.type))
      throw badCursor('is not a cursor returned by this API');
  });
  return { values: payload.k, id: payload.id };
}

const pgArrayLiteral = (json: string): string => {
  const items = textArray(json);
  if (!items) throw badCursor('is not a cursor returned by this API');
  return `{${items.map((item) => `"${item.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
};

/** A cursor value as a typed SQL parameter, so both drivers compare it as the key's type. */
function param(value: KeyValue, type: KeyType): RawBuilder<unknown> {
  const literal = type === 'text[]' && typeof value === 'string' ? pgArrayLiteral(value) : value;
  return sql`cast(${literal} as ${sql.raw(type)})`;
}

/**
 * Rows strictly after the cursor in the given order. Same-direction keys use a row comparison
 * `(k1, k2, id) > (…)`, which PostgreSQL turns into an index range; mixed directions expand
 * to OR terms behind a leading bound on the first key, which keeps the index range.
 */
export function afterCursor(keys: SortKey[], values: KeyValue[], id: string, idColumn: RawBuilder<unknown>) {
  const params = keys.map((key, i) => param(values[i] ?? null, key.field.type));
  const idParam = sql`cast(${id} as uuid)`;
  const first = keys[0];
  const uniform = keys.every((key) => key.descending === first?.descending);
  if (uniform) {
    const left = sql.join([...keys.map((k) => k.field.expression), idColumn]);
    const right = sql.join([...params, idParam]);
    return first?.descending ? sql<SqlBool>`(${left}) < (${right})` : sql<SqlBool>`(${left}) > (${right})`;
  }
  // Mixed directions: id follows the ascending convention.
  const terms: RawBuilder<SqlBool>[] = [];
  keys.forEach((key, i) => {
    const equalsBefore = keys.slice(0, i).map((prev, j) => sql`${prev.field.expression} = ${params[j]}`);
    const strictly = key.descending
      ? sql`${key.field.expression} < ${params[i]}`
      : sql`${key.field.expression} > ${params[i]}`;
    terms.push(sql<SqlBool>`(${sql.join([...equalsBefore, strictly], sql` and `)})`);
  });
  const allEqual = keys.map((key, j) => sql`${key.field.expression} = ${params[j]}`);
  terms.push(sql<SqlBool>`(${sql.join([...allEqual, sql`${idColumn} > ${idParam}`], sql` and `)})`);
  const lead = first!;
  const bound = lead.descending
    ? sql`${lead.field.expression} <= ${params[0]}`
    : sql`${lead.field.expression} >= ${params[0]}`;
  return sql<SqlBool>`(${bound} and (${sql.join(terms, sql` or `)}))`;
}

/** ORDER BY terms for the keys plus the id tiebreak, matching afterCursor's convention. */
export function orderTerms(keys: SortKey[], idColumn: RawBuilder<unknown>): RawBuilder<unknown> {
  const uniformDescending = keys.every((key) => key.descending);
  const terms = keys.map((key) =>
    key.descending ? sql`${key.field.expression} desc` : sql`${key.field.expression} asc`,
  );
  terms.push(uniformDescending ? sql`${idColumn} desc` : sql`${idColumn} asc`);
  return sql.join(terms);
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
  /** The read spent its budget before the page was full: fewer rows, and `nextCursor` goes on. */
  partial?: boolean;
  total?: number;
  totalIsLowerBound?: boolean;
  /** `total` is the planner's estimate (beyond the counted 10,000): "about" that many. */
  totalIsEstimate?: boolean;
  /** How a planned read found the page (`ordered`, `collect`, `walk`): for Server-Timing, not the body. */
  plan?: string;
}
