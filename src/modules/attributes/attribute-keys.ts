import { createHash } from 'node:crypto';
import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import { FilterError } from '../../lib/filter/filter-error.js';
import type { CompareOp, FilterValue } from '../../lib/filter/filter-parser.js';
import type { FilterAttribute } from '../../lib/filter/filter-sql.js';
import type { SortField } from '../../lib/list/list-builder.js';
import { type AttributeDefinition, normaliseDate } from './attribute-values.js';

/**
 * The SQL of one custom attribute over `customers.attributes`: the filter's comparisons, the
 * sort key and the expression its index holds. The code goes into the SQL as a literal, never
 * a parameter: PostgreSQL matches a query to an expression index only on the same expression,
 * literals included (codes are `^[a-z][a-zA-Z0-9]*$`, so the literal is plain too).
 */
const column = sql.ref('customers.attributes');
const json = (code: string) => sql`(${column} -> ${sql.lit(code)})`;
const text = (code: string) => sql`(${column} ->> ${sql.lit(code)})`;

/**
 * The sort key and index expression of an indexed attribute, total as the list builder needs
 * (a missing value is the least one): text and option values lower-cased in the "C" collation as
 * the grid's own text columns (migration 0007); dates and booleans as their stored text (ISO UTC
 * date-times sort as time does; '' < 'false' < 'true'); numbers as float8 with -Infinity for
 * missing (checked to be JSON numbers first, so no stored value can make the cast fail).
 */
function keyExpression(definition: AttributeDefinition): SortField | null {
  const { code } = definition;
  switch (definition.type) {
    case 'text':
    case 'enum':
      return { expression: sql`lower(coalesce(${text(code)}, '')) collate "C"`, type: 'text' };
    case 'date':
    case 'boolean':
      return { expression: sql`coalesce(${text(code)}, '') collate "C"`, type: 'text' };
    case 'number':
      return {
        expression: sql`coalesce(case when jsonb_typeof(${json(code)}) = 'number' then ${text(code)}::float8 end, '-Infinity'::float8)`,
        type: 'float8',
      };
    case 'multiEnum':
      return null;
  }
}

// One key object per definition read, so the filter and the sort of one request share it: the
// list's planner recognises a filter on the leading sort key by the expression's identity.
const keys = new WeakMap<AttributeDefinition, SortField | null>();

export function attributeKey(definition: AttributeDefinition): SortField | null {
  if (!keys.has(definition)) keys.set(definition, keyExpression(definition));
  return keys.get(definition) ?? null;
}

/** The name of an indexed attribute's index: per tenant (a short hash of its id) and code. */
export function attributeIndexName(tenantId: string, code: string): string {
  const tenant = createHash('sha256').update(tenantId).digest('hex').slice(0, 12);
  return `customers_attr_${tenant}_${code}`.slice(0, 63);
}

const ORDERING = { gt: sql.raw('>'), ge: sql.raw('>='), lt: sql.raw('<'), le: sql.raw('<=') };
type Ordering = keyof typeof ORDERING;

const refuse = (position: number, what: string) => new FilterError(position, what);

/** The filter attribute `attributes.<code>`, compiled onto the index's expression when indexed. */
export function attributeFilter(definition: AttributeDefinition): FilterAttribute {
  const { code } = definition;
  const key = definition.indexed ? attributeKey(definition) : null;
  switch (definition.type) {
    case 'text':
    case 'enum':
      return {
        type: 'string',
        sql: text(code),
        caseInsensitive: true,
        ...(key ? { indexed: { expression: key.expression, missing: sql`''` } } : {}),
      };
    case 'boolean':
      return {
        type: 'custom',
        ops: ['eq', 'ne'],
        compile: (op, value, position) => booleanFilter(code, op, value, position),
      };
    case 'number':
      return {
        type: 'custom',
        ops: 'all',
        compile: (op, value, position) => numberFilter(definition, op, value, position),
      };
    case 'date':
      return {
        type: 'custom',
        ops: 'all',
        compile: (op, value, position) => dateFilter(definition, op, value, position),
      };
    case 'multiEnum':
      return {
        type: 'custom',
        ops: 'all',
        compile: (op, value, position) => optionsFilter(code, op, value, position),
      };
  }
}

