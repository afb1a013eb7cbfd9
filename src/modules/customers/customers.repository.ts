import { type Expression, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { CustomerRow, CustomerUpdate, DB, NewCustomerRow } from '../../db/types.js';
import type { RequestContext } from '../../lib/context.js';
import { sqlCopyCell, sqlCsvCells } from '../../lib/csv.js';
import { type FilterNode, formatFilter } from '../../lib/filter/filter-parser.js';
import { compileFilterOn, type FilterAttributes } from '../../lib/filter/filter-sql.js';
import { containsFolded } from '../../lib/filter/folded-search.js';
import { plannedRows } from '../../lib/list/estimate.js';
import {
  afterCursor,
  orderTerms,
  type SortField,
  type SortFields,
  type SortKey,
  sortSignature,
} from '../../lib/list/list-builder.js';
import { keyColumns, type ListSpec, type PageWindow, type ReadRows } from '../../lib/list/paginate.js';
import { listPlan, type PageColumns, readPlanned, withinTime, withPageColumns } from '../../lib/list/plan.js';
import type { AttributeChanges } from '../attributes/attributes.service.js';
import { type CustomerSortField, customerSort } from './customers.schemas.js';

const col = (name: string) => sql.ref(`customers.${name}`);

/**
 * A text field's sort key, as its index holds it (migration 0007): lower-cased, missing as '', in
 * the bytewise "C" collation, so the grid's order is case-insensitive and the same on every
 * database, and filters compare on the same expression (customerFilterAttributes).
 */
const textKey = (name: string) => sql`lower(coalesce(${col(name)}, '')) collate "C"`;

/**
 * Grid sort keys. Each expression is written exactly as in the index that serves it
 * (migrations 0001 and 0007, `customers_sort_*`), or PostgreSQL would sort instead of walking
 * the index.
 */
export const customerSortFields = {
  lastName: { expression: textKey('lastName'), type: 'text' },
  firstName: { expression: textKey('firstName'), type: 'text' },
  companyName: { expression: textKey('companyName'), type: 'text' },
  email: { expression: textKey('email'), type: 'text' },
  phone: { expression: textKey('phone'), type: 'text' },
  countryCode: { expression: textKey('countryCode'), type: 'text' },
  stateCode: { expression: textKey('stateCode'), type: 'text' },
  organizationId: { expression: textKey('organizationId'), type: 'text' },
  taxId: { expression: textKey('taxId'), type: 'text' },
  site: {
    expression: sql`coalesce(${col('originSiteId')}, '00000000-0000-0000-0000-000000000000'::uuid)`,
    type: 'uuid',
  },
  tags: { expression: sql`${col('tags')}`, type: 'text[]' },
  createdAt: { expression: sql`${col('createdAt')}`, type: 'timestamptz' },
  updatedAt: { expression: sql`${col('updatedAt')}`, type: 'timestamptz' },
  enabled: { expression: sql`${col('enabled')}`, type: 'boolean' },
  isRegistered: { expression: sql`${col('isRegistered')}`, type: 'boolean' },
  ordersCount: { expression: sql`${col('ordersCount')}`, type: 'integer' },
  totalSpent: { expression: sql`${col('totalSpentMinor')}`, type: 'bigint' },
  lastOrderAt: {
    expression: sql`coalesce(${col('lastOrderAt')}, '-infinity'::timestamptz)`,
    type: 'timestamptz',
  },
} satisfies Record<CustomerSortField, SortField> as SortFields;

/** The customer grid as a list: its sort keys above and the order when `sort` is absent. */
export const customerList: ListSpec = { sortFields: customerSortFields, defaultSort: customerSort.default };

/** Filter attributes (docs/api.md lists them); `country`/`state` are the grid's names. */
export function customerFilterAttributes(ctx: RequestContext): FilterAttributes {
  const sorted = (name: CustomerSortField) => ({
    expression: customerSortFields[name]!.expression,
    missing: sql`''`,
  });
  const str = (name: string, sortField?: CustomerSortField, searchable = false) => ({
    type: 'string' as const,
    sql: col(name),
    caseInsensitive: true,
    ...(sortField ? { indexed: sorted(sortField) } : {}),
    ...(searchable ? { containedIn: col('searchText') } : {}),
  });
  return {
    id: { type: 'uuid', sql: col('id') },
    firstName: str('firstName', 'firstName', true),
    lastName: str('lastName', 'lastName', true),
    email: str('email', 'email', true),
    phone: str('phone', 'phone', true),
    companyName: str('companyName', 'companyName', true),
    organizationId: str('organizationId', 'organizationId'),
    taxId: str('taxId', 'taxId'),
    locale: str('locale'),
    note: str('note'),
    externalId: str('externalId'),
    countryCode: str('countryCode', 'countryCode'),
    country: str('countryCode', 'countryCode'),
    stateCode: str('stateCode', 'stateCode'),
    state: str('stateCode', 'stateCode'),
    // `eq` reads the GIN index of the lower-cased tags (migration 0013).
    tags: {
      type: 'stringArray',
      sql: col('tags'),
      caseInsensitive: true,
      keys: sql`customer_tag_keys(${col('tags')})`,
    },
    isRegistered: { type: 'boolean', sql: col('isRegistered') },
    // Every registered customer has exactly one account (made with it or when it registers; it
    // cannot unregister, and accounts go only with their customer), so the flag is the answer.
    hasAccount: { type: 'boolean', sql: col('isRegistered') },
    enabled: { type: 'boolean', sql: col('enabled') },
    createdAt: { type: 'date', sql: col('createdAt') },
    updatedAt: { type: 'date', sql: col('updatedAt') },
    ordersCount: { type: 'number', sql: col('ordersCount') },
    totalSpent: { type: 'number', sql: col('totalSpentMinor') },
    firstOrderAt: { type: 'date', sql: col('firstOrderAt') },
    lastOrderAt: {
      type: 'date',
      sql: col('lastOrderAt'),
      indexed: {
        expression: customerSortFields.lastOrderAt!.expression,
        missing: sql`'-infinity'::timestamptz`,
      },
    },
    customerSetId: { type: 'uuid', sql: col('customerSetId') },
    originSiteId: { type: 'uuid', sql: col('originSiteId') },
    site: {
      type: 'custom',
      ops: ['eq', 'ne'],
      compile: (op, value) => {
        const inSite = sql<SqlBool>`${col('originSiteId')} in (select s.id from sites s where s.tenant_id = ${ctx.tenantId} and lower(s.code) = lower(${String(value)}))`;
        return op === 'eq' ? inSite : sql<SqlBool>`not coalesce(${inSite}, false)`;
      },
    },
  };
}

export const customerColumns = [
  'customers.id',
  'customers.customerSetId',
  'customers.originSiteId',
  'customers.isRegistered',
  'customers.enabled',
  'customers.firstName',
  'customers.lastName',
  'customers.email',
  'customers.phone',
  'customers.companyName',
  'customers.organizationId',
  'customers.taxId',
  'customers.locale',
  'customers.note',
  'customers.tags',
  'customers.externalId',
  'customers.countryCode',
  'customers.stateCode',
  'customers.ordersCount',
  'customers.totalSpentMinor',
  'customers.firstOrderAt',
  'customers.lastOrderAt',
  'customers.registeredCustomerId',
  'customers.attributes',
  'customers.anonymizedAt',
  'customers.version',
  'customers.createdAt',
  'customers.updatedAt',
] as const;

export type CustomerRecord = Pick<
  CustomerRow,
  | 'id'
  | 'customerSetId'
  | 'originSiteId'
  | 'isRegistered'
  | 'enabled'
  | 'firstName'
  | 'lastName'
  | 'email'
  | 'phone'
  | 'companyName'
  | 'organizationId'
  | 'taxId'
  | 'locale'
  | 'note'
  | 'tags'
  | 'externalId'
  | 'countryCode'
  | 'stateCode'
  | 'ordersCount'
  | 'totalSpentMinor'
  | 'firstOrderAt'
  | 'lastOrderAt'
  | 'registeredCustomerId'
  | 'attributes'
  | 'anonymizedAt'
  | 'version'
  | 'createdAt'
  | 'updatedAt'
>;

export interface CustomerListSpec {
  filter: FilterNode | null;
  /** What the filter may name: customerFilterAttributes and the other modules' (customerFilters). */
  attributes: FilterAttributes;
  /** Lower-cased search fragment, or null. */
  q: string | null;
  window: PageWindow;
  /** What other modules add to each customer of the page, read in the page's statement (PlannedRead). */
  pageColumns?: PageColumns;
}

/** The filter and the search as SQL: the part on the leading sort key's index, and the rest. */
function conditions(spec: Pick<CustomerListSpec, 'filter' | 'attributes' | 'q'>, keys: SortKey[]) {
  const split = spec.filter
    ? compileFilterOn(spec.filter, spec.attributes, keys[0]?.field.expression ?? null)
    : { range: null, rest: null };
  // Served by customers_search_trgm when the fragment is rare (lib/list/plan.ts chooses).
  const search = spec.q ? containsFolded(col('searchText'), spec.q) : null;
  const rest = split.rest && search ? sql<SqlBool>`(${split.rest} and ${search})` : (split.rest ?? search);
  return { range: split.range, rest };
}

const isoText = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const flagText = (column: string) => `case when ${column} then 'true' else 'false' end`;

/** Each customer column of the CSV export as PostgreSQL text, spelled as the JS export spells it. */
export const EXPORT_CELLS: Readonly<Record<string, string>> = {
  id: 'customers.id::text',
  email: 'customers.email',
  firstName: 'customers.first_name',
  lastName: 'customers.last_name',
  phone: 'customers.phone',
  companyName: 'customers.company_name',
  organizationId: 'customers.organization_id',
  taxId: 'customers.tax_id',
  locale: 'customers.locale',
  note: 'customers.note',
  tags: "array_to_string(customers.tags, ', ')",
  externalId: 'customers.external_id',
  isRegistered: flagText('customers.is_registered'),
  enabled: flagText('customers.enabled'),
  createdAt: isoText('customers.created_at'),
  ordersCount: 'customers.orders_count::text',
  totalSpent: 'customers.total_spent_minor::text',
  lastOrderAt: isoText('customers.last_order_at'),
};

/**
 * Export cells that can never start with a formula character nor be empty text (a UUID, true or
 * false, a count, a timestamp or NULL): the COPY writes them as they are, without sqlCopyCell's
 * per-cell test, the same bytes for less work.
 */
const PLAIN_COPY_CELLS = new Set([
  'id',
  'isRegistered',
  'enabled',
  'createdAt',
  'ordersCount',
  'lastOrderAt',
]);

export const customersRepository = {
  insert(ctx: RequestContext, row: Omit<NewCustomerRow, 'tenantId'>) {
    return ctx.db
      .insertInto('customers')
      .values({ ...row, tenantId: ctx.tenantId })
      .returning(customerColumns)
      .executeTakeFirstOrThrow();
  },

  find(ctx: RequestContext, id: string) {
    return ctx.db
      .selectFrom('customers')
      .select(customerColumns)
      .where('customers.tenantId', '=', ctx.tenantId)
      .where('customers.id', '=', id)
      .executeTakeFirst();
  },

  /** The customer, its row locked until commit: orders and credit for it wait (their foreign keys lock it too). */
  findForUpdate(ctx: RequestContext, id: string) {
    return ctx.db
      .selectFrom('customers')
      .select(customerColumns)
      .where('customers.tenantId', '=', ctx.tenantId)
      .where('customers.id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  },

  /** The customer with its addresses in one query (jsonArrayFrom). */
  findWithAddresses(ctx: RequestContext, id: string) {
    return ctx.db
      .selectFrom('customers')
      .select(customerColumns)
      .select((eb) =>
        jsonArrayFrom(
          eb
            .selectFrom('addresses')
            .selectAll('addresses')
            .whereRef('addresses.tenantId', '=', 'customers.tenantId')
            .whereRef('addresses.customerId', '=', 'customers.id')
            .orderBy('addresses.id'),
        ).as('addresses'),
      )
      .where('customers.tenantId', '=', ctx.tenantId)
      .where('customers.id', '=', id)
      .executeTakeFirst();
  },

  /**
   * Applies changes and bumps the version. With `expectedVersion` the update only happens
   * if nobody changed the row since (optimistic locking for If-Match). Custom attributes merge
   * per code in SQL, so two writers of different codes do not undo each other.
   */
  update(
    ctx: RequestContext,
    id: string,
    changes: CustomerUpdate,
    expectedVersion: number | null,
    attributes: AttributeChanges = { set: {}, remove: [] },
  ) {
    const merged =
      Object.keys(attributes.set).length > 0 || attributes.remove.length > 0
        ? {
            attributes: sql<string>`(${col('attributes')} || ${JSON.stringify(attributes.set)}::jsonb) - ${attributes.remove}::text[]`,
          }
        : {};
    let query = ctx.db
      .updateTable('customers')
      .set({ ...changes, ...merged, updatedAt: new Date() })
      .set((eb) => ({ version: eb('version', '+', 1) }))
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id);
    if (expectedVersion !== null) query = query.where('version', '=', expectedVersion);
    return query
      .returning(customerColumns.map((c) => c.replace('customers.', '')) as never)
      .executeTakeFirst() as Promise<CustomerRecord | undefined>;
  },

  /** Keeps the grid's country and state columns equal to the default billing address. */
  setBillingLocation(ctx: RequestContext, id: string, countryCode: string | null, stateCode: string | null) {
    return ctx.db
      .updateTable('customers')
      .set({ countryCode, stateCode, updatedAt: new Date() })
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .execute();
  },

  async delete(ctx: RequestContext, id: string): Promise<boolean> {
    const result = await ctx.db
      .deleteFrom('customers')
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },

  /**
   * One page of customers (limit + 1 rows, to know whether another page follows). Without a
   * filter or search it is a plain walk of the sort index. With one, lib/list/plan.ts chooses:
   * the filter's terms on the sort key bound the walk (an index range), and the rest is either
   * collected through its own index (a rare match) or tested row by row along a walk with a
   * budget (a common one), which answers a partial page when the budget runs out.
   */
  async list(ctx: RequestContext, spec: CustomerListSpec): Promise<ReadRows<CustomerRecord>> {
    const { keys, after, rows } = spec.window;
    const select = (db: RequestContext['db'], range: Expression<SqlBool> | null) => {
      let query = db
        .selectFrom('customers')
        .select(customerColumns)
        .select(keyColumns(keys))
        .where('customers.tenantId', '=', ctx.tenantId);
      if (range) query = query.where(range);
      if (after) query = query.where(afterCursor(keys, after.values, after.id, col('id')));
      return query;
    };
    if (!spec.filter && !spec.q)
      return withPageColumns(select(ctx.db, null), spec.pageColumns, col('id'))
        .orderBy(orderTerms(keys, col('id')))
        .limit(rows)
        .execute();
    const { range, rest } = conditions(spec, keys);
    return readPlanned<CustomerRecord>(ctx, {
      window: spec.window,
      idColumn: col('id'),
      select: (db) => select(db, range),
      condition: rest,
      pageColumns: spec.pageColumns,
      planKey: [
        ctx.tenantId,
        sortSignature(keys),
        spec.filter ? formatFilter(spec.filter) : '',
        spec.q ?? '',
      ].join('\n'),
    });
  },

  /**
   * A page of an export: the customers matching the filter and search after `afterId`, in id
   * order (the primary key walks; no OFFSET, so page 5,000 costs what page 1 does), each with
   * its default billing address as JSON. Not time-bounded: an export reads every match once.
   */
  exportPage(
    ctx: RequestContext,
    spec: Pick<CustomerListSpec, 'filter' | 'attributes' | 'q'>,
    afterId: string | null,
    limit: number,
    ids?: readonly string[],
  ) {
    const { range, rest } = conditions(spec, []);
    let query = ctx.db
      .selectFrom('customers')
      .select(customerColumns)
      .where('customers.tenantId', '=', ctx.tenantId);
    for (const condition of [range, rest]) if (condition) query = query.where(condition);
    if (ids) query = query.where('customers.id', '=', sql<string>`any(${sql.val(ids)}::uuid[])`);
    if (afterId) query = query.where('customers.id', '>', afterId);
    return query.orderBy('customers.id').limit(limit).execute();
  },

  /**
   * A page of the CSV export as PostgreSQL writes it: each customer's id and its cells for
   * `head` and `tail` (export column names, see EXPORT_CELLS), already formula-safe and quoted.
   * Same selection and order as exportPage.
   */
  exportCsvPage(
    ctx: RequestContext,
    spec: Pick<CustomerListSpec, 'filter' | 'attributes' | 'q'>,
    afterId: string | null,
    limit: number,
    ids: readonly string[] | undefined,
    columns: { head: readonly string[]; tail: readonly string[] },
  ) {
    const { range, rest } = conditions(spec, []);
    const cells = (names: readonly string[]) =>
      sqlCsvCells(names.map((name) => sql.raw<string | null>(EXPORT_CELLS[name] ?? 'null')));
    let query = ctx.db
      .selectFrom('customers')
      .select(['customers.id', cells(columns.head).as('head'), cells(columns.tail).as('tail')])
      .where('customers.tenantId', '=', ctx.tenantId);
    for (const condition of [range, rest]) if (condition) query = query.where(condition);
    if (ids) query = query.where('customers.id', '=', sql<string>`any(${sql.val(ids)}::uuid[])`);
    if (afterId) query = query.where('customers.id', '>', afterId);
    return query.orderBy('customers.id').limit(limit).execute();
  },

  /**
   * The CSV export as one statement for COPY (src/db/copy-out.ts): the export's `columns` in
   * order, each a formula-safe cell that PostgreSQL's CSV writer quotes, those named `address.*`
   * from `billing` (the addresses module's table of default billing cells, `a0`… in the order of
   * the address columns), every match in id order. Same selection as exportPage.
   */
  exportCopyQuery(
    ctx: RequestContext,
    spec: Pick<CustomerListSpec, 'filter' | 'attributes' | 'q'>,
    ids: readonly string[] | undefined,
    columns: readonly string[],
    // The addresses module's defaultBillingCopyCells, typed by shape: a type import of that module
    // would make an import cycle.
    billing: SelectQueryBuilder<DB, 'addresses', { tenantId: string; customerId: string }> | null,
  ) {
    const { range, rest } = conditions(spec, []);
    let address = 0;
    const cells = columns.map((name) => {
      // The address cells come formula-safe from the addresses module's subquery. Wrapping them
      // again would cost more than twice: PostgreSQL pulls the subquery up, so each mention of
      // billing.aN in the outer test is its whole expression evaluated again.
      if (name.startsWith('address.'))
        return sql.raw<string | null>(billing ? `billing.a${address++}` : 'null').as(name);
      const cell = sql.raw<string | null>(EXPORT_CELLS[name] ?? 'null');
      return (PLAIN_COPY_CELLS.has(name) ? cell : sqlCopyCell(cell)).as(name);
    });
    let query = ctx.db.selectFrom('customers');
    if (billing)
      query = query.leftJoin(billing.as('billing'), (join) =>
        join
          .onRef('billing.tenantId', '=', 'customers.tenantId')
          .onRef('billing.customerId', '=', 'customers.id'),
      );
    let select = query.select(cells).where('customers.tenantId', '=', ctx.tenantId);
    for (const condition of [range, rest]) if (condition) select = select.where(condition);
    if (ids) select = select.where('customers.id', '=', sql<string>`any(${sql.val(ids)}::uuid[])`);
    return select.orderBy('customers.id').compile();
  },

  /**
   * Counts matches, stopping at `cap` so no page waits for a full count of a large tenant, and
   * giving up (null) when even that takes longer than the count's time (a rare match that no index
   * finds): the page then reports the rows it shows as a lower bound.
   */
  async count(
    ctx: RequestContext,
    spec: Pick<CustomerListSpec, 'filter' | 'attributes' | 'q'>,
    cap: number,
  ): Promise<number | null> {
    const { range, rest } = conditions(spec, []);
    const counted = async (db: RequestContext['db']) => {
      let inner = db
        .selectFrom('customers')
        .select(sql`1`.as('one'))
        .where('customers.tenantId', '=', ctx.tenantId);
      for (const condition of [range, rest]) if (condition) inner = inner.where(condition);
      const row = await db
        .selectFrom(inner.limit(cap + 1).as('c'))
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    };
    if (!spec.filter && !spec.q) return counted(ctx.db);
    return withinTime(ctx, listPlan.countTimeoutMs, (trx) => counted(trx.db));
  },

  /** The planner's estimate of the matches (the total beyond the count's cap: "about N"). */
  estimate(
    ctx: RequestContext,
    spec: Pick<CustomerListSpec, 'filter' | 'attributes' | 'q'>,
  ): Promise<number> {
    const { range, rest } = conditions(spec, []);
    let query = ctx.db
      .selectFrom('customers')
      .select(sql`1`.as('one'))
      .where('customers.tenantId', '=', ctx.tenantId);
    for (const condition of [range, rest]) if (condition) query = query.where(condition);
    return plannedRows(query);
  },

  /** Guests of a customer set with this email (not yet linked), newest first. */
  guestsByEmail(ctx: RequestContext, customerSetId: string, email: string) {
    return (
      ctx.db
        .selectFrom('customers')
        .select(customerColumns)
        .where('customers.tenantId', '=', ctx.tenantId)
        // Served by customers_email (tenant_id, lower(email)).
        .where(sql`lower(customers.email)`, '=', email.toLowerCase())
        .where('customers.customerSetId', '=', customerSetId)
        .where('customers.isRegistered', '=', false)
        .where('customers.registeredCustomerId', 'is', null)
        .orderBy('customers.id', 'desc')
        .limit(1000)
        .execute()
    );
  },

  /** Links guests to the registered customer that takes over their history (they are kept). */
  linkGuests(ctx: RequestContext, guestIds: readonly string[], registeredCustomerId: string) {
    if (guestIds.length === 0) return Promise.resolve();
    return ctx.db
      .updateTable('customers')
      .set({ registeredCustomerId, updatedAt: new Date() })
      .set((eb) => ({ version: eb('version', '+', 1) }))
      .where('tenantId', '=', ctx.tenantId)
      .where('id', 'in', guestIds)
      .execute()
      .then(() => undefined);
  },

  /**
   * Changes fields the account rules own (registered, enabled, a confirmed email) and bumps the
   * version, so an admin's form read before the change gets a 412 rather than undoing it.
   */
  setAccountFields(
    ctx: RequestContext,
    id: string,
    changes: Pick<CustomerUpdate, 'isRegistered' | 'enabled' | 'email'>,
  ) {
    return ctx.db
      .updateTable('customers')
      .set({ ...changes, updatedAt: new Date() })
      .set((eb) => ({ version: eb('version', '+', 1) }))
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .execute();
  },
};
