import { type Kysely, sql } from 'kysely';

/**
 * Shopper accounts (#4): sign-in for registered customers, their sessions and one-time tokens,
 * the customer's timeline of events, and the email outbox the worker drains. Keys lead with
 * tenant_id as in 0001; token digests are unique per tenant because every storefront request
 * names its site (and so its tenant) before any token is looked up.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // A guest whose email later registers points at the registered customer that took over its history.
  await sql`alter table customers add column registered_customer_id uuid`.execute(db);
  await sql`
    alter table customers add foreign key (tenant_id, registered_customer_id)
      references customers (tenant_id, id) on delete set null (registered_customer_id)`.execute(db);
  await sql`create index customers_registered_customer on customers (tenant_id, registered_customer_id) where registered_customer_id is not null`.execute(
    db,
  );

  // One account per registered customer, so the customer id is its key.
  await sql`
    create table accounts (
      tenant_id uuid not null,
      customer_id uuid not null,
      customer_set_id uuid not null,
      username text not null,
      password_hash text,
      failed_sign_ins integer not null default 0,
      locked_until timestamptz,
      lockouts integer not null default 0,
      disabled_reason text,
      last_sign_in_at timestamptz,
      password_changed_at timestamptz,
      email_verified_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, customer_id),
      foreign key (tenant_id, customer_id) references customers (tenant_id, id) on delete cascade,
      foreign key (tenant_id, customer_set_id) references customer_sets (tenant_id, id)
    )`.execute(db);
  // Usernames are unique per customer set, whatever their case; sign-in looks them up here.
  await sql`create unique index accounts_username on accounts (tenant_id, customer_set_id, lower(username))`.execute(
    db,
  );

  await sql`
    create table shopper_sessions (
      tenant_id uuid not null,
      id uuid not null,
      customer_id uuid not null,
      site_id uuid not null,
      token_hash text not null,
      last_seen_at timestamptz not null default now(),
      idle_expires_at timestamptz not null,
      expires_at timestamptz not null,
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      unique (tenant_id, token_hash),
      foreign key (tenant_id, customer_id) references accounts (tenant_id, customer_id) on delete cascade,
      foreign key (tenant_id, site_id) references sites (tenant_id, id) on delete cascade
    )`.execute(db);
  await sql`create index shopper_sessions_customer on shopper_sessions (tenant_id, customer_id)`.execute(db);

  // Password resets, invites (set a first password) and email-change confirmations.
  await sql`
    create table account_tokens (
      tenant_id uuid not null,
      id uuid not null,
      customer_id uuid not null,
      purpose text not null check (purpose in ('reset', 'invite', 'verify_email')),
      token_hash text not null,
      new_email text,
      expires_at timestamptz not null,
      used_at timestamptz,
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      unique (tenant_id, token_hash),
      foreign key (tenant_id, customer_id) references accounts (tenant_id, customer_id) on delete cascade
    )`.execute(db);
  await sql`create index account_tokens_customer on account_tokens (tenant_id, customer_id, created_at)`.execute(
    db,
  );

  // The customer's timeline: one row per notable change (lockouts, unlocks, disable, resets, …).
  await sql`
    create table events (
      tenant_id uuid not null,
      id uuid not null,
      customer_id uuid not null,
      action text not null,
      actor_type text not null,
      actor_id text not null,
      data jsonb not null default '{}'::jsonb,
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, customer_id) references customers (tenant_id, id) on delete cascade
    )`.execute(db);
  await sql`create index events_customer on events (tenant_id, customer_id, id)`.execute(db);

  await sql`
    create table email_outbox (
      tenant_id uuid not null references tenants(id) on delete cascade,
      id uuid not null,
      site_id uuid,
      customer_id uuid,
      template text not null,
      to_address text not null,
      subject text not null,
      text_body text not null,
      html_body text not null,
      status text not null default 'pending' check (status in ('pending', 'sent', 'kept', 'failed')),
      attempts integer not null default 0,
      last_error text,
      next_attempt_at timestamptz not null default now(),
      sent_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, customer_id) references customers (tenant_id, id) on delete set null (customer_id)
    )`.execute(db);
  // The worker's queue across tenants: only rows still to send are in this index.
  await sql`create index email_outbox_due on email_outbox (next_attempt_at) where status = 'pending'`.execute(
    db,
  );
  // The mailbox, newest first.
  await sql`create index email_outbox_mailbox on email_outbox (tenant_id, created_at desc, id desc)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['email_outbox', 'events', 'account_tokens', 'shopper_sessions', 'accounts']) {
    await sql.raw(`drop table if exists ${table} cascade`).execute(db);
  }
  await sql`alter table customers drop column if exists registered_customer_id`.execute(db);
}
