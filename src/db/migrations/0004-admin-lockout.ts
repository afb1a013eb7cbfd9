import { type Kysely, sql } from 'kysely';

/**
 * Admin sign-in locks out like shoppers' (#10): the same three columns as `accounts`, read and
 * written by the same formula (src/lib/lockout.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table admin_users
      add column failed_sign_ins integer not null default 0,
      add column locked_until timestamptz,
      add column lockouts integer not null default 0`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table admin_users
      drop column failed_sign_ins,
      drop column locked_until,
      drop column lockouts`.execute(db);
}
