import { type Kysely, sql } from 'kysely';

/**
 * Segments (issue 13): a named customer filter, kept as its text so that members are whoever
 * matches when it is read (relative dates such as `now-90d` move with the clock). Names are unique
 * per tenant whatever their case, so a list of segments never shows two that look the same.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table segments (
      tenant_id uuid not null references tenants(id) on delete cascade,
      id uuid not null,
      name text not null,
      description text,
      filter text not null,
      created_by_type text not null,
      created_by_id text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id)
    )`.execute(db);
  await sql`create unique index segments_name_unique on segments (tenant_id, lower(name))`.execute(db);
  // The list's sort keys, written as segments.repository.ts sorts (tenant_id, key, id).
  await sql`create index segments_sort_name on segments (tenant_id, (lower(name) collate "C"), id)`.execute(
    db,
  );
  await sql`create index segments_sort_created_at on segments (tenant_id, created_at, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table segments`.execute(db);
}
