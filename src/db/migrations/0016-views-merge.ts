import { type Kysely, sql } from 'kysely';

/**
 * Saved views and merging duplicates (issue 15, points 4 and 6).
 *
 * `saved_views`: a grid's URL state under a name. A private view belongs to its author (an admin
 * user or an API key, as events name actors); a shared one to the tenant. Names are unique, whatever
 * their case, among the tenant's shared views and among each author's private ones.
 * `default_views`: the view each author's grid opens on (at most one; removing the view removes it).
 *
 * `customer_merges`: which customer went into which, so the merged id still leads somewhere (a GET
 * of it answers 404 `customer.merged` naming the survivor). Keyed by the source, which no longer exists.
 *
 * `addresses_postal_key`: duplicate candidates by name and postal code start from the postal code
 * (spaces removed, lower-cased), so they read the addresses with that code rather than every
 * address. Email and phone candidates use customers_email and customers_sort_phone, which exist.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table saved_views (
      tenant_id uuid not null references tenants(id) on delete cascade,
      id uuid not null,
      name text not null,
      shared boolean not null,
      owner_type text not null,
      owner_id text not null,
      q text,
      filter text,
      sort text,
      columns jsonb not null default '[]'::jsonb,
      segment_id uuid,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, segment_id) references segments (tenant_id, id) on delete set null (segment_id)
    )`.execute(db);
  await sql`create unique index saved_views_shared_name on saved_views (tenant_id, lower(name)) where shared`.execute(
    db,
  );
  await sql`create unique index saved_views_private_name on saved_views (tenant_id, owner_type, owner_id, lower(name)) where not shared`.execute(
    db,
  );
  // The list reads the shared views and the caller's own, by name.
  await sql`create index saved_views_owner on saved_views (tenant_id, owner_type, owner_id, (lower(name) collate "C"), id)`.execute(
    db,
  );
  await sql`create index saved_views_segment on saved_views (tenant_id, segment_id) where segment_id is not null`.execute(
    db,
  );
  await sql`
    create table default_views (
      tenant_id uuid not null,
      owner_type text not null,
      owner_id text not null,
      view_id uuid not null,
      updated_at timestamptz not null default now(),
      primary key (tenant_id, owner_type, owner_id),
      foreign key (tenant_id, view_id) references saved_views (tenant_id, id) on delete cascade
    )`.execute(db);
  await sql`create index default_views_view on default_views (tenant_id, view_id)`.execute(db);

  await sql`
    create table customer_merges (
      tenant_id uuid not null references tenants(id) on delete cascade,
      source_id uuid not null,
      survivor_id uuid not null,
      actor_type text not null,
      actor_id text not null,
      merged_at timestamptz not null default now(),
      primary key (tenant_id, source_id)
    )`.execute(db);
  await sql`create index customer_merges_survivor on customer_merges (tenant_id, survivor_id)`.execute(db);

  await sql`create index addresses_postal_key on addresses (tenant_id, (lower(replace(postal_code, ' ', ''))))
    where postal_code is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index addresses_postal_key`.execute(db);
  await sql`drop table customer_merges`.execute(db);
  await sql`drop table default_views`.execute(db);
  await sql`drop table saved_views`.execute(db);
}
