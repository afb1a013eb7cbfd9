import { type Kysely, sql } from 'kysely';

/**
 * The first schema. Every tenant-owned table leads its primary key, foreign keys and unique
 * indexes with tenant_id so a tenant's rows stay together (and can be sharded by it, see
 * docs/scaling.md). Sortable grid columns each get an index (tenant_id, sort key, id) so the
 * grid walks an index in order and a keyset page costs the same at row 1 and row 1,000,000.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`create extension if not exists btree_gin`.execute(db);

  await sql`
    create table tenants (
      id uuid primary key,
      slug text not null unique,
      name text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table customer_sets (
      tenant_id uuid not null references tenants(id) on delete cascade,
      id uuid not null,
      code text not null,
      name text not null,
      is_default boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id),
      unique (tenant_id, code)
    )`.execute(db);

  await sql`
    create table sites (
      tenant_id uuid not null,
      id uuid not null,
      customer_set_id uuid not null,
      code text not null,
      name text not null,
      default_currency char(3) not null default 'USD',
      country_code char(2),
      publishable_key text not null unique,
      settings jsonb not null default '{}'::jsonb,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id),
      unique (tenant_id, code),
      foreign key (tenant_id, customer_set_id) references customer_sets (tenant_id, id)
    )`.execute(db);

  await sql`
    create table customers (
      tenant_id uuid not null,
      id uuid not null,
      customer_set_id uuid not null,
      origin_site_id uuid,
      is_registered boolean not null default false,
      enabled boolean not null default true,
      first_name text,
      last_name text,
      email text,
      phone text,
      company_name text,
      organization_id text,
      tax_id text,
      locale text,
      note text,
      tags text[] not null default '{}',
      external_id text,
      country_code char(2),
      state_code text,
      orders_count integer not null default 0,
      total_spent_minor bigint not null default 0,
      first_order_at timestamptz,
      last_order_at timestamptz,
      anonymized_at timestamptz,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      search_text text generated always as (
        lower(coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(email, '') || ' ' ||
              coalesce(company_name, '') || ' ' || coalesce(phone, ''))
      ) stored,
      primary key (tenant_id, id),
      foreign key (tenant_id, customer_set_id) references customer_sets (tenant_id, id),
      foreign key (tenant_id, origin_site_id) references sites (tenant_id, id)
    )`.execute(db);

  // One registered account per email per customer set; guests may share an email freely.
  await sql`create unique index customers_registered_email on customers (tenant_id, customer_set_id, lower(email)) where is_registered`.execute(
    db,
  );
  await sql`create index customers_email on customers (tenant_id, lower(email))`.execute(db);
  await sql`create unique index customers_external_id on customers (tenant_id, external_id) where external_id is not null`.execute(
    db,
  );
  // Substring search: a trigram index that leads with tenant_id (btree_gin), used for rare fragments.
  await sql`create index customers_search_trgm on customers using gin (tenant_id, search_text gin_trgm_ops)`.execute(
    db,
  );
  // Sort keys: nullable columns sort through coalesce() so every key is total and keyset-comparable.
  const sortIndexes: Record<string, string> = {
    last_name: `coalesce(last_name, '')`,
    first_name: `coalesce(first_name, '')`,
    company_name: `coalesce(company_name, '')`,
    email: `coalesce(email, '')`,
    phone: `coalesce(phone, '')`,
    country_code: `coalesce(country_code, '')`,
    state_code: `coalesce(state_code, '')`,
    organization_id: `coalesce(organization_id, '')`,
    tax_id: `coalesce(tax_id, '')`,
    origin_site: `coalesce(origin_site_id, '00000000-0000-0000-0000-000000000000'::uuid)`,
    tags: 'tags',
    created_at: 'created_at',
    updated_at: 'updated_at',
    enabled: 'enabled',
    is_registered: 'is_registered',
    orders_count: 'orders_count',
    total_spent: 'total_spent_minor',
    last_order_at: `coalesce(last_order_at, '-infinity'::timestamptz)`,
  };
  for (const [name, expression] of Object.entries(sortIndexes)) {
    await sql
      .raw(`create index customers_sort_${name} on customers (tenant_id, ${expression}, id)`)
      .execute(db);
  }

  await sql`
    create table addresses (
      tenant_id uuid not null,
      id uuid not null,
      customer_id uuid not null,
      label text,
      first_name text,
      last_name text,
      company_name text,
      line1 text not null,
      line2 text,
      city text not null,
      postal_code text,
      country_code char(2) not null,
      state_code text,
      phone text,
      is_default_billing boolean not null default false,
      is_default_shipping boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, customer_id) references customers (tenant_id, id) on delete cascade
    )`.execute(db);
  await sql`create index addresses_customer on addresses (tenant_id, customer_id, id)`.execute(db);
  await sql`create unique index addresses_default_billing on addresses (tenant_id, customer_id) where is_default_billing`.execute(
    db,
  );
  await sql`create unique index addresses_default_shipping on addresses (tenant_id, customer_id) where is_default_shipping`.execute(
    db,
  );

  await sql`
    create table admin_users (
      tenant_id uuid not null references tenants(id) on delete cascade,
      id uuid not null,
      email text not null,
      name text,
      role text not null check (role in ('owner', 'admin', 'support', 'viewer')),
      password_hash text not null,
      disabled boolean not null default false,
      last_sign_in_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id)
    )`.execute(db);
  // Admin sign-in names no tenant, so an admin email is unique across the installation.
  // (In a sharded cluster this small table is a reference table; see docs/scaling.md.)
  await sql`create unique index admin_users_email on admin_users (lower(email))`.execute(db);

  await sql`
    create table admin_sessions (
      tenant_id uuid not null,
      id uuid not null,
      admin_user_id uuid not null,
      token_hash text not null unique,
      expires_at timestamptz not null,
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, admin_user_id) references admin_users (tenant_id, id) on delete cascade
    )`.execute(db);

  await sql`
    create table api_keys (
      tenant_id uuid not null references tenants(id) on delete cascade,
      id uuid not null,
      name text not null,
      role text not null check (role in ('owner', 'admin', 'support', 'viewer')),
      key_prefix text not null,
      key_hash text not null unique,
      created_by uuid,
      last_used_at timestamptz,
      revoked_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'api_keys',
    'admin_sessions',
    'admin_users',
    'addresses',
    'customers',
    'sites',
    'customer_sets',
    'tenants',
  ]) {
    await sql.raw(`drop table if exists ${table} cascade`).execute(db);
  }
}
