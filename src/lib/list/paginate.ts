import { type AliasedRawBuilder, type RawBuilder, sql } from 'kysely';
import {
  decodeCursor,
  encodeCursor,
  type KeyValue,
  keyValue,
  type Page,
  parseSort,
  type SortFields,
  type SortKey,
  TOTAL_CAP,
} from './list-builder.js';

/**
 * What a list declares once (issue #11): the fields it sorts by with their indexed SQL, and the
 * order when `sort` is absent. A list with `defaultSort: null` has no sortable field and runs in
 * id order only, newest first (uuid v7 ids grow with time), like the credit ledger and timeline.
 * Filters stay with the list's repository: they are plain WHERE terms on its own tables.
 */
export interface ListSpec {
  sortFields: SortFields;
  defaultSort: string | null;
}

/** Where one page starts and how many rows its query reads. */
export interface PageWindow {
  keys: SortKey[];
  /** The last row of the previous page, from the cursor; null on the first page. */
  after: { values: KeyValue[]; id: string } | null;
  /** limit + 1: the extra row says whether another page follows and is never shown. */
  rows: number;
}

export interface PageRequest {
  sort?: string;
  cursor?: string;
  limit?: number;
  includeTotal?: boolean;
}

// The sort keys travel from the page's query to its cursor under these aliases; only this
// file writes and reads them, so no repository and service share a private column contract.
// (Lower case without underscores, so the camel-case plugin leaves them as they are.)
const keyAlias = (i: number) => `pagekey${i}`;
const textAlias = (i: number) => `pagetext${i}`;

/**
 * The columns a page's query selects so that `paginate` can make the next cursor from its last
 * row. Timestamps also come back as text: a JS Date keeps milliseconds only, and a truncated
 * key would make the next page start inside equal-looking rows.
 */
export function keyColumns(keys: SortKey[]): AliasedRawBuilder<unknown, never>[] {
  // Typed as selecting nothing: callers never read these columns, only paginate does.
  return keys.flatMap((key, i) =>
    key.field.type === 'timestamptz'
      ? [key.field.expression.as(keyAlias(i)), sql<string>`(${key.field.expression})::text`.as(textAlias(i))]
      : [key.field.expression.as(keyAlias(i))],
  ) as AliasedRawBuilder<unknown, never>[];
}

/** The same keys read from a subquery `table` that selected keyColumns, for an outer ORDER BY. */
export function keysOf(keys: SortKey[], table: string): SortKey[] {
  return keys.map((key, i) => ({
    ...key,
    field: { ...key.field, expression: sql.ref(`${table}.${keyAlias(i)}`) as RawBuilder<unknown> },
  }));
}

function cursorAfter(keys: SortKey[], row: Record<string, unknown>): string {
  const values = keys.map((key, i) =>
    keyValue(row[key.field.type === 'timestamptz' ? textAlias(i) : keyAlias(i)], key.field.type),
  );
  return encodeCursor(keys, values, String(row.id));
}

/** Parses a list's sort and cursor into the window its repository reads (400s for bad ones). */
export function pageWindow(spec: ListSpec, request: PageRequest): PageWindow & { limit: number } {
  const keys = spec.defaultSort === null ? [] : parseSort(request.sort, spec.sortFields, spec.defaultSort);
  const after = request.cursor ? decodeCursor(request.cursor, keys) : null;
  const limit = request.limit ?? 50;
  return { keys, after, limit, rows: limit + 1 };
}

/** Where a total stops being counted (TOTAL_CAP; tests lower it to reach the estimate with little data). */
export const listTotals = { cap: TOTAL_CAP };

/** The largest total a page reports (an int32, as the API documents it). */
const MAX_TOTAL = 2_147_483_647;

/** What a list's read gives back: its rows, or the rows of a planned read (lib/list/plan.ts). */
export type ReadRows<Row> = Row[] | { rows: Row[]; plan: string; resumeAfter: Row | null };

/**
 * One page of any list: parses `sort` and `cursor`, has the repository read limit + 1 rows
 * (which select keyColumns(window.keys) when the list sorts), turns the first `limit` into API
 * items and makes `nextCursor` from the last. A planned read that spent its budget before the
 * page was full answers what it found with `partial: true` and a cursor after the last row it
 * read. With `count` and `includeTotal`, adds the total: counted exactly up to the cap (10,000),
 * so no page waits for a full count; beyond it the planner's `estimate` (`totalIsEstimate`: the
 * admin app says "about 1,000,000"), never below the cap, or without one a lower bound. A count
 * that runs out of time (`count` answers null) gives the rows seen as a lower bound.
 */
export async function paginate<Row extends { id: string }, Item>(
  spec: ListSpec,
  request: PageRequest,
  read: (window: PageWindow) => Promise<ReadRows<Row>>,
  toItems: (rows: Row[]) => Item[] | Promise<Item[]>,
  count?: (cap: number) => Promise<number | null>,
  estimate?: () => Promise<number>,
): Promise<Page<Item>> {
  const { limit, ...window } = pageWindow(spec, request);
  const cap = listTotals.cap;
  const [result, counted] = await Promise.all([
    read(window),
    count && request.includeTotal ? count(cap) : Promise.resolve(undefined),
  ]);
  const planned = Array.isArray(result) ? null : result;
  const rows = planned ? planned.rows : (result as Row[]);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const resume = rows.length > limit ? last : (planned?.resumeAfter ?? undefined);
  const nextCursor = resume ? cursorAfter(window.keys, resume as unknown as Record<string, unknown>) : null;
  const partial = rows.length <= limit && planned?.resumeAfter != null;
  const total =
    counted === undefined
      ? {}
      : counted === null
        ? { total: page.length, totalIsLowerBound: true }
        : counted <= cap
          ? { total: counted }
          : estimate
            ? {
                total: Math.min(Math.max(Math.round(await estimate()), cap + 1), MAX_TOTAL),
                totalIsEstimate: true,
              }
            : { total: cap, totalIsLowerBound: true };
  return {
    data: await toItems(page),
    nextCursor,
    ...(partial ? { partial: true } : {}),
    ...total,
    ...(planned ? { plan: planned.plan } : {}),
  };
}
