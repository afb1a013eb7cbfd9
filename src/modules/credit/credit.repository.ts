import { type Insertable, type Selectable, sql } from 'kysely';
import type { Database } from '../../db/database.js';
import type { CreditEntriesTable } from '../../db/types.js';
import type { RequestContext } from '../../lib/context.js';
import { violatedCheck } from '../../lib/db-errors.js';
import type { PageWindow } from '../../lib/list/paginate.js';

export type CreditEntryRow = Omit<Selectable<CreditEntriesTable>, 'tenantId' | 'idempotencyKey'>;
export type NewCreditEntry = Omit<
  Insertable<CreditEntriesTable>,
  'tenantId' | 'actorType' | 'actorId' | 'createdAt'
>;

/** A grant (issue or return) with credit left on it, as spending and expiry lock it. */
export interface OpenGrant {
  id: string;
  remainingMinor: number;
}

const entryColumns = [
  'id',
  'customerId',
  'currency',
  'amountMinor',
  'kind',
  'reason',
  'reference',
  'orderId',
  'expiresAt',
  'remainingMinor',
  'actorType',
  'actorId',
  'createdAt',
] as const;

export const creditRepository = {
  /** Writes entries; the actor is the context's. */
  insertEntries(ctx: RequestContext, entries: NewCreditEntry[]) {
    return ctx.db
      .insertInto('creditEntries')
      .values(
        entries.map((entry) => ({
          ...entry,
          tenantId: ctx.tenantId,
          actorType: ctx.actor.type,
          actorId: ctx.actor.id,
        })),
      )
      .returning(entryColumns)
      .execute();
  },

  /**
   * Moves a balance by `delta` in one statement, so concurrent moves cannot interleave a read
   * and a write: the row lock it takes is held to commit, and the CHECK (balance_minor >= 0)
   * refuses a result below zero. Answers the new balance, or null when the balance is too small.
   * A credit is an upsert (the first one creates the row). A debit is a plain UPDATE: PostgreSQL
   * checks an INSERT's proposed row against the CHECK before it looks for the conflict, so an
   * upsert carrying a negative value fails even when the balance would cover it; and with no
   * row the balance is 0, which covers no debit.
   * After a null the transaction is aborted (on the CHECK); the caller must roll it back.
   */
  async changeBalance(ctx: RequestContext, customerId: string, currency: string, delta: number) {
    try {
      if (delta > 0) {
        const row = await ctx.db
          .insertInto('creditBalances')
          .values({ tenantId: ctx.tenantId, customerId, currency, balanceMinor: delta })
          .onConflict((oc) =>
            oc.columns(['tenantId', 'customerId', 'currency']).doUpdateSet({
              balanceMinor: sql`credit_balances.balance_minor + excluded.balance_minor`,
              updatedAt: sql`now()`,
            }),
          )
          .returning('balanceMinor')
          .executeTakeFirstOrThrow();
        return row.balanceMinor;
      }
      const row = await ctx.db
        .updateTable('creditBalances')
        .set({ balanceMinor: sql`balance_minor + ${delta}`, updatedAt: sql`now()` })
        .where('tenantId', '=', ctx.tenantId)
        .where('customerId', '=', customerId)
        .where('currency', '=', currency)
        .returning('balanceMinor')
        .executeTakeFirst();
      return row ? row.balanceMinor : null;
    } catch (error) {
      if (violatedCheck(error) === 'credit_balances_balance_minor_check') return null;
      throw error;
    }
  },

  /**
   * Locks the balance row of a customer and currency until commit. With `skipLocked`, answers
   * false instead of waiting when another transaction holds it (the expiry job moves on).
   */
  async lockBalance(ctx: RequestContext, customerId: string, currency: string, skipLocked = false) {
    let query = ctx.db
      .selectFrom('creditBalances')
      .select('balanceMinor')
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .where('currency', '=', currency)
      .forUpdate();
    if (skipLocked) query = query.skipLocked();
    return (await query.executeTakeFirst()) !== undefined;
  },

  async balanceOf(ctx: RequestContext, customerId: string, currency: string) {
    const row = await ctx.db
      .selectFrom('creditBalances')
      .select('balanceMinor')
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .where('currency', '=', currency)
      .executeTakeFirst();
    return row?.balanceMinor ?? 0;
  },

  /** How many ledger entries the customer has (grants, redemptions, expiries, …). */
  async countEntries(ctx: RequestContext, customerId: string): Promise<number> {
    const row = await ctx.db
      .selectFrom('creditEntries')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  },

  balances(ctx: RequestContext, customerId: string) {
    return ctx.db
      .selectFrom('creditBalances')
      .select(['currency', 'balanceMinor'])
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .orderBy('currency')
      .execute();
  },

  /**
   * The customer's grants with credit left in one currency, in spending order: soonest expiry
   * first, never-expiring last, then oldest (ids are UUIDv7). Locked until commit, so expiry
   * and other spending wait for this transaction's view of what is left.
   */
  lockOpenGrants(ctx: RequestContext, customerId: string, currency: string): Promise<OpenGrant[]> {
    return ctx.db
      .selectFrom('creditEntries')
      .select(['id', sql<number>`remaining_minor`.as('remainingMinor')])
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .where('currency', '=', currency)
      .where('remainingMinor', '>', 0)
      .orderBy(sql`expires_at asc nulls last`)
      .orderBy('id')
      .forUpdate()
      .execute();
  },

  /** Grants of one customer and currency due to expire at `now`, locked until commit. */
  lockDueGrants(ctx: RequestContext, customerId: string, currency: string, now: Date): Promise<OpenGrant[]> {
    return ctx.db
      .selectFrom('creditEntries')
      .select(['id', sql<number>`remaining_minor`.as('remainingMinor')])
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .where('currency', '=', currency)
      .where('expiresAt', '<=', now)
      .where('remainingMinor', '>', 0)
      .orderBy('id')
      .forUpdate()
      .execute();
  },

  /** Sets what is left on several grants in one statement. */
  async setRemaining(ctx: RequestContext, grants: OpenGrant[]) {
    if (grants.length === 0) return;
    const values = sql.join(
      grants.map((g) => sql`(cast(${g.id} as uuid), cast(${g.remainingMinor} as bigint))`),
    );
    await sql`
      update credit_entries e set remaining_minor = v.remaining
      from (values ${values}) as v(id, remaining)
      where e.tenant_id = ${ctx.tenantId} and e.id = v.id`.execute(ctx.db);
  },

  /**
   * One page of a customer's entries, newest first (limit + 1 rows, to know whether another
   * page follows). Ids are UUIDv7, so id order is time order; index credit_entries_customer.
   */
  listEntries(ctx: RequestContext, customerId: string, currency: string | null, { after, rows }: PageWindow) {
    let query = ctx.db
      .selectFrom('creditEntries')
      .select(entryColumns)
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId);
    if (currency) query = query.where('currency', '=', currency);
    if (after) query = query.where('id', '<', after.id);
    return query.orderBy('id', 'desc').limit(rows).execute();
  },

  /**
   * The order credit is spent on, share-locked until commit: a cancellation (which locks the
   * order to change its status) waits for this redemption, and then returns it too.
   */
  orderForRedemption(ctx: RequestContext, orderId: string) {
    return ctx.db
      .selectFrom('orders')
      .select(['id', 'customerId', 'currency', 'status', 'number', 'totalMinor'])
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', orderId)
      .forShare()
      .executeTakeFirst();
  },

  /** The order whose credit goes back, locked until commit so two returns cannot both pay it. */
  orderForReturn(ctx: RequestContext, orderId: string) {
    return ctx.db
      .selectFrom('orders')
      .select(['id', 'number'])
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', orderId)
      .forUpdate()
      .executeTakeFirst();
  },

  /**
   * Credit spent on an order and given back, per customer and currency, as positive amounts
   * (index credit_entries_order).
   */
  orderCredit(ctx: RequestContext, orderId: string) {
    return ctx.db
      .selectFrom('creditEntries')
      .select([
        'customerId',
        'currency',
        sql<number>`coalesce(-sum(amount_minor) filter (where kind = 'redeem'), 0)::bigint`.as('redeemed'),
        sql<number>`coalesce(sum(amount_minor) filter (where kind = 'return'), 0)::bigint`.as('returned'),
      ])
      .where('tenantId', '=', ctx.tenantId)
      .where('orderId', '=', orderId)
      .groupBy(['customerId', 'currency'])
      .orderBy('customerId')
      .orderBy('currency')
      .execute();
  },

  /*
   * The expiry job's search works across tenants: one index (credit_entries_expiring) holds
   * every tenant's credit still to expire. Each group it finds is then handled in its tenant.
   */

  /** Up to `limit` grants due at `now`, soonest first: where each belongs. */
  dueGrants(db: Database, now: Date, limit: number) {
    return db
      .selectFrom('creditEntries')
      .select(['tenantId', 'customerId', 'currency'])
      .where('expiresAt', '<=', now)
      .where('remainingMinor', '>', 0)
      .orderBy('expiresAt')
      .limit(limit)
      .execute();
  },

  /**
   * A merge (flows/merge-customers.ts): the ledger moves whole to the survivor, and each balance
   * is added to the survivor's in the same currency. The caller holds both customers' locks.
   */
  async moveToCustomer(ctx: RequestContext, fromId: string, toId: string) {
    const entries = await ctx.db
      .updateTable('creditEntries')
      .set({ customerId: toId })
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', fromId)
      .executeTakeFirst();
    const balances = await ctx.db
      .deleteFrom('creditBalances')
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', fromId)
      .returning(['currency', 'balanceMinor'])
      .execute();
    for (const { currency, balanceMinor } of balances) {
      await ctx.db
        .insertInto('creditBalances')
        .values({ tenantId: ctx.tenantId, customerId: toId, currency, balanceMinor, updatedAt: new Date() })
        .onConflict((oc) =>
          oc.columns(['tenantId', 'customerId', 'currency']).doUpdateSet((eb) => ({
            balanceMinor: eb('creditBalances.balanceMinor', '+', eb.ref('excluded.balanceMinor')),
            updatedAt: new Date(),
          })),
        )
        .execute();
    }
    return {
      entries: Number(entries.numUpdatedRows),
      balances: balances.map((b) => ({ currency: b.currency, amountMinor: Number(b.balanceMinor) })),
    };
  },
};
