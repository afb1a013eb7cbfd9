import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { invalid } from '../errors.js';

/**
 * The one list builder every grid uses: a whitelist of sortable fields, `sort=a,-b` parsing,
 * keyset predicates and opaque cursors. Sort keys are total (nullable columns go through
 * coalesce in the field's expression), so a page after a cursor is a plain range that an
 * index (tenant_id, key, id) can start at, whatever the depth.
 */
export type KeyType = 'text' | 'integer' | 'bigint' | 'boolean' | 'timestamptz' | 'uuid' | 'text[]';

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

export const MAX_SORT_KEYS = 4;

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

type KeyValue = string | number | boolean | null;

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

/** Decodes a cursor, refusing one made for another sort order or tampered with. */
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
    !/^[0-9a-f-]{36}$/i.test(payload.id) ||
    !Array.isArray(payload.k) ||
    payload.k.length !== keys.length
  ) {
    throw badCursor('is not a cursor returned by this API');
  }
  if (payload.s !== sortSignature(keys))
    throw badCursor('was made for another sort order; start from the first page');
  keys.forEach((key, i) => {
    const value = payload.k[i];
    const ok =
      value === null ||
      (key.field.type === 'boolean' && typeof value === 'boolean') ||
      ((key.field.type === 'integer' || key.field.type === 'bigint') && Number.isFinite(value)) ||
      (typeof value === 'string' && value.length <= 2000 && key.field.type !== 'boolean');
    if (!ok) throw badCursor('is not a cursor returned by this API');
    if (key.field.type === 'timestamptz' && typeof value === 'string' && !/^-?infinity$/.test(value)) {
      if (Number.isNaN(Date.parse(value))) throw badCursor('is not a cursor returned by this API');
    }
    if (key.field.type === 'uuid' && typeof value === 'string' && !/^[0-9a-f-]{36}$/i.test(value)) {
      throw badCursor('is not a cursor returned by this API');
    }
  });
  return { values: payload.k, id: payload.id };
}

const pgArrayLiteral = (json: string): string => {
  const items = JSON.parse(json) as unknown[];
  if (!Array.isArray(items)) throw badCursor('is not a cursor returned by this API');
  return `{${items.map((item) => `"${String(item).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
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
  total?: number;
  totalIsLowerBound?: boolean;
}

export const TOTAL_CAP = 10_000;
