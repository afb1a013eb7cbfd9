import { type Kysely, sql } from 'kysely';

/**
 * Purchase history, carts, wish lists and store credit (#5). What the store's checkout reports
 * (orders, carts) and asks for (credit). Money is integer minor units with its ISO 4217 currency.
 * Keys lead with tenant_id as everywhere; the indexes named below serve the lists that read them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Customer metrics (orders_count, total_spent_minor) count orders in this currency toward the total.
  await sql`alter table tenants add column reporting_currency char(3) not null default 'USD'`.execute(db);

  // Requests made safe to retry (Stripe's Idempotency-Key): the first answer is kept and replayed.
  await sql`
    create table idempotency_keys (
      tenant_id uuid not null references tenants(id) on delete cascade,
      key text not null,
      operation text not null,
      request_hash text not null,
      response_status integer,
      response_body jsonb,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      primary key (tenant_id, key)
    )`.execute(db);
  await sql`create index idempotency_keys_expiry on idempotency_keys (expires_at)`.execute(db);

  await sql`
    create table orders (
      tenant_id uuid not null,
      id uuid not null,
      site_id uuid not null,
      customer_id uuid not null,
      number text not null,
      status text not null check (status in ('placed', 'paid', 'fulfilled', 'cancelled', 'refunded', 'partially_refunded')),
      currency char(3) not null,
      subtotal_minor bigint not null,
      discount_minor bigint not null default 0,
      tax_minor bigint not null default 0,
      shipping_minor bigint not null default 0,
      total_minor bigint not null,
      refunded_minor bigint not null default 0,
      email text,
      billing_address jsonb,
      shipping_address jsonb,
      placed_at timestamptz not null,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id),
      unique (tenant_id, site_id, number),
      foreign key (tenant_id, site_id) references sites (tenant_id, id),
      foreign key (tenant_id, customer_id) references customers (tenant_id, id) on delete cascade
    )`.execute(db);
  // A customer's orders, newest first; and the tenant-wide Orders page, newest first.
  await sql`create index orders_customer on orders (tenant_id, customer_id, placed_at desc, id desc)`.execute(
    db,
  );
  await sql`create index orders_placed on orders (tenant_id, placed_at desc, id desc)`.execute(db);
  await sql`create index orders_email on orders (tenant_id, lower(email))`.execute(db);
  await sql`create index orders_number on orders (tenant_id, number)`.execute(db);
  // The Orders page filtered by a (possibly rare) status, still newest first.
  await sql`create index orders_status on orders (tenant_id, status, placed_at desc, id desc)`.execute(db);

  await sql`
    create table order_lines (
      tenant_id uuid not null,
      order_id uuid not null,
      line_no integer not null,
      sku text not null,
      name text not null,
      quantity integer not null check (quantity > 0),
      unit_price_minor bigint not null check (unit_price_minor >= 0),
      discount_minor bigint not null default 0,
      tax_minor bigint not null default 0,
      total_minor bigint not null,
      primary key (tenant_id, order_id, line_no),
      foreign key (tenant_id, order_id) references orders (tenant_id, id) on delete cascade
    )`.execute(db);

  await sql`
    create table order_status_changes (
      tenant_id uuid not null,
      id uuid not null,
      order_id uuid not null,
      from_status text,
      to_status text not null,
      amount_minor bigint,
      note text,
      actor_type text not null,
      actor_id text not null,
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, order_id) references orders (tenant_id, id) on delete cascade
    )`.execute(db);
  await sql`create index order_status_changes_order on order_status_changes (tenant_id, order_id, id)`.execute(
    db,
  );

  // Carts are named by the checkout's own id (PUT /carts/{id}).
  await sql`
    create table carts (
      tenant_id uuid not null,
      id uuid not null,
      site_id uuid not null,
      customer_id uuid,
      currency char(3) not null,
      subtotal_minor bigint not null default 0,
      line_count integer not null default 0,
      last_activity_at timestamptz not null,
      converted_order_id uuid,
      converted_at timestamptz,
      reminder_sent_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, site_id) references sites (tenant_id, id),
      foreign key (tenant_id, customer_id) references customers (tenant_id, id) on delete set null (customer_id)
    )`.execute(db);
  // Abandonment candidates only: carts with lines and no order, by last activity.
  await sql`create index carts_open on carts (tenant_id, last_activity_at, id) where converted_order_id is null and line_count > 0`.execute(
    db,
  );
  // The Abandoned carts page sorted by value.
  await sql`create index carts_open_value on carts (tenant_id, subtotal_minor, id) where converted_order_id is null and line_count > 0`.execute(
    db,
  );
  // The reminder job's queue per site: open carts of known customers not yet reminded.
  await sql`create index carts_reminder_due on carts (tenant_id, site_id, last_activity_at, id) where reminder_sent_at is null and converted_order_id is null and line_count > 0 and customer_id is not null`.execute(
    db,
  );
  await sql`create index carts_customer on carts (tenant_id, customer_id, last_activity_at desc) where customer_id is not null`.execute(
    db,
  );

  await sql`
    create table cart_lines (
      tenant_id uuid not null,
      cart_id uuid not null,
      line_no integer not null,
      sku text not null,
      name text not null,
      quantity integer not null check (quantity > 0),
      unit_price_minor bigint not null check (unit_price_minor >= 0),
      primary key (tenant_id, cart_id, line_no),
      foreign key (tenant_id, cart_id) references carts (tenant_id, id) on delete cascade
    )`.execute(db);

  await sql`
    create table wishlists (
      tenant_id uuid not null,
      id uuid not null,
      customer_id uuid not null,
      name text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, customer_id) references customers (tenant_id, id) on delete cascade
    )`.execute(db);
  await sql`create unique index wishlists_name on wishlists (tenant_id, customer_id, lower(name))`.execute(
    db,
  );

  await sql`
    create table wishlist_items (
      tenant_id uuid not null,
      id uuid not null,
      wishlist_id uuid not null,
      sku text not null,
      name text not null,
      quantity integer not null default 1 check (quantity > 0),
      note text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, wishlist_id) references wishlists (tenant_id, id) on delete cascade
    )`.execute(db);
  await sql`create unique index wishlist_items_sku on wishlist_items (tenant_id, wishlist_id, sku)`.execute(
    db,
  );

  // Store credit: an append-only ledger and a balance per customer and currency kept with it.
  await sql`
    create table credit_entries (
      tenant_id uuid not null,
      id uuid not null,
      customer_id uuid not null,
      currency char(3) not null,
      amount_minor bigint not null check (amount_minor <> 0),
      kind text not null check (kind in ('issue', 'deduct', 'redeem', 'return', 'expire')),
      reason text not null,
      reference text,
      order_id uuid,
      expires_at timestamptz,
      remaining_minor bigint,
      idempotency_key text,
      actor_type text not null,
      actor_id text not null,
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, customer_id) references customers (tenant_id, id) on delete cascade
    )`.execute(db);
  await sql`create index credit_entries_customer on credit_entries (tenant_id, customer_id, id desc)`.execute(
    db,
  );
  await sql`create unique index credit_entries_idempotency on credit_entries (tenant_id, idempotency_key) where idempotency_key is not null`.execute(
    db,
  );
  // Credit still to expire: issued entries with an expiry and something left.
  await sql`create index credit_entries_expiring on credit_entries (expires_at) where expires_at is not null and remaining_minor > 0`.execute(
    db,
  );
  await sql`create index credit_entries_order on credit_entries (tenant_id, order_id) where order_id is not null`.execute(
    db,
  );

  await sql`
    create table credit_balances (
      tenant_id uuid not null,
      customer_id uuid not null,
      currency char(3) not null,
      balance_minor bigint not null default 0 check (balance_minor >= 0),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, customer_id, currency),
      foreign key (tenant_id, customer_id) references customers (tenant_id, id) on delete cascade
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'credit_balances',
    'credit_entries',
    'wishlist_items',
    'wishlists',
    'cart_lines',
    'carts',
    'order_status_changes',
    'order_lines',
    'orders',
    'idempotency_keys',
  ]) {
    await sql.raw(`drop table if exists ${table} cascade`).execute(db);
  }
  await sql`alter table tenants drop column if exists reporting_currency`.execute(db);
}
