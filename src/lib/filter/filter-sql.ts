import { type Expression, type SqlBool, sql } from 'kysely';
import { FilterError } from './filter-error.js';
import { type CompareOp, type FilterNode, type FilterValue, formatValue } from './filter-parser.js';
import { containsFolded } from './folded-search.js';
import { formatRelativeDate, isRelativeDate, resolveRelativeDate } from './relative-date.js';

type ColumnType = 'string' | 'number' | 'boolean' | 'date' | 'uuid' | 'stringArray';

/**
 * An index's view of a column (#12): `expression` is the indexed expression, which maps a missing
 * value to `missing`, the least value of its type (`''` for text, `-infinity` for timestamps). For
 * a case-insensitive string it holds the lower-cased value. Comparisons then compile onto the
 * expression itself, so a range or an equality is a range of that index, as sorting is.
 */
export interface IndexedExpression {
  expression: Expression<unknown>;
  missing: Expression<unknown>;
}

export type FilterAttribute =
  | {
      type: ColumnType;
      sql: Expression<unknown>;
      caseInsensitive?: boolean;
      /** The sort index that serves this attribute's equalities, ranges and prefixes. */
      indexed?: IndexedExpression;
      /**
       * A lower-cased, accent-folded text column holding this attribute's value among others (the
       * trigram-indexed search text, see folded-search.ts): `co`/`ew` on the attribute also test
       * it, so the trigram index can find the few candidates before the exact test.
       */
      containedIn?: Expression<unknown>;
      /**
       * For a case-insensitive list: an expression giving its lower-cased, NULL-free elements that a
       * GIN index holds (`customer_tag_keys(tags)`); `eq` and `ne` then compile to `@>` on it, which
       * PostgreSQL answers from that index.
       */
      keys?: Expression<unknown>;
    }
  | {
      type: 'custom';
      ops: CompareOp[] | 'all';
      compile: (op: CompareOp | 'pr', value: FilterValue, position: number) => Expression<SqlBool>;
    };
export interface CompileOptions {
  /** The moment relative dates count from; the current time unless given (tests fix it). */
  now?: Date;
}

/** What a resource lets clients filter on; keys are the canonical names, looked up case-insensitively. */
export type FilterAttributes = Record<string, FilterAttribute>;

const ALLOWED_OPS: Record<ColumnType, ReadonlySet<CompareOp>> = {
  string: new Set(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']),
  number: new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']),
  boolean: new Set(['eq', 'ne']),
  date: new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']),
  uuid: new Set(['eq', 'ne']),
  stringArray: new Set(['eq', 'ne', 'co', 'sw', 'ew']),
};

const TYPE_NAMES: Record<ColumnType, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'a boolean',
  date: 'a date',
  uuid: 'a UUID',
  stringArray: 'a list of strings',
};

const ORDERING_SQL = { gt: sql.raw('>'), ge: sql.raw('>='), lt: sql.raw('<'), le: sql.raw('<=') };

/**
 * Turns a parsed filter into a parameterised SQL condition for `.where(...)`; values are always
 * bound parameters. Attribute names resolve case-insensitively against `attributes`.
 *
 * The result is two-valued even over NULL columns: a comparison with a missing value is false, so
 * `ne` and `not (...)` are exact complements of `eq` and of the inner filter (`email ne "a@b.c"`
 * includes customers without an email). `eq null` / `ne null` test for a missing value. Date
 * values without a UTC offset are read as UTC; a relative date (`now-90d`, `startOfMonth`) is
 * resolved against `options.now` (the current time unless given) in UTC. A custom attribute's `compile` receives `pr` only
 * when its `ops` is 'all', and may throw a `FilterError` for values it does not accept.
 * Throws a `FilterError` at the attribute's position for an unknown attribute, an operator the
 * attribute's type does not allow, or a value of the wrong type.
 */
export function compileFilter(
  node: FilterNode,
  attributes: FilterAttributes,
  options: CompileOptions = {},
): Expression<SqlBool> {
  const now = options.now ?? new Date();
  const byName = new Map<string, FilterAttribute>();
  for (const [name, attribute] of Object.entries(attributes)) byName.set(name.toLowerCase(), attribute);
  const known = Object.keys(attributes).join(', ');

  const compile = (node: FilterNode): Expression<SqlBool> => {
    switch (node.kind) {
      case 'and':
        return sql<SqlBool>`(${compile(node.left)} and ${compile(node.right)})`;
      case 'or':
        return sql<SqlBool>`(${compile(node.left)} or ${compile(node.right)})`;
      case 'not':
        // A comparison on a NULL column yields NULL, and NOT NULL is still NULL; `is not true`
        // turns that into true so `not` is the complement of what the inner filter matches.
        return sql<SqlBool>`((${compile(node.expr)}) is not true)`;
      default: {
        const attribute = byName.get(node.attr.toLowerCase());
        if (!attribute) {
          throw new FilterError(
            node.position,
            `unknown attribute "${node.attr}"; known attributes: ${known}`,
          );
        }
        return compileLeaf(node, attribute, now);
      }
    }
  };
  return compile(node);
}

