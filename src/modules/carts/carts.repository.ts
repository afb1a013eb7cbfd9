import { type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Database } from '../../db/database.js';
import type { DB } from '../../db/types.js';
import type { RequestContext } from '../../lib/context.js';
import { afterCursor, orderTerms, type SortField, type SortFields } from '../../lib/list/list-builder.js';
import { keyColumns, type ListSpec, type PageWindow } from '../../lib/list/paginate.js';
import { type AbandonedCartSortField, abandonedCartSort } from './carts.schemas.js';

const at = (date: Date) => sql<Date>`cast(${date.toISOString()} as timestamptz)`;

/** A site's abandonment window in hours, read from its jsonb settings with the schema's default. */
const windowHours = (settings: string, fallback: number) =>
  sql<number>`coalesce((${sql.ref(settings)}->>'abandonmentHours')::int, ${fallback})`;

/**
 * Abandoned-carts page sort keys; `lastActivityAt` is served by carts_open, `currency, value` by
 * carts_open_currency_value, which holds the currency as text because the keyset compares text.
 */
export const abandonedSortFields = {
  lastActivityAt: { expression: sql`carts.last_activity_at`, type: 'timestamptz' },
  value: { expression: sql`carts.subtotal_minor`, type: 'bigint' },
  currency: { expression: sql`(carts.currency::text)`, type: 'text' },
} satisfies Record<AbandonedCartSortField, SortField> as SortFields;

/** The Abandoned carts page as a list. */
export const abandonedCartList: ListSpec = {
  sortFields: abandonedSortFields,
  defaultSort: abandonedCartSort.default,
};

/** A customer's carts: latest activity first (carts_customer); the API offers no other order. */
export const customerCartList: ListSpec = {
  sortFields: { lastActivityAt: { expression: sql`carts.last_activity_at`, type: 'timestamptz' } },
  defaultSort: '-lastActivityAt',
};

const cartColumns = [
  'carts.id',
  'carts.siteId',
  'carts.customerId',
  'carts.currency',
  'carts.subtotalMinor',
  'carts.lineCount',
  'carts.lastActivityAt',
  'carts.convertedOrderId',
  'carts.convertedAt',
  'carts.reminderSentAt',
  'carts.createdAt',
  'carts.updatedAt',
] as const;

/** The cart's lines, in order, as one JSON array (no query per cart). */
const linesOf = (eb: ExpressionBuilder<DB, 'carts'>) =>
  jsonArrayFrom(
    eb
      .selectFrom('cartLines')
      .select(['cartLines.sku', 'cartLines.name', 'cartLines.quantity', 'cartLines.unitPriceMinor'])
      .whereRef('cartLines.tenantId', '=', 'carts.tenantId')
      .whereRef('cartLines.cartId', '=', 'carts.id')
      .orderBy('cartLines.lineNo'),
  ).as('lines');

/** The cart with its lines and its site's settings (for the abandonment window). */
const withLinesAndSite = (ctx: RequestContext) =>
  ctx.db
    .selectFrom('carts')
    .innerJoin('sites', (join) =>
      join.onRef('sites.tenantId', '=', 'carts.tenantId').onRef('sites.id', '=', 'carts.siteId'),
    )
    .select(cartColumns)
    .select('sites.settings as siteSettings')
    .select(linesOf)
    .where('carts.tenantId', '=', ctx.tenantId);

export type CartRecord = NonNullable<Awaited<ReturnType<typeof cartsRepository.find>>>;

export interface CartWrite {
  siteId: string;
  customerId: string | null;
  currency: string;
  subtotalMinor: number;
  lineCount: number;
  lastActivityAt: Date;
}

export interface CartLineWrite {
  sku: string;
  name: string;
  quantity: number;
  unitPriceMinor: number;
}

export interface AbandonedSpec {
  now: Date;
  defaultHours: number;
  siteId: string | null;
  /** Only carts in this currency. */
  currency?: string | null;
  window: PageWindow;
}

