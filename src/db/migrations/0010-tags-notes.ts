import { type Kysely, sql } from 'kysely';

/**
 * Tags and staff notes (issue 13, points 3 and 4).
 *
 * `customer_tag_counts` answers tag completion (GET /admin/v1/tags) without unnesting a million
 * customers' tags (~1 s): one row per tenant and lower-cased tag with the number of customers
 * holding it. Triggers on customers keep it true whoever writes the rows (the services, the
 * seeder's set-based inserts, an import's COPY): inserts and deletes once per statement through
 * transition tables, so a bulk insert costs one aggregate, not one call per row; updates per row,
 * and only when `tags` really changed (the WHEN clause is checked without calling the function).
 * Counts are changed by one ordered upsert, so two transactions touching the same tags lock their
 * rows in the same order; a tag whose count reaches 0 is deleted.
 *
 * `customer_notes` holds staff notes; the author is an actor like an event's (admin user, API
 * key or the CLI's system actor), so `author_type` sits beside `author_id`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table customer_tag_counts (
      tenant_id uuid not null references tenants(id) on delete cascade,
      tag_key text collate "C" not null,
      tag text not null,
      customer_count integer not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, tag_key)
    )`.execute(db);
  // Completion without a prefix reads the most used tags first, straight off this index; a prefix
  // is a range of the primary key (its "C" collation lets LIKE 'vi%' use it).
  await sql`create index customer_tag_counts_popular on customer_tag_counts (tenant_id, customer_count desc, tag_key)`.execute(
    db,
  );

  // Adds signed deltas to the counts of some (tenant, tag key) pairs; `tag` is the spelling shown
  // for a new row (an existing row keeps its own). Rows are upserted in key order so concurrent
  // writers never wait on each other in a circle.
  await sql`
    create function customer_tag_counts_bump(tenants uuid[], tag_keys text[], tags text[], deltas bigint[])
    returns void language plpgsql as $$
    begin
      insert into customer_tag_counts as c (tenant_id, tag_key, tag, customer_count)
      select d.tenant_id, d.tag_key, d.tag, d.delta
        from unnest(tenants, tag_keys, tags, deltas) as d(tenant_id, tag_key, tag, delta)
       where d.delta <> 0
       order by d.tenant_id, d.tag_key
      on conflict (tenant_id, tag_key) do update
        set customer_count = c.customer_count + excluded.customer_count, updated_at = now();
      delete from customer_tag_counts c
       using unnest(tenants, tag_keys, deltas) as d(tenant_id, tag_key, delta)
       where d.delta < 0 and c.tenant_id = d.tenant_id and c.tag_key = d.tag_key and c.customer_count <= 0;
    end $$`.execute(db);

  // Each customer counts once per tag key, whatever spellings its array holds.
  for (const [name, rows, sign] of [
    ['insert', 'new_rows', '+'],
    ['delete', 'old_rows', '-'],
  ] as const) {
    await sql
      .raw(`
      create function customer_tag_counts_on_${name}() returns trigger language plpgsql as $$
      begin
        perform customer_tag_counts_bump(array_agg(tenant_id), array_agg(tag_key), array_agg(tag), array_agg(${sign}n))
           from (select tenant_id, tag_key, min(tag) as tag, count(*) as n
                   from (select distinct on (r.tenant_id, r.id, lower(t)) r.tenant_id, lower(t) as tag_key, t as tag
                           from ${rows} r cross join unnest(r.tags) as t) per_customer
                  group by tenant_id, tag_key) d
         having count(*) > 0;
        return null;
      end $$`)
      .execute(db);
  }
  await sql`
    create function customer_tag_counts_on_update() returns trigger language plpgsql as $$
    begin
      perform customer_tag_counts_bump(array_agg(new.tenant_id), array_agg(d.tag_key), array_agg(d.tag), array_agg(d.delta))
         from (select coalesce(n.tag_key, o.tag_key) as tag_key, coalesce(n.tag, o.tag) as tag,
                      case when o.tag_key is null then 1 else -1 end::bigint as delta
                 from (select distinct on (lower(t)) lower(t) as tag_key, t as tag from unnest(new.tags) as t) n
                 full join (select distinct on (lower(t)) lower(t) as tag_key, t as tag from unnest(old.tags) as t) o
                   on n.tag_key = o.tag_key
                where n.tag_key is null or o.tag_key is null) d
       having count(*) > 0;
      return null;
    end $$`.execute(db);

  // The triggers come before the backfill: creating one locks customers against writes until
  // this migration commits, so no customer written meanwhile is missed or counted twice.
  await sql`
    create trigger customers_tag_counts_insert after insert on customers
      referencing new table as new_rows for each statement execute function customer_tag_counts_on_insert()`.execute(
    db,
  );
  await sql`
    create trigger customers_tag_counts_delete after delete on customers
      referencing old table as old_rows for each statement execute function customer_tag_counts_on_delete()`.execute(
    db,
  );
  await sql`
    create trigger customers_tag_counts_update after update of tags on customers
      for each row when (old.tags is distinct from new.tags) execute function customer_tag_counts_on_update()`.execute(
    db,
  );
  await sql`
    insert into customer_tag_counts (tenant_id, tag_key, tag, customer_count)
    select tenant_id, tag_key, min(tag), count(*)
      from (select distinct on (c.tenant_id, c.id, lower(t)) c.tenant_id, lower(t) as tag_key, t as tag
              from customers c cross join unnest(c.tags) as t) per_customer
     group by tenant_id, tag_key`.execute(db);

  await sql`
    create table customer_notes (
      tenant_id uuid not null,
      id uuid not null,
      customer_id uuid not null,
      author_type text not null,
      author_id text not null,
      body text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, customer_id) references customers (tenant_id, id) on delete cascade
    )`.execute(db);
  // Serves a customer's notes newest first (the list's -createdAt, id tiebreak) at any depth.
  await sql`create index customer_notes_customer on customer_notes (tenant_id, customer_id, created_at, id)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table customer_notes`.execute(db);
  for (const name of ['insert', 'delete', 'update'])
    await sql.raw(`drop trigger customers_tag_counts_${name} on customers`).execute(db);
  for (const name of ['insert', 'delete', 'update'])
    await sql.raw(`drop function customer_tag_counts_on_${name}()`).execute(db);
  await sql`drop function customer_tag_counts_bump(uuid[], text[], text[], bigint[])`.execute(db);
  await sql`drop table customer_tag_counts`.execute(db);
}