type Leaf = Extract<FilterNode, { kind: 'compare' | 'present' }>;

function compileLeaf(node: Leaf, attribute: FilterAttribute, now: Date): Expression<SqlBool> {
  if (attribute.type === 'custom') {
    const op = node.kind === 'present' ? 'pr' : node.op;
    // `pr` cannot be listed in `ops`, so only an attribute that takes every operator is asked for it.
    const allowed = attribute.ops === 'all' || (op !== 'pr' && attribute.ops.includes(op));
    if (!allowed) throw opNotAllowed(node, op, 'this attribute');
    return attribute.compile(op, node.kind === 'compare' ? node.value : null, node.position);
  }
  const column = attribute.sql;
  const caseInsensitive = attribute.caseInsensitive === true;
  if (node.kind === 'present') return present(attribute.type, column);
  if (!ALLOWED_OPS[attribute.type].has(node.op)) {
    throw opNotAllowed(node, node.op, TYPE_NAMES[attribute.type]);
  }
  if (node.value === null) {
    if (node.op === 'eq') return sql<SqlBool>`(${column} is null)`;
    if (node.op === 'ne') return sql<SqlBool>`(${column} is not null)`;
    throw new FilterError(node.position, `"${node.attr} ${node.op}" cannot compare with null`);
  }
  switch (attribute.type) {
    case 'string': {
      const value = expectString(node);
      return (
        indexedString(node.op, value, attribute.indexed, caseInsensitive) ??
        withContainedIn(
          compareString(node.op, column, value, caseInsensitive),
          node.op,
          value,
          attribute.containedIn,
        )
      );
    }
    case 'stringArray':
      return compareStringArray(node.op, column, expectString(node), caseInsensitive, attribute.keys);
    case 'number':
      return compareScalar(node.op, column, numberParameter(expectNumber(node)));
    case 'boolean':
      return compareScalar(node.op, column, sql`${expectBoolean(node)}`);
    case 'date': {
      const value = sql`cast(${expectDate(node, now)} as timestamptz)`;
      return attribute.indexed && node.op !== 'ne'
        ? compareIndexed(node.op, attribute.indexed, value)
        : compareScalar(node.op, column, value);
    }
    case 'uuid':
      return compareScalar(node.op, column, sql`cast(${expectUuid(node)} as uuid)`);
  }
}

/**
 * An int4-sized integer is bound untyped, so PostgreSQL gives it the column's type and an index on
 * an integer column still serves the comparison; anything else is cast to numeric, so a fraction
 * or a large value is compared with an integer column instead of failing to convert to its type.
 */
function numberParameter(value: number): Expression<unknown> {
  return Number.isInteger(value) && Math.abs(value) <= 2_147_483_647
    ? sql`${value}`
    : sql`cast(${value} as numeric)`;
}

function present(type: ColumnType, column: Expression<unknown>): Expression<SqlBool> {
  if (type === 'string') return sql<SqlBool>`(${column} is not null and ${column} <> '')`;
  if (type === 'stringArray') return sql<SqlBool>`(cardinality(${column}) > 0)`;
  return sql<SqlBool>`(${column} is not null)`;
}

/** eq/ne and the orderings for types whose values are compared as they are. */
function compareScalar(op: CompareOp, left: Expression<unknown>, right: Expression<unknown>) {
  if (op === 'eq') return sql<SqlBool>`(${left} = ${right})`;
  if (op === 'ne') return sql<SqlBool>`(${left} is distinct from ${right})`;
  return sql<SqlBool>`(${left} ${ORDERING_SQL[op as keyof typeof ORDERING_SQL]} ${right})`;
}

function compareString(op: CompareOp, column: Expression<unknown>, value: string, caseInsensitive: boolean) {
  if (op === 'co' || op === 'sw' || op === 'ew') {
    const pattern = likePattern(op, value);
    return caseInsensitive
      ? sql<SqlBool>`(${column} ilike ${pattern})`
      : sql<SqlBool>`(${column} like ${pattern})`;
  }
  return caseInsensitive
    ? compareScalar(op, sql`lower(${column})`, sql`lower(${value})`)
    : compareScalar(op, column, sql`${value}`);
}

