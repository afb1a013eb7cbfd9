import { type Kysely, sql } from 'kysely';

/**
 * Webhooks (issue 16): the tenant's endpoints and one delivery row per (event, endpoint). The
 * deliveries are the outbox: they are inserted in the transaction that records the event, and
 * the worker claims due ones (`for update skip locked`) and leases them by moving their next
 * attempt past the lease, as the email outbox does. A delivery keeps the payload it was queued
 * with, so every retry sends the same body under the same `webhook-id`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table webhooks (
      tenant_id uuid not null references tenants(id) on delete cascade,
      id uuid not null,
      url text not null,
      topics text[] not null,
      enabled boolean not null default true,
      description text,
      secret text not null,
      disabled_reason text check (disabled_reason in ('manual', 'gone', 'failing')),
      failing_since timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id)
    )`.execute(db);
  // recordEvent's INSERT … SELECT looks up the tenant's enabled endpoints on every change.
  await sql`create index webhooks_enabled on webhooks (tenant_id) where enabled`.execute(db);
  await sql`
    create table webhook_deliveries (
      tenant_id uuid not null,
      id uuid not null,
      webhook_id uuid not null,
      event_id uuid not null,
      topic text not null,
      payload text not null,
      status text not null default 'pending' check (status in ('pending', 'succeeded', 'failed', 'dead')),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null default now(),
      last_attempt_at timestamptz,
      last_response_code integer,
      last_response_ms integer,
      last_error text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id),
      unique (tenant_id, webhook_id, event_id),
      foreign key (tenant_id, webhook_id) references webhooks (tenant_id, id) on delete cascade
    )`.execute(db);
  // The worker's claim, across tenants: only deliveries still to send are in the index.
  await sql`
    create index webhook_deliveries_due on webhook_deliveries (next_attempt_at)
      where status in ('pending', 'failed')`.execute(db);
  // An endpoint's delivery log, newest first (ids are UUIDv7).
  await sql`create index webhook_deliveries_log on webhook_deliveries (tenant_id, webhook_id, id)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table webhook_deliveries`.execute(db);
  await sql`drop table webhooks`.execute(db);
}
