import { type Kysely, sql } from 'kysely';

/**
 * Groups (memberships that expire) and roles (#13). A group bundles roles; a customer holds a
 * group for a period (valid_from, valid_to) and may hold roles directly, for every site or one.
 * Keys lead with tenant_id as everywhere. Customers' rows cascade: deleting a customer removes
 * their memberships and roles; deleting a group or a role removes it from everyone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table roles (
      tenant_id uuid not null references tenants(id) on delete cascade,
      id uuid not null,
      code text not null,
      name text not null,
      description text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id)
    )`.execute(db);
  // Codes are what stores gate on and filters name: unique whatever their case.
  await sql`create unique index roles_code on roles (tenant_id, lower(code))`.execute(db);

  await sql`
    create table groups (
      tenant_id uuid not null references tenants(id) on delete cascade,
      id uuid not null,
      code text not null,
      name text not null,
      description text,
      reminder_days integer check (reminder_days between 1 and 365),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id)
    )`.execute(db);
  await sql`create unique index groups_code on groups (tenant_id, lower(code))`.execute(db);

  await sql`
    create table group_roles (
      tenant_id uuid not null,
      group_id uuid not null,
      role_id uuid not null,
      primary key (tenant_id, group_id, role_id),
      foreign key (tenant_id, group_id) references groups (tenant_id, id) on delete cascade,
      foreign key (tenant_id, role_id) references roles (tenant_id, id) on delete cascade
    )`.execute(db);
  // The groups that grant a role: the `role` filter and the cascade when a role is deleted.
  await sql`create index group_roles_role on group_roles (tenant_id, role_id, group_id)`.execute(db);

  await sql`
    create table group_members (
      tenant_id uuid not null,
      id uuid not null,
      group_id uuid not null,
      customer_id uuid not null,
      valid_from timestamptz not null,
      valid_to timestamptz,
      ended_at timestamptz,
      reminder_sent_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id),
      check (valid_to is null or valid_to > valid_from),
      foreign key (tenant_id, group_id) references groups (tenant_id, id) on delete cascade,
      foreign key (tenant_id, customer_id) references customers (tenant_id, id) on delete cascade
    )`.execute(db);
  // One membership per customer and group; it also serves a customer's memberships (up to 500).
  await sql`create unique index group_members_customer on group_members (tenant_id, customer_id, group_id)`.execute(
    db,
  );
  // A group's members (millions): `group eq "vip"` and the cascade when a group is deleted.
  await sql`create index group_members_group on group_members (tenant_id, group_id, customer_id)`.execute(db);
  // The worker's queue across tenants: memberships with an end not yet processed, by end.
  await sql`create index group_members_due on group_members (valid_to) where ended_at is null and valid_to is not null`.execute(
    db,
  );

  await sql`
    create table customer_roles (
      tenant_id uuid not null,
      id uuid not null,
      customer_id uuid not null,
      role_id uuid not null,
      site_id uuid,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, customer_id) references customers (tenant_id, id) on delete cascade,
      foreign key (tenant_id, role_id) references roles (tenant_id, id) on delete cascade,
      foreign key (tenant_id, site_id) references sites (tenant_id, id) on delete cascade
    )`.execute(db);
  // A role once per customer and site (no site = every site, kept apart by the nil uuid).
  await sql`create unique index customer_roles_assignment on customer_roles (tenant_id, customer_id, role_id, coalesce(site_id, '00000000-0000-0000-0000-000000000000'::uuid))`.execute(
    db,
  );
  // A role's holders: `role eq "wholesale"` and the cascade when a role is deleted.
  await sql`create index customer_roles_role on customer_roles (tenant_id, role_id, customer_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['customer_roles', 'group_members', 'group_roles', 'groups', 'roles'])
    await sql`drop table if exists ${sql.ref(table)}`.execute(db);
}
