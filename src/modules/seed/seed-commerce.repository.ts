import { sql } from 'kysely';
import type { RequestContext } from '../../lib/context.js';
import { iso } from '../../lib/time.js';
import type { CommerceBatch, CommerceCustomer } from './commerce-rows.js';

/** Seeded order numbers end in eight digits: `MAIN-10000001`. */
const SEEDED_NUMBER = '-([0-9]{8})$';

/**
 * The seeder's SQL for purchase history, carts, wish lists and store credit. Every batch is a
 * few set-based statements: each column travels as one array parameter and `unnest` turns the
 * arrays back into rows (Kysely has no builder for `unnest(…) as t(…)`, hence raw SQL).
 */
export const seedCommerceRepository = {
  async reportingCurrency(ctx: RequestContext): Promise<string> {
    const row = await ctx.db
      .selectFrom('tenants')
      .select('reportingCurrency')
      .where('id', '=', ctx.tenantId)
      .executeTakeFirstOrThrow();
    return row.reportingCurrency.trim();
  },

  /**
   * The customer with the highest id that has orders: the walk resumes after it. Customers are
   * given their history in id order, so everyone before it has had their turn. (Index
   * orders_customer, read backwards: one row.)
   */
  async lastCustomerWithOrders(ctx: RequestContext): Promise<string | null> {
    const row = await ctx.db
      .selectFrom('orders')
      .select('customerId')
      .where('tenantId', '=', ctx.tenantId)
      .orderBy('customerId', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.customerId ?? null;
  },

  async countCustomersAfter(ctx: RequestContext, after: string | null): Promise<number> {
    let query = ctx.db
      .selectFrom('customers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenantId', '=', ctx.tenantId)
      .where('anonymizedAt', 'is', null);
    if (after !== null) query = query.where('id', '>', after);
    return Number((await query.executeTakeFirstOrThrow()).n);
  },

  /**
   * Customers with their default billing address, in id order: the next `limit` after `after`,
   * or those with the given ids.
   */
  async customers(
    ctx: RequestContext,
    which: { after: string | null; limit: number } | { ids: string[] },
  ): Promise<CommerceCustomer[]> {
    let query = ctx.db
      .selectFrom('customers as c')
      .leftJoin('addresses as a', (join) =>
        join
          .onRef('a.tenantId', '=', 'c.tenantId')
          .onRef('a.customerId', '=', 'c.id')
          .on('a.isDefaultBilling', '=', true),
      )
      .select([
        'c.id',
        'c.customerSetId',
        'c.isRegistered',
        'c.email',
        'c.firstName',
        'c.lastName',
        'c.companyName',
        'c.phone',
        'c.countryCode',
        'c.createdAt',
        'a.id as addressId',
        'a.firstName as addressFirstName',
        'a.lastName as addressLastName',
        'a.companyName as addressCompanyName',
        'a.line1',
        'a.line2',
        'a.city',
        'a.postalCode',
        'a.countryCode as addressCountryCode',
        'a.stateCode',
        'a.phone as addressPhone',
      ])
      .where('c.tenantId', '=', ctx.tenantId)
      .where('c.anonymizedAt', 'is', null)
      .orderBy('c.id');
    if ('ids' in which) query = which.ids.length > 0 ? query.where('c.id', 'in', which.ids) : query.limit(0);
    else {
      query = query.limit(which.limit);
      if (which.after !== null) query = query.where('c.id', '>', which.after);
    }
    const rows = await query.execute();
    return rows.map((r) => ({
      id: r.id,
      customerSetId: r.customerSetId,
      isRegistered: r.isRegistered,
      email: r.email,
      countryCode: r.countryCode?.trim() ?? null,
      createdAt: new Date(r.createdAt),
      address:
        r.addressId === null
          ? null
          : {
              firstName: r.addressFirstName ?? r.firstName,
              lastName: r.addressLastName ?? r.lastName,
              companyName: r.addressCompanyName ?? r.companyName,
              line1: r.line1!,
              line2: r.line2,
              city: r.city!,
              postalCode: r.postalCode,
              countryCode: r.addressCountryCode!.trim(),
              stateCode: r.stateCode,
              phone: r.addressPhone ?? r.phone,
            },
    }));
  },

  /** Ids of the tenant's customers with these emails that have no orders yet. */
  async withoutOrdersByEmail(ctx: RequestContext, emails: string[]): Promise<string[]> {
    if (emails.length === 0) return [];
    const rows = await ctx.db
      .selectFrom('customers as c')
      .select('c.id')
      .where('c.tenantId', '=', ctx.tenantId)
      .where(
        sql`lower(c.email)`,
        'in',
        emails.map((e) => e.toLowerCase()),
      )
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('orders as o')
              .select('o.id')
              .whereRef('o.tenantId', '=', 'c.tenantId')
              .whereRef('o.customerId', '=', 'c.id'),
          ),
        ),
      )
      .orderBy('c.id')
      .execute();
    return rows.map((r) => r.id);
  },

  /** The highest ordinal of a seeded order number in the tenant (0 when there is none). */
  async lastSeededOrdinal(ctx: RequestContext): Promise<number> {
    const { rows } = await sql<{ n: string | null }>`
      select max(substring(number from ${SEEDED_NUMBER})::bigint)::text as n
      from orders where tenant_id = ${ctx.tenantId} and number ~ ${SEEDED_NUMBER}`.execute(ctx.db);
    return Number(rows[0]?.n ?? 0);
  },

  /**
   * Writes one batch: orders, their lines and status history, carts and their lines, wish lists
   * and items, credit entries and balances, one statement per table. Run it in a transaction
   * (then a failure leaves whole batches only). Answers nothing; the metrics come after.
   */
  async insertBatch(ctx: RequestContext, batch: CommerceBatch): Promise<void> {
    const t = ctx.tenantId;
    const { type, id: actorId } = ctx.actor;
    const { orders, lines, statusChanges, carts, cartLines, wishlists, wishlistItems } = batch;
    const col = <R, T>(rows: R[], pick: (row: R) => T) => rows.map(pick);
    // A customer's orders share one address snapshot: it travels (and is parsed) once per customer.
    const addressNumbers = new Map<string, number>();
    for (const o of orders)
      if (o.address !== null && !addressNumbers.has(o.address))
        addressNumbers.set(o.address, addressNumbers.size + 1);
    if (orders.length > 0)
      await sql`
        insert into orders (tenant_id, id, site_id, customer_id, number, status, currency, subtotal_minor,
          discount_minor, tax_minor, shipping_minor, total_minor, refunded_minor, email, billing_address,
          shipping_address, placed_at, version, created_at, updated_at)
        select ${t}::uuid, id, site_id, customer_id, number, status, currency, subtotal, discount, tax, shipping,
          total, refunded, email, a.address, a.address, placed_at, version, placed_at, updated_at
        from unnest(
          ${col(orders, (o) => o.id)}::uuid[], ${col(orders, (o) => o.siteId)}::uuid[],
          ${col(orders, (o) => o.customerId)}::uuid[], ${col(orders, (o) => o.number)}::text[],
          ${col(orders, (o) => o.status)}::text[], ${col(orders, (o) => o.currency)}::text[],
          ${col(orders, (o) => o.subtotalMinor)}::bigint[], ${col(orders, (o) => o.discountMinor)}::bigint[],
          ${col(orders, (o) => o.taxMinor)}::bigint[], ${col(orders, (o) => o.shippingMinor)}::bigint[],
          ${col(orders, (o) => o.totalMinor)}::bigint[], ${col(orders, (o) => o.refundedMinor)}::bigint[],
          ${col(orders, (o) => o.email)}::text[],
          ${col(orders, (o) => (o.address === null ? null : addressNumbers.get(o.address)))}::int[],
          ${col(orders, (o) => iso(o.placedAt))}::timestamptz[], ${col(orders, (o) => o.version)}::int[],
          ${col(orders, (o) => iso(o.updatedAt))}::timestamptz[]
        ) as b(id, site_id, customer_id, number, status, currency, subtotal, discount, tax, shipping, total,
               refunded, email, address_no, placed_at, version, updated_at)
        left join unnest(${[...addressNumbers.keys()]}::jsonb[]) with ordinality as a(address, no)
          on a.no = b.address_no`.execute(ctx.db);
    if (lines.length > 0)
      await sql`
        insert into order_lines (tenant_id, order_id, line_no, sku, name, quantity, unit_price_minor,
          discount_minor, tax_minor, total_minor)
        select ${t}::uuid, * from unnest(
          ${col(lines, (l) => l.orderId)}::uuid[], ${col(lines, (l) => l.lineNo)}::int[],
          ${col(lines, (l) => l.sku)}::text[], ${col(lines, (l) => l.name)}::text[],
          ${col(lines, (l) => l.quantity)}::int[], ${col(lines, (l) => l.unitPriceMinor)}::bigint[],
          ${col(lines, (l) => l.discountMinor)}::bigint[], ${col(lines, (l) => l.taxMinor)}::bigint[],
          ${col(lines, (l) => l.totalMinor)}::bigint[])`.execute(ctx.db);
    if (statusChanges.length > 0)
      await sql`
        insert into order_status_changes (tenant_id, id, order_id, from_status, to_status, amount_minor, note,
          actor_type, actor_id, created_at)
        select ${t}::uuid, id, order_id, from_status, to_status, amount, note, ${type}, ${actorId}, created_at
        from unnest(
          ${col(statusChanges, (s) => s.id)}::uuid[], ${col(statusChanges, (s) => s.orderId)}::uuid[],
          ${col(statusChanges, (s) => s.fromStatus)}::text[], ${col(statusChanges, (s) => s.toStatus)}::text[],
          ${col(statusChanges, (s) => s.amountMinor)}::bigint[], ${col(statusChanges, (s) => s.note)}::text[],
          ${col(statusChanges, (s) => iso(s.createdAt))}::timestamptz[]
        ) as b(id, order_id, from_status, to_status, amount, note, created_at)`.execute(ctx.db);
    if (carts.length > 0)
      await sql`
        insert into carts (tenant_id, id, site_id, customer_id, currency, subtotal_minor, line_count,
          last_activity_at, converted_order_id, converted_at, created_at, updated_at)
        select ${t}::uuid, id, site_id, customer_id, currency, subtotal, line_count, last_activity_at,
          converted_order_id, converted_at, created_at, coalesce(converted_at, last_activity_at)
        from unnest(
          ${col(carts, (c) => c.id)}::uuid[], ${col(carts, (c) => c.siteId)}::uuid[],
          ${col(carts, (c) => c.customerId)}::uuid[], ${col(carts, (c) => c.currency)}::text[],
          ${col(carts, (c) => c.subtotalMinor)}::bigint[], ${col(carts, (c) => c.lineCount)}::int[],
          ${col(carts, (c) => iso(c.lastActivityAt))}::timestamptz[],
          ${col(carts, (c) => c.convertedOrderId)}::uuid[], ${col(carts, (c) => iso(c.convertedAt))}::timestamptz[],
          ${col(carts, (c) => iso(c.createdAt))}::timestamptz[]
        ) as b(id, site_id, customer_id, currency, subtotal, line_count, last_activity_at, converted_order_id,
               converted_at, created_at)`.execute(ctx.db);
    if (cartLines.length > 0)
      await sql`
        insert into cart_lines (tenant_id, cart_id, line_no, sku, name, quantity, unit_price_minor)
        select ${t}::uuid, * from unnest(
          ${col(cartLines, (l) => l.cartId)}::uuid[], ${col(cartLines, (l) => l.lineNo)}::int[],
          ${col(cartLines, (l) => l.sku)}::text[], ${col(cartLines, (l) => l.name)}::text[],
          ${col(cartLines, (l) => l.quantity)}::int[], ${col(cartLines, (l) => l.unitPriceMinor)}::bigint[])`.execute(
        ctx.db,
      );
    if (wishlists.length > 0)
      await sql`
        insert into wishlists (tenant_id, id, customer_id, name, created_at, updated_at)
        select ${t}::uuid, * from unnest(
          ${col(wishlists, (w) => w.id)}::uuid[], ${col(wishlists, (w) => w.customerId)}::uuid[],
          ${col(wishlists, (w) => w.name)}::text[], ${col(wishlists, (w) => iso(w.createdAt))}::timestamptz[],
          ${col(wishlists, (w) => iso(w.updatedAt))}::timestamptz[])`.execute(ctx.db);
    if (wishlistItems.length > 0)
      await sql`
        insert into wishlist_items (tenant_id, id, wishlist_id, sku, name, quantity, note, created_at, updated_at)
        select ${t}::uuid, id, wishlist_id, sku, name, quantity, note, created_at, created_at
        from unnest(
          ${col(wishlistItems, (i) => i.id)}::uuid[], ${col(wishlistItems, (i) => i.wishlistId)}::uuid[],
          ${col(wishlistItems, (i) => i.sku)}::text[], ${col(wishlistItems, (i) => i.name)}::text[],
          ${col(wishlistItems, (i) => i.quantity)}::int[], ${col(wishlistItems, (i) => i.note)}::text[],
          ${col(wishlistItems, (i) => iso(i.createdAt))}::timestamptz[]
        ) as b(id, wishlist_id, sku, name, quantity, note, created_at)`.execute(ctx.db);
    await this.insertCredit(ctx, batch);
  },

  async insertCredit(
    ctx: RequestContext,
    { creditEntries: entries, creditBalances: balances }: CommerceBatch,
  ) {
    const t = ctx.tenantId;
    const col = <R, T>(rows: R[], pick: (row: R) => T) => rows.map(pick);
    if (entries.length > 0)
      await sql`
        insert into credit_entries (tenant_id, id, customer_id, currency, amount_minor, kind, reason, reference,
          order_id, expires_at, remaining_minor, actor_type, actor_id, created_at)
        select ${t}::uuid, id, customer_id, currency, amount, kind, reason, reference, order_id, expires_at,
          remaining, ${ctx.actor.type}, ${ctx.actor.id}, created_at
        from unnest(
          ${col(entries, (e) => e.id)}::uuid[], ${col(entries, (e) => e.customerId)}::uuid[],
          ${col(entries, (e) => e.currency)}::text[], ${col(entries, (e) => e.amountMinor)}::bigint[],
          ${col(entries, (e) => e.kind)}::text[], ${col(entries, (e) => e.reason)}::text[],
          ${col(entries, (e) => e.reference)}::text[], ${col(entries, (e) => e.orderId)}::uuid[],
          ${col(entries, (e) => iso(e.expiresAt))}::timestamptz[],
          ${col(entries, (e) => e.remainingMinor)}::bigint[],
          ${col(entries, (e) => iso(e.createdAt))}::timestamptz[]
        ) as b(id, customer_id, currency, amount, kind, reason, reference, order_id, expires_at, remaining,
               created_at)`.execute(ctx.db);
    if (balances.length > 0)
      await sql`
        insert into credit_balances (tenant_id, customer_id, currency, balance_minor, updated_at)
        select ${t}::uuid, * from unnest(
          ${col(balances, (b) => b.customerId)}::uuid[], ${col(balances, (b) => b.currency)}::text[],
          ${col(balances, (b) => b.balanceMinor)}::bigint[], ${col(balances, (b) => iso(b.updatedAt))}::timestamptz[])`.execute(
        ctx.db,
      );
  },

  /** Planner statistics after a bulk load (PGlite has no autovacuum to take them later). */
  async analyze(ctx: RequestContext): Promise<void> {
    for (const table of [
      'orders',
      'order_lines',
      'order_status_changes',
      'carts',
      'cart_lines',
      'wishlists',
      'wishlist_items',
      'credit_entries',
      'credit_balances',
      'customers',
    ])
      await sql`analyze ${sql.table(table)}`.execute(ctx.db);
  },
};
