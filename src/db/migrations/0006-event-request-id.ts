import { type Kysely, sql } from 'kysely';

/**
 * Each timeline event names the request that wrote it (an HTTP request's id, or the run of a
 * CLI command or worker job), so an event can be traced to its log lines. Earlier events have
 * none. Without a default, adding the column rewrites nothing.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table events add column request_id text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table events drop column request_id`.execute(db);
}
