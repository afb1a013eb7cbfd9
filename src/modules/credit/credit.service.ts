import type { Database } from '../../db/database.js';
import { inTransaction, type RequestContext, systemContext } from '../../lib/context.js';
import { violatedUniqueIndex } from '../../lib/db-errors.js';
import { DomainError, FieldErrors } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { Page } from '../../lib/list/list-builder.js';
import { type ListSpec, paginate } from '../../lib/list/paginate.js';
import { isCurrency } from '../../lib/money.js';
import { iso } from '../../lib/time.js';
import { requireCustomer } from '../customers/customer-records.service.js';
import { recordEvent } from '../events/events.service.js';
import { type IdempotentResult, idempotent } from '../idempotency/idempotency.service.js';
import { creditErrors } from './credit.errors.js';
import {
  type CreditEntryRow,
  creditRepository,
  type NewCreditEntry,
  type OpenGrant,
} from './credit.repository.js';
import type {
  CreditBalance,
  CreditEntry,
  CreditEntryCreate,
  CreditEntryQuery,
  CreditEntryResult,
  CreditRedeem,
  MyCredit,
  MyCreditEntry,
} from './credit.schemas.js';

/*
 * Store credit is a ledger: entries are only ever added, and the balance per customer and
 * currency moves in the same transaction as each entry (docs/store-credit.md). Every writer
 * takes the balance row's lock first (by moving it, or by locking it) and the grants' locks
 * after it, so writers of one customer and currency queue on one row and never deadlock.
 */

const entryToApi = (row: CreditEntryRow): CreditEntry => ({
  id: row.id,
  kind: row.kind,
  amount: row.amountMinor,
  currency: row.currency,
  reason: row.reason,
  reference: row.reference,
  orderId: row.orderId,
  expiresAt: iso(row.expiresAt),
  remaining: row.remainingMinor,
  actor: { type: row.actorType, id: row.actorId },
  createdAt: iso(row.createdAt),
});

const entryToShopper = (entry: CreditEntry): MyCreditEntry => ({
  id: entry.id,
  kind: entry.kind,
  amount: entry.amount,
  currency: entry.currency,
  orderId: entry.orderId,
  expiresAt: entry.expiresAt,
  remaining: entry.remaining,
  createdAt: entry.createdAt,
});

async function writeEntry(ctx: RequestContext, entry: NewCreditEntry) {
  try {
    const [row] = await creditRepository.insertEntries(ctx, [entry]);
    return row!;
  } catch (error) {
    if (violatedUniqueIndex(error) === 'credit_entries_idempotency') throw creditErrors.keyUsed();
    throw error;
  }
}

/**
 * Takes `amount` off the balance and then off the customer's grants, soonest-expiring first,
 * so that expiry later removes only what is really left. Answers the new balance. The balance
 * statement decides (see creditRepository.changeBalance); after it, this transaction holds the
 * balance row, so the grants it reads and locks are exactly the ones that balance counts.
 */
async function spend(ctx: RequestContext, customerId: string, currency: string, amount: number) {
  const balance = await creditRepository.changeBalance(ctx, customerId, currency, -amount);
  if (balance === null) throw creditErrors.insufficient(currency, amount, null);
  const grants = await creditRepository.lockOpenGrants(ctx, customerId, currency);
  let left = amount;
  const changed: OpenGrant[] = [];
  for (const grant of grants) {
    if (left === 0) break;
    const taken = Math.min(grant.remainingMinor, left);
    changed.push({ id: grant.id, remainingMinor: grant.remainingMinor - taken });
    left -= taken;
  }
  // The balance is the sum of what is left on grants; a gap means the ledger was written around.
  if (left > 0)
    throw new Error(
      `credit ledger out of step: ${customerId} ${currency} grants lack ${left} of the balance`,
    );
  await creditRepository.setRemaining(ctx, changed);
  return balance;
}

