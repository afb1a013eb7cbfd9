import { type Kysely, sql } from 'kysely';

/**
 * The search's trigram index holds the search text alone (#12). As `(tenant_id, search_text
 * gin_trgm_ops)` (btree_gin), the tenant was itself a GIN key whose posting tree holds every row of
 * the tenant, and each rare search intersected the fragment's few postings with it: 9.8 ms where
 * the trigram postings alone take 3.4 (docs/benchmarks.md, "The search path"). The tenant is now a
 * recheck on the heap rows the bitmap visits anyway; another tenant's matches are visited and
 * dropped, which costs only when a fragment is rare here and common there. The index is replaced,
 * not added, so an insert costs what it did.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop index customers_search_trgm`.execute(db);
  await sql`create index customers_search_trgm on customers using gin (search_text gin_trgm_ops)`.execute(db);
  await sql`analyze customers`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index customers_search_trgm`.execute(db);
  await sql`create index customers_search_trgm on customers using gin (tenant_id, search_text gin_trgm_ops)`.execute(
    db,
  );
}