/**
 * A comparison on the index's own expression. The index maps a missing value to the least value,
 * so `lt`/`le` also bound it from below: a missing value still matches no comparison, as the
 * filter language says, and the bound is part of the index range rather than a filter.
 */
function compareIndexed(op: CompareOp, indexed: IndexedExpression, value: Expression<unknown>) {
  const { expression, missing } = indexed;
  // Equality needs no bound: the value is never the missing one (callers keep '' for themselves).
  if (op === 'eq') return sql<SqlBool>`(${expression} = ${value})`;
  const compared = sql<SqlBool>`${expression} ${ORDERING_SQL[op as keyof typeof ORDERING_SQL]} ${value}`;
  return sql<SqlBool>`(${compared} and ${expression} > ${missing})`;
}

/**
 * Equality, orderings and prefixes of a string through its sort index, or null when the index
 * cannot serve the comparison (`ne`, `co`, `ew`, or an empty value, which no index entry tells
 * apart from a missing one). `sw` becomes `like 'prefix%'`, which PostgreSQL reads as a range of
 * an index in the "C" collation.
 */
function indexedString(
  op: CompareOp,
  value: string,
  indexed: IndexedExpression | undefined,
  caseInsensitive: boolean,
): Expression<SqlBool> | null {
  if (!indexed || value === '' || op === 'ne' || op === 'co' || op === 'ew') return null;
  const operand = caseInsensitive ? sql`lower(${value})` : sql`${value}`;
  if (op === 'sw') {
    const pattern = caseInsensitive
      ? sql`lower(${likePattern('sw', value)})`
      : sql`${likePattern('sw', value)}`;
    return sql<SqlBool>`(${indexed.expression} like ${pattern})`;
  }
  return compareIndexed(op, indexed, operand);
}

/** Adds the trigram-served test on the search text to a substring or suffix comparison. */
function withContainedIn(
  condition: Expression<SqlBool>,
  op: CompareOp,
  value: string,
  containedIn: Expression<unknown> | undefined,
): Expression<SqlBool> {
  // Trigrams need three characters; a shorter value would only add work.
  if (!containedIn || (op !== 'co' && op !== 'ew' && op !== 'sw') || value.length < 3) return condition;
  return sql<SqlBool>`(${containsFolded(containedIn, value)} and ${condition})`;
}

/** Multi-valued attributes match when any element matches (RFC 7644 §3.4.2.2). */
function compareStringArray(
  op: CompareOp,
  column: Expression<unknown>,
  value: string,
  caseInsensitive: boolean,
  keys?: Expression<unknown>,
): Expression<SqlBool> {
  if (op === 'ne') {
    // `= any` is NULL for a NULL array or one holding NULL without a match; `is not true` keeps
    // ne the complement of eq.
    const equal = compareStringArray('eq', column, value, caseInsensitive, keys);
    return sql<SqlBool>`((${equal}) is not true)`;
  }
  // The keys never hold NULL and are empty for a missing list, so `@>` is true or false.
  if (op === 'eq' && caseInsensitive && keys) return sql<SqlBool>`(${keys} @> array[lower(${value}::text)])`;
  if (op === 'eq' && !caseInsensitive) return sql<SqlBool>`(${value} = any(${column}))`;
  const element = sql`filter_element.value`;
  const condition =
    op === 'eq'
      ? sql<SqlBool>`lower(${element}) = lower(${value})`
      : sql<SqlBool>`${element} ${sql.raw(caseInsensitive ? 'ilike' : 'like')} ${likePattern(op, value)}`;
  return sql<SqlBool>`exists (select 1 from unnest(${column}) as filter_element(value) where ${condition})`;
}

function likePattern(op: CompareOp, value: string): string {
  // Backslash is LIKE's default escape character, so it is escaped along with the wildcards.
  const escaped = value.replace(/[\\%_]/g, '\\$&');
  if (op === 'sw') return `${escaped}%`;
  if (op === 'ew') return `%${escaped}`;
  return `%${escaped}%`;
}

function opNotAllowed(node: Leaf, op: CompareOp | 'pr', what: string): FilterError {
  return new FilterError(node.position, `operator "${op}" cannot be used on "${node.attr}" (${what})`);
}

function wrongValue(node: Leaf & { kind: 'compare' }, expected: string): FilterError {
  const shown = formatValue(node.value);
  const value = shown.length > 40 ? `${shown.slice(0, 39)}…` : shown;
  return new FilterError(node.position, `"${node.attr}" needs ${expected}, found ${value}`);
}

function expectString(node: Leaf & { kind: 'compare' }): string {
  if (typeof node.value !== 'string') throw wrongValue(node, 'a string value');
  return node.value;
}