export const cartsRepository = {
  find(ctx: RequestContext, id: string) {
    return withLinesAndSite(ctx).where('carts.id', '=', id).executeTakeFirst();
  },

  /** The cart's state, row-locked for a replace or convert in this transaction. */
  lockState(ctx: RequestContext, id: string) {
    return ctx.db
      .selectFrom('carts')
      .select(['id', 'convertedOrderId'])
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  },

  /** Inserts the cart unless it exists; true when this call created it (a racing PUT may have). */
  async insertIfAbsent(ctx: RequestContext, id: string, cart: CartWrite): Promise<boolean> {
    const row = await ctx.db
      .insertInto('carts')
      .values({ ...cart, tenantId: ctx.tenantId, id })
      .onConflict((oc) => oc.columns(['tenantId', 'id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return row !== undefined;
  },

  update(ctx: RequestContext, id: string, cart: CartWrite) {
    return ctx.db
      .updateTable('carts')
      .set({ ...cart, updatedAt: new Date() })
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .execute();
  },

  async replaceLines(ctx: RequestContext, cartId: string, lines: CartLineWrite[]) {
    await ctx.db
      .deleteFrom('cartLines')
      .where('tenantId', '=', ctx.tenantId)
      .where('cartId', '=', cartId)
      .execute();
    if (lines.length === 0) return;
    await ctx.db
      .insertInto('cartLines')
      .values(lines.map((line, i) => ({ ...line, tenantId: ctx.tenantId, cartId, lineNo: i + 1 })))
      .execute();
  },

  /** Marks the cart bought; callers hold the row lock (lockState) and checked it was not yet. */
  markConverted(ctx: RequestContext, id: string, orderId: string) {
    return ctx.db
      .updateTable('carts')
      .set({ convertedOrderId: orderId, convertedAt: new Date(), updatedAt: new Date() })
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .where('convertedOrderId', 'is', null)
      .execute();
  },

  async orderExists(ctx: RequestContext, orderId: string): Promise<boolean> {
    const row = await ctx.db
      .selectFrom('orders')
      .select('id')
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', orderId)
      .executeTakeFirst();
    return row !== undefined;
  },

  /** One page of a customer's carts with their lines (limit + 1 rows, to know if more follow). */
  listForCustomer(ctx: RequestContext, customerId: string, { keys, after, rows }: PageWindow) {
    let query = withLinesAndSite(ctx)
      .select(keyColumns(keys))
      // Served by carts_customer (tenant_id, customer_id, last_activity_at desc).
      .where('carts.customerId', '=', customerId);
    if (after) query = query.where(afterCursor(keys, after.values, after.id, sql`carts.id`));
    return query.orderBy(orderTerms(keys, sql`carts.id`)).limit(rows).execute();
  },

  /**
   * One page of the tenant's abandoned carts (limit + 1 rows). Each cart is held to its own
   * site's window, so the sites' settings are joined in; the extra bound by the tenant's
   * shortest window is what lets PostgreSQL read a range of carts_open instead of every open
   * cart of the tenant.
   */
  listAbandoned(ctx: RequestContext, spec: AbandonedSpec) {
    return cartsRepository.abandonedQuery(ctx, spec).execute();
  },

  /** The query behind listAbandoned, unexecuted (a test EXPLAINs it to check its index). */
  abandonedQuery(ctx: RequestContext, spec: AbandonedSpec) {
    const { keys, after, rows } = spec.window;
    const shortestWindow = sql<number>`(select min(${windowHours('s.settings', spec.defaultHours)})
      from sites s where s.tenant_id = ${ctx.tenantId})`;
    let query = ctx.db
      .selectFrom('carts')
      .innerJoin('sites', (join) =>
        join.onRef('sites.tenantId', '=', 'carts.tenantId').onRef('sites.id', '=', 'carts.siteId'),
      )
      .select([
        'carts.id',
        'carts.currency',
        'carts.subtotalMinor',
        'carts.lineCount',
        'carts.lastActivityAt',
        'carts.reminderSentAt',
        'carts.customerId',
        'sites.id as siteId',
        'sites.code as siteCode',
        'sites.name as siteName',
      ])
      .select(windowHours('sites.settings', spec.defaultHours).as('windowHours'))
      .select(keyColumns(keys))
      .where('carts.tenantId', '=', ctx.tenantId)
      // The predicate of the partial index carts_open.
      .where('carts.convertedOrderId', 'is', null)
      .where('carts.lineCount', '>', 0)
      .where(
        sql<SqlBool>`carts.last_activity_at <= ${at(spec.now)} - make_interval(hours => ${shortestWindow})`,
      )
      .where(
        sql<SqlBool>`carts.last_activity_at <= ${at(spec.now)} - make_interval(hours => ${windowHours('sites.settings', spec.defaultHours)})`,
      );
    if (spec.siteId) query = query.where('carts.siteId', '=', spec.siteId);
    if (spec.currency) query = query.where(sql<SqlBool>`(carts.currency::text) = ${spec.currency}`);
    if (after) query = query.where(afterCursor(keys, after.values, after.id, sql`carts.id`));
    return query.orderBy(orderTerms(keys, sql`carts.id`)).limit(rows);
  },

  /** Moves carts from guests to the registered customer that took them over. */
  moveToCustomer(ctx: RequestContext, fromCustomerIds: readonly string[], toCustomerId: string) {
    if (fromCustomerIds.length === 0) return Promise.resolve(0);
    return ctx.db
      .updateTable('carts')
      .set({ customerId: toCustomerId, updatedAt: new Date() })
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', 'in', fromCustomerIds)
      .executeTakeFirst()
      .then((result) => Number(result.numUpdatedRows));
  },

  /** Sites of every tenant that send cart reminders (a small table; read whole). */
  sitesWithReminders(db: Database) {
    return db
      .selectFrom('sites')
      .select(['tenantId', 'id', 'name', 'settings'])
      .where(sql<SqlBool>`(settings->>'cartReminders')::boolean`)
      .orderBy('tenantId')
      .orderBy('id')
      .execute();
  },

  /**
   * Claims up to `limit` of the site's abandoned carts that still need their reminder, by
   * setting reminder_sent_at, and answers them with their customer. `skip locked` passes over
   * carts another worker is claiming, and `reminder_sent_at is null` in the update itself is
   * re-checked after any lock wait, so no cart is claimed twice. Call it in the transaction
   * that queues the emails: if that rolls back, the carts are unclaimed again.
   */
  claimReminders(ctx: RequestContext, siteId: string, cutoff: Date, now: Date, limit: number) {
    const due = ctx.db
      .selectFrom('carts as c')
      .innerJoin('customers as cu', (join) =>
        join.onRef('cu.tenantId', '=', 'c.tenantId').onRef('cu.id', '=', 'c.customerId'),
      )
      .select(['c.tenantId', 'c.id', 'cu.email', 'cu.firstName'])
      .where('c.tenantId', '=', ctx.tenantId)
      // carts_open: open carts with lines, by last activity.
      .where('c.convertedOrderId', 'is', null)
      .where('c.lineCount', '>', 0)
      .where('c.lastActivityAt', '<=', cutoff)
      .where('c.siteId', '=', siteId)
      .where('c.reminderSentAt', 'is', null)
      .where('cu.email', 'is not', null)
      .where('cu.enabled', '=', true)
      .orderBy('c.lastActivityAt')
      .orderBy('c.id')
      .limit(limit)
      .forUpdate(['c'])
      .skipLocked();
    return ctx.db
      .with('due', () => due)
      .updateTable('carts')
      .from('due')
      .set({ reminderSentAt: now })
      .whereRef('carts.tenantId', '=', 'due.tenantId')
      .whereRef('carts.id', '=', 'due.id')
      .where('carts.reminderSentAt', 'is', null)
      .returning([
        'carts.id',
        'carts.customerId',
        'carts.currency',
        'carts.subtotalMinor',
        'due.email',
        'due.firstName',
      ])
      .execute();
  },

  /** The lines of some carts, in order, for the reminder emails. */
  linesOfCarts(ctx: RequestContext, cartIds: readonly string[]) {
    if (cartIds.length === 0) return Promise.resolve([]);
    return ctx.db
      .selectFrom('cartLines')
      .select(['cartId', 'name', 'quantity', 'unitPriceMinor'])
      .where('tenantId', '=', ctx.tenantId)
      .where('cartId', 'in', cartIds)
      .orderBy('cartId')
      .orderBy('lineNo')
      .execute();
  },
};
