import { type Kysely, sql } from 'kysely';

/**
 * Custom attributes (issue 13, point 5): a tenant defines typed fields (`attribute_definitions`)
 * and each customer carries their values in one jsonb object keyed by the definition's code. No
 * index is made here: an attribute marked `indexed` gets its own partial expression index per
 * tenant when the flag is set (src/flows/custom-attributes.ts), so unindexed attributes cost
 * nothing on every customer write.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table attribute_definitions (
      tenant_id uuid not null references tenants(id) on delete cascade,
      id uuid not null,
      code text not null,
      label text not null,
      type text not null check (type in ('text', 'number', 'date', 'boolean', 'enum', 'multiEnum')),
      options jsonb not null default '[]'::jsonb,
      validation jsonb not null default '{}'::jsonb,
      required boolean not null default false,
      shopper_visible boolean not null default false,
      shopper_editable boolean not null default false,
      indexed boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id),
      unique (tenant_id, code)
    )`.execute(db);
  // Adding a column with a constant default rewrites no rows (PostgreSQL 11+), whatever the table's size.
  await sql`alter table customers add column attributes jsonb not null default '{}'::jsonb`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table customers drop column attributes`.execute(db);
  await sql`drop table attribute_definitions`.execute(db);
}
