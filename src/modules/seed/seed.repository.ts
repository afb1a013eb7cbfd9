import { sql } from 'kysely';
import type { RequestContext } from '../../lib/context.js';

/** One generated customer with its single (default billing and shipping) address. */
export interface SeedCustomer {
  id: string;
  isRegistered: boolean;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  companyName: string | null;
  organizationId: string | null;
  taxId: string | null;
  locale: string;
  tags: string[];
  countryCode: string;
  stateCode: string | null;
  createdAt: Date;
  addressId: string;
  line1: string;
  line2: string | null;
  city: string;
  postalCode: string;
}

export interface SeedTarget {
  customerSetId: string;
  originSiteId: string;
}

/** A PostgreSQL array literal for one row's tags; unnest cannot hand out text[] per row from a text[][]. */
const arrayLiteral = (items: string[]) =>
  `{${items.map((item) => `"${item.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;

export const seedRepository = {
  /** Customers of the tenant; the seeder numbers its registered emails on from here. */
  async countCustomers(ctx: RequestContext): Promise<number> {
    const row = await ctx.db
      .selectFrom('customers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenantId', '=', ctx.tenantId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  /**
   * Writes a batch of customers with their addresses in one statement, so one round-trip and
   * one transaction. Every column travels as one array parameter and `unnest` turns the arrays
   * back into rows, which PostgreSQL inserts set-based. The outer statement inserts the
   * addresses from the same rows; their foreign key is checked at the end of the statement,
   * after the customers CTE has run. Raw SQL: Kysely has no builder for `unnest(…) as t(…)`.
   */
  async insertBatch(ctx: RequestContext, target: SeedTarget, rows: SeedCustomer[]): Promise<void> {
    if (rows.length === 0) return;
    const column = <T>(pick: (row: SeedCustomer) => T) => rows.map(pick);
    await sql`
      with batch as (
        select * from unnest(
          ${column((r) => r.id)}::uuid[], ${column((r) => r.isRegistered)}::boolean[],
          ${column((r) => r.firstName)}::text[], ${column((r) => r.lastName)}::text[],
          ${column((r) => r.email)}::text[], ${column((r) => r.phone)}::text[],
          ${column((r) => r.companyName)}::text[], ${column((r) => r.organizationId)}::text[],
          ${column((r) => r.taxId)}::text[], ${column((r) => r.locale)}::text[],
          ${column((r) => arrayLiteral(r.tags))}::text[], ${column((r) => r.countryCode)}::text[],
          ${column((r) => r.stateCode)}::text[], ${column((r) => r.createdAt.toISOString())}::timestamptz[],
          ${column((r) => r.addressId)}::uuid[], ${column((r) => r.line1)}::text[],
          ${column((r) => r.line2)}::text[], ${column((r) => r.city)}::text[],
          ${column((r) => r.postalCode)}::text[]
        ) as b(id, is_registered, first_name, last_name, email, phone, company_name, organization_id,
               tax_id, locale, tags, country_code, state_code, created_at, address_id, line1, line2, city,
               postal_code)
      ),
      inserted as (
        insert into customers (tenant_id, id, customer_set_id, origin_site_id, is_registered, first_name,
          last_name, email, phone, company_name, organization_id, tax_id, locale, tags, country_code,
          state_code, created_at, updated_at)
        select ${ctx.tenantId}::uuid, id, ${target.customerSetId}::uuid, ${target.originSiteId}::uuid,
          is_registered, first_name, last_name, email, phone, company_name, organization_id, tax_id, locale,
          tags::text[], country_code, state_code, created_at, created_at
        from batch
      )
      insert into addresses (tenant_id, id, customer_id, first_name, last_name, company_name, line1, line2,
        city, postal_code, country_code, state_code, phone, is_default_billing, is_default_shipping,
        created_at, updated_at)
      select ${ctx.tenantId}::uuid, address_id, id, first_name, last_name, company_name, line1, line2, city,
        postal_code, country_code, state_code, phone, true, true, created_at, created_at
      from batch`.execute(ctx.db);
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