function expectNumber(node: Leaf & { kind: 'compare' }): number {
  if (typeof node.value !== 'number' || !Number.isFinite(node.value)) throw wrongValue(node, 'a number');
  return node.value;
}

function expectBoolean(node: Leaf & { kind: 'compare' }): boolean {
  if (typeof node.value !== 'boolean') throw wrongValue(node, 'true or false');
  return node.value;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function expectUuid(node: Leaf & { kind: 'compare' }): string {
  if (typeof node.value !== 'string' || !UUID.test(node.value)) throw wrongValue(node, 'a UUID');
  return node.value;
}

const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|[+-](\d{2}):(\d{2}))?)?$/i;

/**
 * Checks an ISO 8601 date or date-time fully here, so that a value PostgreSQL would refuse (a
 * 30 February, a 25th hour) becomes a FilterError instead of a database error, and returns it
 * with an explicit offset so the session's time zone plays no part.
 */
function expectDate(node: Leaf & { kind: 'compare' }, now: Date): string {
  if (isRelativeDate(node.value)) {
    const resolved = resolveRelativeDate(node.value, now);
    if (!resolved) {
      throw new FilterError(
        node.position,
        `"${formatRelativeDate(node.value)}" falls outside the years 1 to 9999 that dates can hold`,
      );
    }
    return resolved.toISOString();
  }
  const match = typeof node.value === 'string' ? ISO_DATE.exec(node.value) : null;
  if (!match) throw wrongValue(node, 'an ISO 8601 date or date-time');
  const [, year, month, day, hour = '00', minute = '00', second = '00', fraction, offset = 'Z'] = match;
  const [offsetHours = '00', offsetMinutes = '00'] = match.slice(9);
  const y = Number(year);
  const m = Number(month);
  const valid =
    y >= 1 &&
    m >= 1 &&
    m <= 12 &&
    Number(day) >= 1 &&
    Number(day) <= daysInMonth(y, m) &&
    Number(hour) <= 23 &&
    Number(minute) <= 59 &&
    Number(second) <= 59 &&
    Number(offsetHours) <= 15 &&
    Number(offsetMinutes) <= 59;
  if (!valid) throw wrongValue(node, 'an ISO 8601 date or date-time');
  const fractionPart = fraction === undefined ? '' : `.${fraction}`;
  return `${year}-${month}-${day}T${hour}:${minute}:${second}${fractionPart}${offset.toUpperCase()}`;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** A filter compiled in two parts whose AND is the whole filter (#12). */
export interface SplitFilter {
  /** Top-level conditions that are a range of `expression`'s index; null when there are none. */
  range: Expression<SqlBool> | null;
  /** Everything else; null when the range is the whole filter. */
  rest: Expression<SqlBool> | null;
}

const RANGE_OPS: ReadonlySet<CompareOp> = new Set(['eq', 'gt', 'ge', 'lt', 'le', 'sw']);

/**
 * Compiles a filter as `range and rest`, where `range` holds the top-level AND terms that compare
 * a field whose index expression is `expression` (a list's leading sort key): an ordered walk of
 * that index starts and stops at them instead of testing every row it reads. Errors are the same
 * as compileFilter's, in the same order.
 */
export function compileFilterOn(
  node: FilterNode,
  attributes: FilterAttributes,
  expression: Expression<unknown> | null,
): SplitFilter {
  const terms: FilterNode[] = [];
  const flatten = (n: FilterNode) => {
    if (n.kind === 'and') {
      flatten(n.left);
      flatten(n.right);
    } else terms.push(n);
  };
  flatten(node);
  const byName = new Map(Object.entries(attributes).map(([name, a]) => [name.toLowerCase(), a]));
  const inRange = (term: FilterNode) => {
    if (term.kind !== 'compare' || !RANGE_OPS.has(term.op) || expression === null) return false;
    const attribute = byName.get(term.attr.toLowerCase());
    if (!attribute || attribute.type === 'custom' || attribute.indexed?.expression !== expression)
      return false;
    if (attribute.type === 'string') return typeof term.value === 'string' && term.value !== '';
    return attribute.type === 'date' && term.op !== 'sw';
  };
  const range: Expression<SqlBool>[] = [];
  const rest: Expression<SqlBool>[] = [];
  for (const term of terms) (inRange(term) ? range : rest).push(compileFilter(term, attributes));
  const and = (parts: Expression<SqlBool>[]) =>
    parts.length === 0
      ? null
      : parts.length === 1
        ? parts[0]!
        : sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
  return { range: and(range), rest: and(rest) };
}