/**
 * A shortfall is found inside the transaction, which the CHECK has aborted; the balance the
 * answer reports is read after the rollback (so it may already have moved again).
 */
async function withBalanceOnShortfall<T>(
  ctx: RequestContext,
  customerId: string,
  currency: string,
  amount: number,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== 'credit.insufficient') throw error;
    const balance = await creditRepository.balanceOf(ctx, customerId, currency);
    throw creditErrors.insufficient(currency, amount, balance);
  }
}

/** What the schema cannot say about an entry, every bad field at once. */
function checkEntry(input: CreditEntryCreate, now: Date) {
  const errors = new FieldErrors();
  if (input.amount === 0) errors.add('/amount', 'must not be 0');
  if (!isCurrency(input.currency)) errors.add('/currency', 'is not an ISO 4217 currency code');
  if (!input.reason.trim()) errors.add('/reason', 'must not be blank');
  if (input.expiresAt !== undefined) {
    if (input.amount < 0) errors.add('/expiresAt', 'is only allowed with a positive amount (issued credit)');
    else if (new Date(input.expiresAt).getTime() <= now.getTime())
      errors.add('/expiresAt', 'must be in the future');
  }
  errors.throwIfAny();
}

/**
 * An admin issues credit (positive amount, optionally expiring) or deducts it (negative),
 * once per Idempotency-Key. A deduction larger than the balance is 422 `credit.insufficient`,
 * decided by the balance statement under concurrency, never by an earlier read.
 */
export async function addCreditEntry(
  ctx: RequestContext,
  customerId: string,
  input: CreditEntryCreate,
  key: string | undefined,
): Promise<IdempotentResult<CreditEntryResult>> {
  checkEntry(input, new Date());
  await requireCustomer(ctx, customerId);
  const { amount, currency } = input;
  const reason = input.reason.trim();
  const request = { customerId, ...input };
  return withBalanceOnShortfall(ctx, customerId, currency, -amount, () =>
    idempotent(ctx, key, 'credit.entry', request, async (trx) => {
      const common = {
        customerId,
        currency,
        reason,
        reference: input.reference ?? null,
        idempotencyKey: key,
      };
      let entry: CreditEntryRow;
      let balance: number;
      if (amount > 0) {
        entry = await writeEntry(trx, {
          ...common,
          id: newId(),
          kind: 'issue',
          amountMinor: amount,
          remainingMinor: amount,
          expiresAt: input.expiresAt ?? null,
        });
        balance = (await creditRepository.changeBalance(trx, customerId, currency, amount))!;
      } else {
        balance = await spend(trx, customerId, currency, -amount);
        entry = await writeEntry(trx, { ...common, id: newId(), kind: 'deduct', amountMinor: amount });
      }
      await recordEvent(trx, customerId, amount > 0 ? 'credit.issued' : 'credit.deducted', {
        entryId: entry.id,
        amount,
        currency,
        balance,
        reason,
      });
      return { outcome: 'created', body: { entry: entryToApi(entry), balance: { currency, balance } } };
    }),
  );
}

/** Orders that can no longer be paid for; credit on them comes back through returnCreditForOrder. */
const closedStatuses = new Set(['cancelled', 'refunded']);

/**
 * The checkout spends credit on an order of this customer, once per Idempotency-Key: a
 * 'redeem' entry tied to the order, in the order's currency, never more than the order's
 * total minus what credit already pays of it.
 */
