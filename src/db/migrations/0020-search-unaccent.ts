import { type Kysely, sql } from 'kysely';

/**
 * Search that finds what people type (the admin-app issue, point 6; docs/benchmarks.md,
 * "Accent-insensitive search").
 *
 * `clientele_unaccent(text)` is contrib's `unaccent` with its dictionary named: `unaccent(text)`
 * is only STABLE (it looks the dictionary up by search_path), and a generated column or an index
 * needs an IMMUTABLE expression. The extension's schema is read here and written into the body,
 * so the function does not depend on the search_path of whoever inserts a row. A plain SQL
 * function without SET clauses, so PostgreSQL inlines it and a constant argument folds at plan
 * time (the planner then estimates the search pattern itself).
 *
 * `customers.search_text` keeps its name and stays a generated column (the previous release
 * reads it and filters `search_text like …` during a rolling upgrade); only its expression folds
 * accents now, so the previous release's search ignores accents on this schema too ("o" finds
 * "Ó Briain", which its own customer-list test does not expect). A generated column's expression cannot be altered, so it is dropped and added
 * again, which rewrites the table and drops the trigram index with it; the index is built again.
 *
 * Orders gain a trigram index over their number, email and the names on their addresses,
 * through `clientele_order_search_text`, so the Orders page finds a fragment of any of them. Its
 * body names clientele_unaccent with its schema: since PostgreSQL 17 (PGlite) CREATE INDEX and
 * ANALYZE evaluate index expressions with a search_path of pg_catalog only.
 *
 * Abandoned carts sort by value within a currency: carts_open_value becomes
 * carts_open_currency_value (tenant_id, currency, subtotal_minor, id) on the same partial
 * predicate, which serves both a currency filter sorted by value and the value sort grouped
 * by currency. The currency is indexed as text because the list's keyset compares text.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const { rows: own } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const ownSchema = sql.id(own[0]!.schema);
  if (await unaccentUnavailableOnPGlite(db)) {
    // A PGlite opened without the contrib bundle: only the previous release's test setup during a
    // rolling-upgrade run (test/upgrade) opens one; this release always loads it (db/database.ts).
    await sql`
      create function clientele_unaccent(text) returns text
        language sql immutable parallel safe strict as $$ select $1 $$`.execute(db);
  } else {
    await sql`create extension if not exists unaccent`.execute(db);
    const { rows } = await sql<{ schema: string }>`
      select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace
      where e.extname = 'unaccent'`.execute(db);
    const schema = sql.id(rows[0]!.schema);
    const dictionary = sql.lit(`${rows[0]!.schema}.unaccent`);
    await sql`
      create function clientele_unaccent(text) returns text
        language sql immutable parallel safe strict
        as $$ select ${schema}.unaccent(${dictionary}::regdictionary, $1) $$`.execute(db);
  }

  await sql`alter table customers drop column search_text`.execute(db);
  await sql`
    alter table customers add column search_text text generated always as (
      lower(clientele_unaccent(
        coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(email, '') || ' ' ||
        coalesce(company_name, '') || ' ' || coalesce(phone, '')))
    ) stored`.execute(db);
  await sql`create index customers_search_trgm on customers using gin (search_text gin_trgm_ops)`.execute(db);

  await sql`
    create function clientele_order_search_text(number text, email text, billing jsonb, shipping jsonb)
      returns text language sql immutable parallel safe
      as $$ select lower(${ownSchema}.clientele_unaccent(
        number || ' ' || coalesce(email, '') || ' ' ||
        coalesce(billing->>'firstName', '') || ' ' || coalesce(billing->>'lastName', '') || ' ' ||
        coalesce(billing->>'companyName', '') || ' ' ||
        coalesce(shipping->>'firstName', '') || ' ' || coalesce(shipping->>'lastName', ''))) $$`.execute(db);
  await sql`
    create index orders_search_trgm on orders
      using gin (clientele_order_search_text(number, email, billing_address, shipping_address) gin_trgm_ops)`.execute(
    db,
  );

  await sql`
    create index carts_open_currency_value on carts (tenant_id, (currency::text), subtotal_minor, id)
      where converted_order_id is null and line_count > 0`.execute(db);
  await sql`drop index carts_open_value`.execute(db);
  await sql`analyze customers`.execute(db);
  await sql`analyze orders`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index carts_open_value on carts (tenant_id, subtotal_minor, id)
      where converted_order_id is null and line_count > 0`.execute(db);
  await sql`drop index carts_open_currency_value`.execute(db);
  await sql`drop index orders_search_trgm`.execute(db);
  await sql`drop function clientele_order_search_text(text, text, jsonb, jsonb)`.execute(db);
  await sql`alter table customers drop column search_text`.execute(db);
  await sql`
    alter table customers add column search_text text generated always as (
      lower(coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(email, '') || ' ' ||
            coalesce(company_name, '') || ' ' || coalesce(phone, ''))
    ) stored`.execute(db);
  await sql`create index customers_search_trgm on customers using gin (search_text gin_trgm_ops)`.execute(db);
  await sql`drop function clientele_unaccent(text)`.execute(db);
}

/** PGlite without contrib unaccent loaded; a PostgreSQL server without it fails the migration instead. */
async function unaccentUnavailableOnPGlite(db: Kysely<unknown>): Promise<boolean> {
  const { rows } = await sql<{ missing: boolean }>`
    select version() like '%PGlite%'
      and not exists (select 1 from pg_available_extensions where name = 'unaccent') as missing`.execute(db);
  return rows[0]!.missing;
}
