import { type Kysely, sql } from 'kysely';

/**
 * `tags eq "vip"` reads a GIN index of each customer's lower-cased tags (#13). Before, the test ran
 * against every customer's `tags` array in turn, and a segment preview over a tag held by 3% of a
 * million customers tested ~300,000 arrays before its capped count had 10,001 matches (272 ms,
 * past the count's 250 ms budget).
 *
 * `customer_tag_keys` is the lower-cased, NULL-free list the index holds; the filter compiles
 * `eq` to `customer_tag_keys(tags) @> array[lower(value)]`, the same expression, so PostgreSQL
 * matches it to the index. The function is immutable (lower() of the database's collation, which
 * an index on lower(email) relies on already). A missing `tags` gives the empty list: `@>` is
 * then false, never NULL, as the filter language's two-valued `eq` needs.
 *
 * Like the trigram index (0008), the tenant is not a key: it is rechecked on the heap rows the
 * bitmap visits. Customers without tags (most of them) hold GIN's one empty-item entry, so an
 * insert without tags adds almost nothing (docs/benchmarks.md, "Belonging").
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function customer_tag_keys(tags text[]) returns text[]
    language sql immutable parallel safe
    return array(select lower(t) from unnest(tags) as t where t is not null)`.execute(db);
  await sql`create index customers_tag_keys on customers using gin (customer_tag_keys(tags))`.execute(db);
  await sql`analyze customers`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index customers_tag_keys`.execute(db);
  await sql`drop function customer_tag_keys(text[])`.execute(db);
}
