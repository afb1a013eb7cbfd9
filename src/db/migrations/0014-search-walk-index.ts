import { type Kysely, sql } from 'kysely';

/**
 * A search in the grid's default order (A to Z by last name) that matches many customers walks the
 * last-name index and tests each customer's search text (lib/list/plan.ts). Each of those rows was
 * a heap row, read in last-name order from all over the table: about 5 µs each, and a walk reads up
 * to 4,000 of them. The index now also holds `last_name` and `search_text` (INCLUDE, not keys), so
 * the walk is an index-only scan and only the page's rows come from the heap. `last_name` is there
 * because PostgreSQL considers an index-only scan only when every column the query reads is in the
 * index, and the key is an expression of it.
 *
 * It replaces the index rather than adding one: an insert still adds one entry to it, a larger one
 * (docs/benchmarks.md, "The index-only search walk", has the size and the insert cost).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop index customers_sort_last_name`.execute(db);
  await sql`create index customers_sort_last_name on customers
    (tenant_id, (lower(coalesce(last_name, '')) collate "C"), id) include (last_name, search_text)`.execute(
    db,
  );
  await sql`analyze customers`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index customers_sort_last_name`.execute(db);
  await sql`create index customers_sort_last_name on customers
    (tenant_id, (lower(coalesce(last_name, '')) collate "C"), id)`.execute(db);
}