type Op = CompareOp | 'pr';

/** eq/ne null and pr, which every type answers the same way: is there a value at all. */
function presence(code: string, op: Op, value: FilterValue): Expression<SqlBool> | null {
  if (op === 'pr' || (op === 'ne' && value === null)) return sql<SqlBool>`(${json(code)} is not null)`;
  if (op === 'eq' && value === null) return sql<SqlBool>`(${json(code)} is null)`;
  return null;
}

function booleanFilter(code: string, op: Op, value: FilterValue, position: number): Expression<SqlBool> {
  const present = presence(code, op, value);
  if (present) return present;
  if (typeof value !== 'boolean') throw refuse(position, `"attributes.${code}" needs true or false`);
  // `is distinct from` keeps ne the complement of eq for customers without the value.
  const literal = sql.lit(String(value));
  return op === 'eq'
    ? sql<SqlBool>`(${text(code)} = ${literal})`
    : sql<SqlBool>`(${text(code)} is distinct from ${literal})`;
}

/** A comparison on an index key whose least value means missing: a missing value matches none. */
function onKey(
  key: RawBuilder<unknown>,
  op: Ordering | 'eq',
  value: Expression<unknown>,
  missing: Expression<unknown>,
) {
  if (op === 'eq') return sql<SqlBool>`(${key} = ${value})`;
  return sql<SqlBool>`(${key} ${ORDERING[op]} ${value} and ${key} > ${missing})`;
}

function numberFilter(definition: AttributeDefinition, op: Op, value: FilterValue, position: number) {
  const { code } = definition;
  const present = presence(code, op, value);
  if (present) return present;
  if (op === 'co' || op === 'sw' || op === 'ew' || op === 'pr')
    throw refuse(position, `operator "${op}" cannot be used on "attributes.${code}" (a number)`);
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw refuse(position, `"attributes.${code}" needs a number`);
  const key = attributeKey(definition)!.expression;
  const bound = sql`cast(${value} as float8)`;
  if (op === 'ne') return sql<SqlBool>`((${key} = ${bound}) is not true)`;
  return onKey(key, op, bound, sql`'-Infinity'::float8`);
}

function dateFilter(definition: AttributeDefinition, op: Op, value: FilterValue, position: number) {
  const { code } = definition;
  const present = presence(code, op, value);
  if (present) return present;
  if (op === 'co' || op === 'sw' || op === 'ew' || op === 'pr')
    throw refuse(position, `operator "${op}" cannot be used on "attributes.${code}" (a date)`);
  const date = typeof value === 'string' ? normaliseDate(value) : null;
  if (!date) throw refuse(position, `"attributes.${code}" needs an ISO 8601 date or date-time`);
  const key = attributeKey(definition)!.expression;
  const bound = sql`${date}`;
  if (op === 'ne') return sql<SqlBool>`(${text(code)} is distinct from ${bound})`;
  return onKey(key, op, bound, sql`''`);
}

/** A multiEnum matches `eq`/`co` an option it holds; `ne` is the complement; `pr`, any option. */
function optionsFilter(code: string, op: Op, value: FilterValue, position: number) {
  if (op === 'pr') return sql<SqlBool>`(jsonb_array_length(coalesce(${json(code)}, '[]'::jsonb)) > 0)`;
  if (op !== 'eq' && op !== 'co' && op !== 'ne')
    throw refuse(
      position,
      `operator "${op}" cannot be used on "attributes.${code}" (a list of options): use eq, co or ne`,
    );
  if (typeof value !== 'string') throw refuse(position, `"attributes.${code}" needs an option value`);
  const holds = sql<SqlBool>`(coalesce(${json(code)}, '[]'::jsonb) @> jsonb_build_array(${value}::text))`;
  return op === 'ne' ? sql<SqlBool>`(${holds} is not true)` : holds;
}
