import { type Kysely, sql } from 'kysely';

/**
 * An Idempotency-Key keeps what its work did (`outcome`: created or updated), not an HTTP
 * status: the service answers in the store's terms and the route picks the status. Rows kept
 * before this migration get their outcome from the status they stored (201 was a creation,
 * every other stored answer a 200 change). `response_status` stays, computed from the outcome,
 * so a row without an answer (a claim stranded by an older version) still reads as one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table idempotency_keys
      add column outcome text check (outcome in ('created', 'updated'))`.execute(db);
  await sql`
    update idempotency_keys
       set outcome = case when response_status = 201 then 'created' else 'updated' end
     where response_status is not null`.execute(db);
  await sql`alter table idempotency_keys drop column response_status`.execute(db);
  await sql`
    alter table idempotency_keys
      add column response_status integer generated always as (
        case outcome when 'created' then 201 when 'updated' then 200 end
      ) stored`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table idempotency_keys drop column response_status`.execute(db);
  await sql`alter table idempotency_keys add column response_status integer`.execute(db);
  await sql`
    update idempotency_keys
       set response_status = case outcome when 'created' then 201 else 200 end
     where outcome is not null`.execute(db);
  await sql`alter table idempotency_keys drop column outcome`.execute(db);
}
