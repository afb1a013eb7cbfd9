import { type Kysely, sql } from 'kysely';

/**
 * Filters use the sort indexes (#12). A filter on a text field compares case-insensitively, so
 * the sort indexes of text fields hold the lower-cased value: `lastName ge "M"` is then a range of
 * the index the grid sorts by, and `countryCode eq "NZ"` an equality on its index, instead of a
 * walk that throws rows away. `collate "C"` makes the order bytewise on every database, whatever
 * its locale, and lets PostgreSQL read a `like 'smi%'` prefix as a range of the same index. The
 * grid's text order becomes case-insensitive ("adams" beside "Adams"), which is what people expect.
 * The indexes are replaced, not added: each costs every insert.
 */
const TEXT_SORT_COLUMNS = [
  'last_name',
  'first_name',
  'company_name',
  'email',
  'phone',
  'country_code',
  'state_code',
  'organization_id',
  'tax_id',
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of TEXT_SORT_COLUMNS) {
    await sql.raw(`drop index customers_sort_${column}`).execute(db);
    await sql
      .raw(
        `create index customers_sort_${column} on customers (tenant_id, (lower(coalesce(${column}, '')) collate "C"), id)`,
      )
      .execute(db);
  }
  // PostgreSQL keeps statistics per index expression, gathered by ANALYZE only: the list plans
  // read them (lib/list/plan.ts), and autovacuum would not analyze an unchanged table for a while.
  await sql`analyze customers`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const column of TEXT_SORT_COLUMNS) {
    await sql.raw(`drop index customers_sort_${column}`).execute(db);
    await sql
      .raw(`create index customers_sort_${column} on customers (tenant_id, coalesce(${column}, ''), id)`)
      .execute(db);
  }
}
