import { type Kysely, sql } from 'kysely';

/**
 * The record of change (issue 16): `events` is the customer's timeline and the tenant's audit log.
 *
 * - `customer_id` may be null (a change to a site, an API key, a group…) and no longer cascades:
 *   a deleted customer's `customer.deleted` entry, and the entries before it, stay in the audit
 *   log. events_customer (tenant, customer, id) still serves the timeline.
 * - `subject_type`/`subject_id` name what a change not about one customer was about
 *   (`site`/<id>); both null for customer changes.
 * - The audit log reads newest first by the primary key (tenant, id; ids are UUIDv7, so time
 *   order). Its filters by actor and by action each get an index ending in id, so a filtered page
 *   is an index range in id order however rare the actor or action; `action sw "customer."` is a
 *   range of events_action too (collate "C" keeps prefix ranges byte-ordered). Time filters are
 *   ranges of the id itself (events.repository.ts), so need no index of their own.
 * - `tenants.audit_retention_days`: how long the audit log keeps entries (the worker deletes older
 *   ones, src/worker/audit-retention-job.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table events drop constraint events_tenant_id_customer_id_fkey`.execute(db);
  await sql`alter table events alter column customer_id drop not null`.execute(db);
  await sql`alter table events add column subject_type text, add column subject_id text`.execute(db);
  await sql`create index events_actor on events (tenant_id, actor_type, actor_id, id)`.execute(db);
  await sql`create index events_action on events (tenant_id, (action collate "C"), id)`.execute(db);
  await sql`
    alter table tenants add column audit_retention_days integer not null default 365
      check (audit_retention_days between 1 and 3650)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table tenants drop column audit_retention_days`.execute(db);
  await sql`drop index events_action`.execute(db);
  await sql`drop index events_actor`.execute(db);
  await sql`alter table events drop column subject_type, drop column subject_id`.execute(db);
  await sql`delete from events where customer_id is null or customer_id not in (select id from customers)`.execute(
    db,
  );
  await sql`alter table events alter column customer_id set not null`.execute(db);
  await sql`
    alter table events add foreign key (tenant_id, customer_id)
      references customers (tenant_id, id) on delete cascade`.execute(db);
}
