import { sql } from 'kysely';
import type { RequestContext } from '../../lib/context.js';

/** Columns an import writes, as jsonb_to_recordset reads them (snake_case, SQL types). */
export const IMPORT_COLUMNS = {
  is_registered: 'boolean',
  enabled: 'boolean',
  first_name: 'text',
  last_name: 'text',
  email: 'text',
  phone: 'text',
  company_name: 'text',
  organization_id: 'text',
  tax_id: 'text',
  locale: 'text',
  note: 'text',
  tags: 'text[]',
  external_id: 'text',
} as const;
export type ImportColumn = keyof typeof IMPORT_COLUMNS;

export interface ExistingMatch {
  id: string;
  key: string;
  isRegistered: boolean;
  customerSetId: string;
}

const recordsetOf = (columns: readonly string[]) =>
  sql.raw(['id uuid', ...columns.map((c) => `${c} ${IMPORT_COLUMNS[c as ImportColumn]}`)].join(', '));

export const customerImportRepository = {
  /**
   * The customer each key names: by email (index customers_email), the registered one first,
   * else the newest guest; by external id (customers_external_id), the one.
   */
  async matches(ctx: RequestContext, match: 'email' | 'externalId', keys: readonly string[]) {
    if (keys.length === 0) return [] as ExistingMatch[];
    const keyExpr = match === 'email' ? sql`lower(email)` : sql`external_id`;
    const result = await sql<ExistingMatch>`
      select distinct on (${keyExpr}) id, ${keyExpr} as key, is_registered, customer_set_id
      from customers
      where tenant_id = ${ctx.tenantId} and ${keyExpr} = any(${sql.val(keys)}::text[])
      order by ${keyExpr}, is_registered desc, id desc`.execute(ctx.db);
    return result.rows;
  },

  /** Emails of registered customers of the set, among `emails` (index customers_registered_email). */
  async registeredEmails(ctx: RequestContext, customerSetId: string, emails: readonly string[]) {
    if (emails.length === 0) return new Set<string>();
    const result = await sql<{ key: string }>`
      select lower(email) as key from customers
      where tenant_id = ${ctx.tenantId} and customer_set_id = ${customerSetId} and is_registered
        and lower(email) = any(${sql.val(emails)}::text[])`.execute(ctx.db);
    return new Set(result.rows.map((r) => r.key));
  },

  /** External ids among `ids` that customers other than `except` hold. */
  async takenExternalIds(ctx: RequestContext, ids: readonly string[]) {
    if (ids.length === 0) return new Map<string, string>();
    const result = await sql<{ externalId: string; id: string }>`
      select external_id, id from customers
      where tenant_id = ${ctx.tenantId} and external_id = any(${sql.val(ids)}::text[])`.execute(ctx.db);
    return new Map(result.rows.map((r) => [r.externalId, r.id]));
  },

  /**
   * Inserts a batch of customers in one statement: the rows travel as one JSON parameter and
   * json_to_recordset turns them into a set (no per-row round trip, no statement per row). Plain
   * json, read once as the rows are made, where jsonb first built the whole document again:
   * 15 ms less per 2,000 rows on PGlite.
   * `country_code`/`state_code` are the grid's copies of the default billing address. Answers
   * the ids it inserted.
   */
  async insertMany(
    ctx: RequestContext,
    customerSetId: string,
    rows: readonly Record<string, unknown>[],
    unlessExists?: 'email' | 'externalId',
  ): Promise<Set<string>> {
    if (rows.length === 0) return new Set();
    const columns = [...Object.keys(IMPORT_COLUMNS), 'country_code', 'state_code', 'origin_site_id'];
    const typed = {
      ...IMPORT_COLUMNS,
      country_code: 'text',
      state_code: 'text',
      origin_site_id: 'uuid',
      created_at: 'timestamptz',
    } as Record<string, string>;
    const list = sql.raw(columns.join(', '));
    const values = sql.raw(
      columns
        .map((c) =>
          c === 'tags'
            ? 'coalesce(v.tags, array[]::text[])'
            : c === 'enabled' || c === 'is_registered'
              ? `coalesce(v.${c}, ${c === 'enabled'})`
              : `v.${c}`,
        )
        .join(', '),
    );
    const recordset = sql.raw(
      ['id uuid', ...[...columns, 'created_at'].map((c) => `${c} ${typed[c]}`)].join(', '),
    );
    // A row whose key a customer already has is left out. The probe runs row by row just before
    // that row's own index entries are written, so it reads the leaf page of customers_email (or
    // customers_external_id) the insert writes next: a lookup of the whole batch first read every
    // such page once more, and at a million customers (indexes far beyond shared_buffers) that
    // second read was a miss that cost as much as the insert. `offset 0` keeps the subquery a
    // probe through the index for each row: as a join, statistics from before the import (none on
    // PGlite, which has no autovacuum) chose a hash join over a scan of every customer.
    const key = (table: string) =>
      sql.raw(unlessExists === 'email' ? `lower(${table}.email)` : `${table}.external_id`);
    const unless = unlessExists
      ? sql`where not exists (select from customers c
          where c.tenant_id = ${ctx.tenantId} and ${key('c')} = ${key('v')} offset 0)`
      : sql``;
    // created_at: now() unless the row brings its own (the seeder spreads customers over years).
    const result = await sql<{ id: string }>`
      insert into customers (tenant_id, id, customer_set_id, ${list}, attributes, created_at, updated_at)
      select ${ctx.tenantId}, v.id, ${customerSetId}, ${values}, '{}'::jsonb,
        coalesce(v.created_at, now()), coalesce(v.created_at, now())
      from json_to_recordset(${JSON.stringify(rows)}::json) as v(${recordset})
      ${unless}
      ${unlessExists ? sql`returning id` : sql``}`.execute(ctx.db);
    return new Set(unlessExists ? result.rows.map((r) => r.id) : rows.map((r) => r.id as string));
  },

  /** The grid's copies of the default billing address (country, state) for a batch of customers. */
  async setLocations(
    ctx: RequestContext,
    rows: readonly { id: string; country_code: string; state_code: string | null }[],
  ) {
    if (rows.length === 0) return;
    await sql`
      update customers c set country_code = v.country_code, state_code = v.state_code, updated_at = now()
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(id uuid, country_code text, state_code text)
      where c.tenant_id = ${ctx.tenantId} and c.id = v.id`.execute(ctx.db);
  },

  /**
   * Changes the given columns of a batch of customers in one statement (see insertMany), and
   * answers each customer's values of those columns before and after, for its timeline entry.
   * (`o`, the same row joined again, reads the row as the statement found it.)
   */
  async updateMany(
    ctx: RequestContext,
    columns: readonly ImportColumn[],
    rows: readonly Record<string, unknown>[],
  ): Promise<{ id: string; before: Record<string, unknown>; after: Record<string, unknown> }[]> {
    if (rows.length === 0 || columns.length === 0) return [];
    const set = sql.raw(
      columns
        .map((c) => (c === 'tags' ? 'tags = coalesce(v.tags, array[]::text[])' : `${c} = v.${c}`))
        .join(', '),
    );
    const values = (table: string) =>
      sql.raw(`jsonb_build_object(${columns.map((c) => `'${c}', ${table}.${c}`).join(', ')})`);
    const result = await sql<{ id: string; before: Record<string, unknown>; after: Record<string, unknown> }>`
      update customers c set ${set}, version = c.version + 1, updated_at = now()
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(${recordsetOf(columns)})
      join customers o on o.tenant_id = ${ctx.tenantId} and o.id = v.id
      where c.tenant_id = ${ctx.tenantId} and c.id = v.id
      returning c.id, ${values('o')} as before, ${values('c')} as after`.execute(ctx.db);
    return result.rows;
  },

  /**
   * Merges the trigram entries a bulk load left in the GIN pending list (up to 4 MB by
   * default) into the index proper, since every search reads the whole pending list.
   */
  async flushPendingIndexEntries(ctx: RequestContext): Promise<void> {
    await sql`
      select gin_clean_pending_list(i.indexrelid)
      from pg_index i
      join pg_class c on c.oid = i.indexrelid
      join pg_am am on am.oid = c.relam
      where i.indrelid in ('customers'::regclass, 'addresses'::regclass) and am.amname = 'gin'`.execute(
      ctx.db,
    );
  },

  /**
   * Refreshes the planner's statistics after a bulk load: the search and list plans choose by
   * estimated row counts, and PGlite has no autovacuum to do it later.
   */
  async analyze(ctx: RequestContext): Promise<void> {
    await sql`analyze customers`.execute(ctx.db);
    await sql`analyze addresses`.execute(ctx.db);
  },
};
