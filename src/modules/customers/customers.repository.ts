import { type Expression, type SqlBool, sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { CustomerRow, CustomerUpdate, NewCustomerRow } from '../../db/types.js';
import type { RequestContext } from '../../lib/context.js';
import type { FilterAttributes } from '../../lib/filter/filter-sql.js';
import { afterCursor, orderTerms, type SortField, type SortFields } from '../../lib/list/list-builder.js';
import { keyColumns, keysOf, type ListSpec, type PageWindow } from '../../lib/list/paginate.js';
import { type CustomerSortField, customerSort } from './customers.schemas.js';

const col = (name: string) => sql.ref(`customers.${name}`);

/**
 * Grid sort keys. Each expression is written exactly as in the index that serves it
 * (migration 0001, `customers_sort_*`), or PostgreSQL would sort instead of walking the index.
 */
export const customerSortFields = {
  lastName: { expression: sql`coalesce(${col('lastName')}, '')`, type: 'text' },
  firstName: { expression: sql`coalesce(${col('firstName')}, '')`, type: 'text' },
  companyName: { expression: sql`coalesce(${col('companyName')}, '')`, type: 'text' },
  email: { expression: sql`coalesce(${col('email')}, '')`, type: 'text' },
  phone: { expression: sql`coalesce(${col('phone')}, '')`, type: 'text' },
  countryCode: { expression: sql`coalesce(${col('countryCode')}, '')`, type: 'text' },
  stateCode: { expression: sql`coalesce(${col('stateCode')}, '')`, type: 'text' },
  organizationId: { expression: sql`coalesce(${col('organizationId')}, '')`, type: 'text' },
  taxId: { expression: sql`coalesce(${col('taxId')}, '')`, type: 'text' },
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
  const str = (name: string) => ({ type: 'string' as const, sql: col(name), caseInsensitive: true });
  return {
    id: { type: 'uuid', sql: col('id') },
    firstName: str('firstName'),
    lastName: str('lastName'),
    email: str('email'),
    phone: str('phone'),
    companyName: str('companyName'),
    organizationId: str('organizationId'),
    taxId: str('taxId'),
    locale: str('locale'),
    note: str('note'),
    externalId: str('externalId'),
    countryCode: str('countryCode'),
    country: str('countryCode'),
    stateCode: str('stateCode'),
    state: str('stateCode'),
    tags: { type: 'stringArray', sql: col('tags'), caseInsensitive: true },
    isRegistered: { type: 'boolean', sql: col('isRegistered') },
    enabled: { type: 'boolean', sql: col('enabled') },
    createdAt: { type: 'date', sql: col('createdAt') },
    updatedAt: { type: 'date', sql: col('updatedAt') },
    ordersCount: { type: 'number', sql: col('ordersCount') },
    totalSpent: { type: 'number', sql: col('totalSpentMinor') },
    firstOrderAt: { type: 'date', sql: col('firstOrderAt') },
    lastOrderAt: { type: 'date', sql: col('lastOrderAt') },
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

const customerColumns = [
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
  | 'version'
  | 'createdAt'
  | 'updatedAt'
>;

export interface CustomerListSpec {
  filter: Expression<SqlBool> | null;
  /** Lower-cased search fragment, or null. */
  q: string | null;
  window: PageWindow;
}

/**
 * Search plan settings: how many rows in list order the probe walks before switching to the
 * trigram index, and below how many expected matches a search skips the probe. (Tests set
 * `rareMatches` to 0 to make small data take the probe path too.)
 */
export const searchPlan = { probeRows: 4000, rareMatches: 5000 };

/**
 * The planner's estimate (from pg_trgm's statistics) of how many of the tenant's customers
 * contain the fragment: about 100 for `zque` and 60,000+ for `mail` on a million customers.
 * `offset 0` fences the search subquery in `list`, so the planner reads those matches through
 * the trigram index and sorts them instead of walking the sort index and filtering every row.
 */
async function estimatedMatches(ctx: RequestContext, pattern: string): Promise<number> {
  const result = await sql<Record<string, unknown>>`explain (format json) select 1 from customers
    where tenant_id = ${ctx.tenantId} and search_text like ${pattern}`.execute(ctx.db);
  const plan = Object.values(result.rows[0] ?? {})[0];
  const parsed = (typeof plan === 'string' ? JSON.parse(plan) : plan) as [{ Plan: { 'Plan Rows': number } }];
  return parsed[0].Plan['Plan Rows'];
}

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

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
   * if nobody changed the row since (optimistic locking for If-Match).
   */
  update(ctx: RequestContext, id: string, changes: CustomerUpdate, expectedVersion: number | null) {
    let query = ctx.db
      .updateTable('customers')
      .set({ ...changes, updatedAt: new Date() })
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
   * One page of customers (limit + 1 rows, to know whether another page follows).
   *
   * Substring search needs two plans (DESIGN.md §6): a common fragment is found within the
   * first few rows of the ordered index walk, while a rare one would walk most of the table.
   * So the page is first looked for in the next SEARCH_PROBE_ROWS rows in list order; only
   * if that does not fill it does the query go to the trigram index for every match and sort
   * those (few, by then) matches.
   */
  async list(ctx: RequestContext, spec: CustomerListSpec): Promise<CustomerRecord[]> {
    const { keys, after, rows } = spec.window;
    const base = () => {
      let query = ctx.db
        .selectFrom('customers')
        .select(customerColumns)
        .select(keyColumns(keys))
        .where('customers.tenantId', '=', ctx.tenantId);
      if (spec.filter) query = query.where(spec.filter);
      if (after) query = query.where(afterCursor(keys, after.values, after.id, col('id')));
      return query;
    };
    const outerOrder = orderTerms(keysOf(keys, 'w'), sql.ref('w.id'));
    const ordered = (query: ReturnType<typeof base>) =>
      query.orderBy(orderTerms(keys, col('id'))).limit(rows);

    if (!spec.q) return ordered(base()).execute();
    const pattern = likePattern(spec.q);
    const matches = sql<SqlBool>`${col('searchText')} like ${pattern}`;

    if (spec.q.length >= 3) {
      // A fragment the planner expects to be rare skips the walk: it would read every probe
      // row for nothing before the trigram index answered anyway. (Kysely types a derived
      // table's columns loosely; they are customerColumns plus the page's key columns.)
      const readThroughTrigrams = () =>
        ctx.db
          .selectFrom(base().where(matches).offset(0).as('w'))
          .selectAll('w')
          .orderBy(outerOrder)
          .limit(rows)
          .execute() as Promise<CustomerRecord[]>;
      if ((await estimatedMatches(ctx, pattern)) < searchPlan.rareMatches) return readThroughTrigrams();
      const walk = base()
        .select('customers.searchText')
        .orderBy(orderTerms(keys, col('id')))
        .limit(searchPlan.probeRows);
      const probe = await ctx.db
        .selectFrom(walk.as('w'))
        .selectAll('w')
        .where(sql<SqlBool>`w.search_text like ${pattern}`)
        .orderBy(outerOrder)
        .limit(rows)
        .execute();
      if (probe.length >= rows) return probe.map(({ searchText: _s, ...row }) => row as CustomerRecord);
      return readThroughTrigrams();
    }
    // One- and two-letter fragments cannot use trigrams; they are common, so the walk is short.
    return ordered(base().where(matches)).execute();
  },

  /** Counts matches, stopping at `cap` so no page waits for a full count of a large tenant. */
  async count(
    ctx: RequestContext,
    spec: Pick<CustomerListSpec, 'filter' | 'q'>,
    cap: number,
  ): Promise<number> {
    let inner = ctx.db
      .selectFrom('customers')
      .select(sql`1`.as('one'))
      .where('customers.tenantId', '=', ctx.tenantId);
    if (spec.filter) inner = inner.where(spec.filter);
    if (spec.q) inner = inner.where(sql<SqlBool>`${col('searchText')} like ${likePattern(spec.q)}`);
    const row = await ctx.db
      .selectFrom(inner.limit(cap + 1).as('c'))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
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