export async function redeemCredit(
  ctx: RequestContext,
  customerId: string,
  input: CreditRedeem,
  key: string | undefined,
): Promise<IdempotentResult<CreditEntryResult>> {
  if (!isCurrency(input.currency)) throw creditErrors.unknownCurrency();
  await requireCustomer(ctx, customerId);
  const { orderId, amount, currency } = input;
  return withBalanceOnShortfall(ctx, customerId, currency, amount, () =>
    idempotent(ctx, key, 'credit.redeem', { customerId, ...input }, async (trx) => {
      const order = await creditRepository.orderForRedemption(trx, orderId);
      if (!order || order.customerId !== customerId) throw creditErrors.unknownOrder();
      if (order.currency !== currency) throw creditErrors.orderCurrency(order.currency);
      if (closedStatuses.has(order.status)) throw creditErrors.orderClosed(order.status);
      const balance = await spend(trx, customerId, currency, amount);
      // Read after spend(): this transaction now holds the balance row every redemption of this
      // order (same customer, same currency) must take, so none can slip in between.
      const paid = (await creditRepository.orderCredit(trx, orderId))
        .filter((g) => g.customerId === customerId && g.currency === currency)
        .reduce((sum, g) => sum + g.redeemed - g.returned, 0);
      if (paid + amount > order.totalMinor)
        throw creditErrors.exceedsOrder(Math.max(0, order.totalMinor - paid));
      const entry = await writeEntry(trx, {
        id: newId(),
        customerId,
        currency,
        kind: 'redeem',
        amountMinor: -amount,
        reason: `Spent on order ${order.number}`,
        reference: order.number,
        orderId,
        idempotencyKey: key,
      });
      await recordEvent(trx, customerId, 'credit.redeemed', {
        entryId: entry.id,
        amount: -amount,
        currency,
        balance,
        orderId,
      });
      return { outcome: 'created', body: { entry: entryToApi(entry), balance: { currency, balance } } };
    }),
  );
}

/**
 * Gives back the credit spent on an order, for the orders module when it cancels or refunds
 * the order, inside its transaction (ctx). Writes one 'return' entry per customer and currency
 * for what was redeemed on the order and not yet returned, so a second call writes nothing.
 * Returned credit is a new grant that never expires, whatever the spent credit's expiry was:
 * which grants a redemption drew on is not recorded, and a shopper should not lose credit
 * because an order failed (docs/store-credit.md).
 */
export async function returnCreditForOrder(ctx: RequestContext, orderId: string): Promise<CreditEntry[]> {
  return inTransaction(ctx, async (trx) => {
    const order = await creditRepository.orderForReturn(trx, orderId);
    if (!order) return [];
    const written: CreditEntry[] = [];
    for (const group of await creditRepository.orderCredit(trx, orderId)) {
      const owed = group.redeemed - group.returned;
      if (owed <= 0) continue;
      const { customerId, currency } = group;
      const entry = await writeEntry(trx, {
        id: newId(),
        customerId,
        currency,
        kind: 'return',
        amountMinor: owed,
        remainingMinor: owed,
        reason: `Returned from order ${order.number}`,
        reference: order.number,
        orderId,
      });
      const balance = (await creditRepository.changeBalance(trx, customerId, currency, owed))!;
      await recordEvent(trx, customerId, 'credit.returned', {
        entryId: entry.id,
        amount: owed,
        currency,
        balance,
        orderId,
      });
      written.push(entryToApi(entry));
    }
    return written;
  });
}

/**
 * Expires credit due at `now` (injectable, for tests and catch-up runs): for up to `batch`
 * due grants, across tenants, writes an 'expire' entry of minus what is left on each, sets it
 * to 0 and lowers the balance by as much, in one transaction per customer and currency.
 * A customer whose balance row another transaction holds (a purchase under way) is skipped
 * (skip locked) and picked up on the next run. Answers how many grants expired. `requestId`
 * names the worker's run in the events it records.
 */
