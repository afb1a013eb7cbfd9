import { type Kysely, sql } from 'kysely';

/**
 * Marketing contacts, newsletters, subscriptions and consent records (issue 14).
 *
 * A contact is one email address of the tenant (unique whatever its case). Triggers on
 * `customers` make and join contacts, so every path that writes customers (the services, the
 * checkout's guests, the seeder's set-based inserts, a future import's COPY) gets its contact in
 * the same transaction without calling this module: inserts once per statement through a
 * transition table, so a bulk insert costs one INSERT … SELECT; updates per row, only when the
 * email or the registered flag really changed. A contact points at one customer: a registered
 * one when there is one, else the first guest with its email.
 *
 * `consent_records` is append-only: a trigger refuses every UPDATE, and every DELETE except the
 * cascade of deleting the whole tenant (the tenant row is gone by then). TRUNCATE is refused too.
 * A record names its newsletter by id and code without a foreign key, so deleting a newsletter
 * leaves the proof of what people agreed to.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table newsletters (
      tenant_id uuid not null references tenants(id) on delete cascade,
      id uuid not null,
      site_id uuid not null,
      code text not null,
      name text not null,
      description text,
      double_opt_in boolean not null default false,
      is_default boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, site_id) references sites (tenant_id, id) on delete cascade
    )`.execute(db);
  await sql`create unique index newsletters_code on newsletters (tenant_id, site_id, lower(code))`.execute(
    db,
  );
  // At most one default newsletter per site: the one registration and checkout sign people up to.
  await sql`create unique index newsletters_default on newsletters (tenant_id, site_id) where is_default`.execute(
    db,
  );
  await sql`create index newsletters_sort_code on newsletters (tenant_id, (lower(code) collate "C"), id)`.execute(
    db,
  );

  await sql`
    create table contacts (
      tenant_id uuid not null references tenants(id) on delete cascade,
      id uuid not null,
      email text not null,
      customer_id uuid,
      first_name text,
      last_name text,
      locale text,
      invalid_at timestamptz,
      invalid_reason text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, customer_id) references customers (tenant_id, id) on delete set null (customer_id)
    )`.execute(db);
  await sql`create unique index contacts_email on contacts (tenant_id, lower(email))`.execute(db);
  // The contact list's order (email A to Z) and its keyset cursor.
  await sql`create index contacts_sort_email on contacts (tenant_id, (lower(email) collate "C"), id)`.execute(
    db,
  );
  await sql`create index contacts_customer on contacts (tenant_id, customer_id) where customer_id is not null`.execute(
    db,
  );

  await sql`
    create table subscriptions (
      tenant_id uuid not null,
      contact_id uuid not null,
      newsletter_id uuid not null,
      status text not null check (status in ('SUBSCRIBED','UNSUBSCRIBED','NOT_SUBSCRIBED','PENDING','REDACTED','INVALID')),
      opt_in_level text check (opt_in_level in ('SINGLE_OPT_IN','CONFIRMED_OPT_IN')),
      subscribed_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, contact_id, newsletter_id),
      foreign key (tenant_id, contact_id) references contacts (tenant_id, id) on delete cascade,
      foreign key (tenant_id, newsletter_id) references newsletters (tenant_id, id) on delete cascade
    )`.execute(db);
  // acceptsMarketing / subscribedTo: EXISTS over (tenant, contact, status).
  await sql`create index subscriptions_contact_status on subscriptions (tenant_id, contact_id, status, newsletter_id)`.execute(
    db,
  );
  // Subscriber counts and the recipients export: a newsletter's subscribed contacts in id order.
  await sql`create index subscriptions_newsletter on subscriptions (tenant_id, newsletter_id, status, contact_id)`.execute(
    db,
  );

  await sql`
    create table consent_records (
      tenant_id uuid not null references tenants(id) on delete cascade,
      id uuid not null,
      contact_id uuid not null,
      newsletter_id uuid not null,
      newsletter_code text not null,
      status text not null,
      opt_in_level text,
      source text not null check (source in ('storefront_form','checkout','admin','import','api','unsubscribe_link','bounce','registration')),
      consent_text text,
      ip text,
      user_agent text,
      actor_type text not null,
      actor_id text,
      actor_label text,
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, contact_id) references contacts (tenant_id, id) on delete cascade
    )`.execute(db);
  await sql`create index consent_records_contact on consent_records (tenant_id, contact_id, created_at, id)`.execute(
    db,
  );
  await sql`
    create function consent_records_append_only() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' and not exists (select 1 from tenants where id = old.tenant_id) then
        return old;
      end if;
      raise exception 'consent records are append-only: % refused', tg_op using errcode = 'P0001';
    end $$`.execute(db);
  await sql`
    create trigger consent_records_no_change before update or delete on consent_records
      for each row execute function consent_records_append_only()`.execute(db);
  await sql`
    create trigger consent_records_no_truncate before truncate on consent_records
      for each statement execute function consent_records_append_only()`.execute(db);

  // One-time confirmation links (48 h) and unsubscribe links (no end); only SHA-256 digests are
  // kept. Looked up by digest alone: the unsubscribe link names no tenant.
  await sql`
    create table marketing_tokens (
      tenant_id uuid not null references tenants(id) on delete cascade,
      id uuid not null,
      purpose text not null check (purpose in ('confirm','unsubscribe')),
      token_hash text not null,
      contact_id uuid not null,
      newsletter_id uuid not null,
      expires_at timestamptz,
      used_at timestamptz,
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, contact_id) references contacts (tenant_id, id) on delete cascade,
      foreign key (tenant_id, newsletter_id) references newsletters (tenant_id, id) on delete cascade
    )`.execute(db);
  await sql`create unique index marketing_tokens_hash on marketing_tokens (token_hash)`.execute(db);

  // Emails about a newsletter carry headers (List-Unsubscribe) and name the newsletter, so the
  // worker can refuse to send to an address that has left it meanwhile.
  await sql`alter table email_outbox add column headers jsonb, add column newsletter_id uuid`.execute(db);

  // Contacts for new customers, per statement; a registered customer takes over the contact.
  await sql`
    create function contacts_on_customer_insert() returns trigger language plpgsql as $$
    begin
      insert into contacts as c (tenant_id, id, email, customer_id, first_name, last_name, locale)
      select distinct on (n.tenant_id, lower(n.email)) n.tenant_id, uuidv7_compat(), n.email, n.id,
             n.first_name, n.last_name, n.locale
        from new_rows n
       where n.email is not null
       order by n.tenant_id, lower(n.email), n.is_registered desc, n.created_at, n.id
      on conflict (tenant_id, lower(email)) do update
        set customer_id = excluded.customer_id, updated_at = now(),
            first_name = coalesce(excluded.first_name, c.first_name),
            last_name = coalesce(excluded.last_name, c.last_name),
            locale = coalesce(excluded.locale, c.locale)
        where c.customer_id is null
           or exists (select 1 from customers r where r.tenant_id = excluded.tenant_id
                        and r.id = excluded.customer_id and r.is_registered)
              and not exists (select 1 from customers o where o.tenant_id = c.tenant_id
                                and o.id = c.customer_id and o.is_registered);
      return null;
    end $$`.execute(db);
  await sql`
    create function contacts_on_customer_update() returns trigger language plpgsql as $$
    begin
      -- The contact of the old address no longer belongs to this customer.
      update contacts set customer_id = null, updated_at = now()
       where tenant_id = new.tenant_id and customer_id = new.id and lower(email) <> lower(new.email);
      insert into contacts as c (tenant_id, id, email, customer_id, first_name, last_name, locale)
      values (new.tenant_id, uuidv7_compat(), new.email, new.id, new.first_name, new.last_name, new.locale)
      on conflict (tenant_id, lower(email)) do update
        set customer_id = excluded.customer_id, updated_at = now()
        where c.customer_id is null
           or (new.is_registered and c.customer_id <> new.id
               and not exists (select 1 from customers o where o.tenant_id = c.tenant_id
                                 and o.id = c.customer_id and o.is_registered));
      return null;
    end $$`.execute(db);
  // A time-ordered uuid made in SQL (v7 layout: 48-bit milliseconds, version and variant bits),
  // for contacts the triggers make; PostgreSQL before 18 has no uuidv7().
  await sql`
    create function uuidv7_compat() returns uuid language sql volatile as $$
      select encode(
        set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
          placing substring(int8send((extract(epoch from clock_timestamp()) * 1000)::bigint) from 3)
          from 1 for 6), 52, 1), 53, 1), 'hex')::uuid
    $$`.execute(db);
  await sql`
    create trigger customers_contacts_insert after insert on customers
      referencing new table as new_rows for each statement execute function contacts_on_customer_insert()`.execute(
    db,
  );
  await sql`
    create trigger customers_contacts_update after update of email, is_registered on customers
      for each row when (new.email is not null and (old.email is distinct from new.email or old.is_registered <> new.is_registered))
      execute function contacts_on_customer_update()`.execute(db);

  // Existing customers' contacts in one set-based statement (the triggers above lock customers
  // against writes until this commits, so none is missed).
  await sql`
    insert into contacts (tenant_id, id, email, customer_id, first_name, last_name, locale)
    select distinct on (tenant_id, lower(email)) tenant_id, uuidv7_compat(), email, id, first_name, last_name, locale
      from customers
     where email is not null
     order by tenant_id, lower(email), is_registered desc, created_at, id`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger customers_contacts_insert on customers`.execute(db);
  await sql`drop trigger customers_contacts_update on customers`.execute(db);
  await sql`drop function contacts_on_customer_insert()`.execute(db);
  await sql`drop function contacts_on_customer_update()`.execute(db);
  await sql`alter table email_outbox drop column headers, drop column newsletter_id`.execute(db);
  await sql`drop table marketing_tokens`.execute(db);
  await sql`drop trigger consent_records_no_change on consent_records`.execute(db);
  await sql`drop table consent_records`.execute(db);
  await sql`drop function consent_records_append_only()`.execute(db);
  await sql`drop table subscriptions`.execute(db);
  await sql`drop table contacts`.execute(db);
  await sql`drop table newsletters`.execute(db);
  await sql`drop function uuidv7_compat()`.execute(db);
}
