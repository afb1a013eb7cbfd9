import { type Kysely, sql } from 'kysely';

/**
 * Jobs (issue 15): long work (imports, exports, bulk actions) as rows any worker process can
 * claim (`for update skip locked`) and hold by a lease it renews; a worker killed mid-job lets
 * its lease run out and another takes the job up from its checkpoint. Files (uploads, export
 * outputs) live in the database in 1 MiB parts, so any process can run the job or serve its
 * download. Row errors of an import sit in their own table, in line order.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table jobs (
      tenant_id uuid not null references tenants(id) on delete cascade,
      id uuid not null,
      kind text not null check (kind in ('import', 'export', 'bulk')),
      status text not null default 'queued'
        check (status in ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
      params jsonb not null default '{}'::jsonb,
      progress_done bigint not null default 0,
      progress_total bigint,
      progress_failed bigint not null default 0,
      result jsonb,
      created_by_type text not null,
      created_by_id text not null,
      created_by_label text,
      created_by_role text not null,
      cancel_requested boolean not null default false,
      claimed_by text,
      lease_until timestamptz,
      attempts integer not null default 0,
      checkpoint jsonb,
      created_at timestamptz not null default now(),
      started_at timestamptz,
      finished_at timestamptz,
      primary key (tenant_id, id)
    )`.execute(db);
  // The list by kind, newest first (ids are UUIDv7, so id order is time order).
  await sql`create index jobs_kind on jobs (tenant_id, kind, id)`.execute(db);
  // The worker's claim looks across tenants at the few jobs not finished yet.
  await sql`create index jobs_open on jobs (created_at) where status in ('queued', 'running')`.execute(db);
  await sql`
    create table job_files (
      tenant_id uuid not null references tenants(id) on delete cascade,
      job_id uuid not null,
      name text not null,
      part integer not null,
      bytes bytea not null,
      primary key (tenant_id, job_id, name, part)
    )`.execute(db);
  await sql`
    create table job_errors (
      tenant_id uuid not null,
      job_id uuid not null,
      line bigint not null,
      seq integer not null,
      column_name text not null,
      value text,
      message text not null,
      primary key (tenant_id, job_id, line, seq),
      foreign key (tenant_id, job_id) references jobs (tenant_id, id) on delete cascade
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table job_errors`.execute(db);
  await sql`drop table job_files`.execute(db);
  await sql`drop table jobs`.execute(db);
}
