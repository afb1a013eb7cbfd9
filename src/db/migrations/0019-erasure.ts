import { type Kysely, sql } from 'kysely';

/**
 * GDPR erasure (issue 16, point 5; docs/privacy.md).
 *
 * `account_tokens.purpose` gains `erase`: the single-use link that confirms a shopper's own
 * erasure request (POST /store/v1/me/erase), stored as a SHA-256 digest like resets.
 *
 * `consent_records` stay append-only, with one exception: an erasure may blank a record's request
 * evidence (IP address, user agent, actor label) while every other column stays as it was, so the
 * store keeps its proof of what was agreed, when and how, without the person's data.
 *
 * No `erased_at` column: customers has had `anonymized_at` since 0001, and the erasure sets it
 * (the API calls it `erasedAt`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table account_tokens drop constraint account_tokens_purpose_check`.execute(db);
  await sql`
    alter table account_tokens add constraint account_tokens_purpose_check
      check (purpose in ('reset', 'invite', 'verify_email', 'erase'))`.execute(db);
  await sql`
    create or replace function consent_records_append_only() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' and not exists (select 1 from tenants where id = old.tenant_id) then
        return old;
      end if;
      if tg_op = 'UPDATE' and new.ip is null and new.user_agent is null and new.actor_label is null
         and (new.tenant_id, new.id, new.contact_id, new.newsletter_id, new.newsletter_code, new.status,
              new.opt_in_level, new.source, new.consent_text, new.actor_type, new.actor_id, new.created_at)
             is not distinct from
             (old.tenant_id, old.id, old.contact_id, old.newsletter_id, old.newsletter_code, old.status,
              old.opt_in_level, old.source, old.consent_text, old.actor_type, old.actor_id, old.created_at) then
        return new;
      end if;
      raise exception 'consent records are append-only: % refused', tg_op using errcode = 'P0001';
    end $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    create or replace function consent_records_append_only() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' and not exists (select 1 from tenants where id = old.tenant_id) then
        return old;
      end if;
      raise exception 'consent records are append-only: % refused', tg_op using errcode = 'P0001';
    end $$`.execute(db);
  await sql`delete from account_tokens where purpose = 'erase'`.execute(db);
  await sql`alter table account_tokens drop constraint account_tokens_purpose_check`.execute(db);
  await sql`
    alter table account_tokens add constraint account_tokens_purpose_check
      check (purpose in ('reset', 'invite', 'verify_email'))`.execute(db);
}