export async function expireDueCredit(
  db: Database,
  now = new Date(),
  batch = 500,
  requestId?: string,
): Promise<number> {
  const due = await creditRepository.dueGrants(db, now, batch);
  const groups = new Map(due.map((g) => [`${g.tenantId}/${g.customerId}/${g.currency}`, g]));
  let expired = 0;
  for (const { tenantId, customerId, currency } of groups.values()) {
    expired += await db.transaction().execute(async (trx) => {
      const ctx = systemContext(trx, tenantId, requestId);
      if (!(await creditRepository.lockBalance(ctx, customerId, currency, true))) return 0;
      const grants = await creditRepository.lockDueGrants(ctx, customerId, currency, now);
      if (grants.length === 0) return 0;
      await creditRepository.insertEntries(
        ctx,
        grants.map((grant) => ({
          id: newId(),
          customerId,
          currency,
          kind: 'expire' as const,
          amountMinor: -grant.remainingMinor,
          reason: 'Credit expired',
          reference: grant.id,
        })),
      );
      await creditRepository.setRemaining(
        ctx,
        grants.map((grant) => ({ id: grant.id, remainingMinor: 0 })),
      );
      const total = grants.reduce((sum, grant) => sum + grant.remainingMinor, 0);
      const balance = await creditRepository.changeBalance(ctx, customerId, currency, -total);
      if (balance === null)
        throw new Error(`credit ledger out of step: ${customerId} ${currency} balance below its grants`);
      await recordEvent(ctx, customerId, 'credit.expired', { amount: -total, currency, balance });
      return grants.length;
    });
  }
  return expired;
}

/** The customer's balance in every currency they ever had credit in (zero balances included). */
/** How many entries the customer's store-credit ledger holds (0: the customer never had credit). */
export const countCreditEntries = (ctx: RequestContext, customerId: string) =>
  creditRepository.countEntries(ctx, customerId);

export async function getCreditBalances(
  ctx: RequestContext,
  customerId: string,
): Promise<{ balances: CreditBalance[] }> {
  await requireCustomer(ctx, customerId);
  const rows = await creditRepository.balances(ctx, customerId);
  return { balances: rows.map((row) => ({ currency: row.currency, balance: row.balanceMinor })) };
}

/** Newest first by id alone: UUIDv7 ids are in time order, so the cursor carries no sort key. */
const entryList: ListSpec = { sortFields: {}, defaultSort: null };

function entryPage<Item>(
  ctx: RequestContext,
  customerId: string,
  query: CreditEntryQuery,
  toItem: (entry: CreditEntry) => Item,
): Promise<Page<Item>> {
  return paginate(
    entryList,
    query,
    (window) => creditRepository.listEntries(ctx, customerId, query.currency ?? null, window),
    (rows) => rows.map((row) => toItem(entryToApi(row))),
  );
}

/** The customer's ledger, newest first, by opaque cursor; optionally one currency only. */
export async function listCreditEntries(ctx: RequestContext, customerId: string, query: CreditEntryQuery) {
  await requireCustomer(ctx, customerId);
  return entryPage(ctx, customerId, query, (entry) => entry);
}

/** The signed-in shopper's balances and latest activity, without admins' reasons and names. */
export async function getMyCredit(ctx: RequestContext, customerId: string): Promise<MyCredit> {
  const [balances, entries] = await Promise.all([
    creditRepository.balances(ctx, customerId),
    listMyCreditEntries(ctx, customerId, { limit: 20 }),
  ]);
  return {
    balances: balances.map((row) => ({ currency: row.currency, balance: row.balanceMinor })),
    entries,
  };
}

/** The signed-in shopper's credit activity, a page at a time. */
export async function listMyCreditEntries(ctx: RequestContext, customerId: string, query: CreditEntryQuery) {
  return entryPage(ctx, customerId, query, entryToShopper);
}

/**
 * A merge (src/flows/merge-customers.ts): the ledger moves as it is (entries keep their kind,
 * amounts, expiries and remaining amounts) and each balance is added to the survivor's in its
 * currency. The caller holds both customers' locks, which every credit write takes first.
 */
export const moveCreditToCustomer = (ctx: RequestContext, fromId: string, toId: string) =>
  creditRepository.moveToCustomer(ctx, fromId, toId);
