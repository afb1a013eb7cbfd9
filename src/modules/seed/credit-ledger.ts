import type { CreditKind } from '../../db/types.js';
import { newId } from '../../lib/ids.js';
import type { CommerceBatch, OrderDraft, SeedCreditEntry } from './commerce-rows.js';
import { DAY, HOUR, type Random } from './seeded-random.js';

const CREDIT_ISSUES = [
  'Goodwill: late delivery',
  'Refund as store credit',
  'Loyalty reward',
  'Promotion: spring campaign',
  'Damaged item',
];
const CREDIT_DEDUCTIONS = ['Correction: issued twice', 'Adjustment after return review'];
const CREDIT_AMOUNTS = [500, 1000, 1500, 2000, 2500, 5000, 10000];

/**
 * A store-credit ledger played forward in time as the credit module would write it: grants
 * (issues, returns) with what is left of each, debits taken from the soonest-expiring grant
 * first and never more than is left, expiries of what remained at expiry, and the balance as
 * the sum of it all.
 */
export function creditLedger(
  random: Random,
  out: CommerceBatch,
  customer: { id: string; historyStart: number },
  drafts: OrderDraft[],
  options: { now: number; mainCurrency: string; demo: boolean },
) {
  const { now, demo } = options;
  const start = customer.historyStart;
  const currency = drafts.at(-1)?.order.currency ?? options.mainCurrency;
  const latest = now - HOUR;
  if (latest <= start) return;
  type Event =
    | { at: number; kind: 'issue'; amount: number; expiresAt: number | null }
    | { at: number; kind: 'deduct'; share: number }
    | { at: number; kind: 'redeem'; share: number; draft: OrderDraft }
    | { at: number; kind: 'return'; draft: OrderDraft }
    | { at: number; kind: 'expire'; grant: Grant };
  interface Grant {
    entry: SeedCreditEntry;
    expiresAt: number | null;
  }
  const events: Event[] = [];
  const issue = (at: number, expiring: number) => {
    const expiresAt = random.chance(expiring) ? at + random.pick([90, 180, 365]) * DAY : null;
    events.push({ at, kind: 'issue', amount: random.pick(CREDIT_AMOUNTS), expiresAt });
  };
  // The demo's first grant is old enough for its newest order to be paid partly with it.
  const firstAt = random.between(start, demo ? Math.max(start, now - 60 * DAY) : latest);
  issue(firstAt, demo ? 0 : 0.4);
  if (demo || random.chance(0.35)) issue(random.between(firstAt, latest), demo ? 1 : 0.3);
  const spendable = drafts.filter(
    (d) => d.order.currency === currency && d.order.placedAt.getTime() > firstAt,
  );
  if (spendable.length > 0 && (demo || random.chance(0.45))) {
    const draft = demo ? spendable.at(-1)! : random.pick(spendable);
    events.push({
      at: draft.order.placedAt.getTime(),
      kind: 'redeem',
      // The demo keeps some credit after it (every debit is then less than the balance).
      share: random.between(0.3, demo ? 0.7 : 1),
      draft,
    });
    if (draft.closedAt !== null) events.push({ at: draft.closedAt, kind: 'return', draft });
  }
  if (demo || random.chance(0.12))
    events.push({
      at: random.between(firstAt, latest),
      kind: 'deduct',
      share: random.between(0.2, 0.6),
    });
  events.sort((a, b) => a.at - b.at);

  const grants: Grant[] = [];
  const redeemed = new Map<string, number>();
  let balance = 0;
  let lastAt = firstAt;
  const entry = (
    at: number,
    kind: CreditKind,
    amount: number,
    fields: Partial<SeedCreditEntry> = {},
  ): SeedCreditEntry => {
    const row: SeedCreditEntry = {
      id: newId(),
      customerId: customer.id,
      currency,
      amountMinor: amount,
      kind,
      reason: '',
      reference: null,
      orderId: null,
      expiresAt: null,
      remainingMinor: null,
      createdAt: new Date(at),
      ...fields,
    };
    out.creditEntries.push(row);
    balance += amount;
    lastAt = at;
    return row;
  };
  /** Takes `amount` off the grants, soonest expiry first, never-expiring last, oldest first. */
  const spend = (amount: number) => {
    const order = [...grants].sort(
      (a, b) => (a.expiresAt ?? Number.POSITIVE_INFINITY) - (b.expiresAt ?? Number.POSITIVE_INFINITY),
    );
    let left = amount;
    for (const grant of order) {
      const taken = Math.min(grant.entry.remainingMinor!, left);
      grant.entry.remainingMinor! -= taken;
      left -= taken;
    }
  };
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    switch (event.kind) {
      case 'issue': {
        const expiresAt = event.expiresAt !== null ? new Date(event.expiresAt) : null;
        const row = entry(event.at, 'issue', event.amount, {
          reason: random.pick(CREDIT_ISSUES),
          expiresAt,
          remainingMinor: event.amount,
        });
        const grant = { entry: row, expiresAt: event.expiresAt };
        grants.push(grant);
        // Its expiry, in time order with the rest, if it comes before now.
        if (event.expiresAt !== null && event.expiresAt <= latest) {
          const at = event.expiresAt;
          const index = events.findIndex((e, j) => j > i && e.at > at);
          events.splice(index === -1 ? events.length : index, 0, { at, kind: 'expire', grant });
        }
        break;
      }
      case 'expire': {
        const left = event.grant.entry.remainingMinor!;
        if (left === 0) break;
        event.grant.entry.remainingMinor = 0;
        entry(event.at, 'expire', -left, { reason: 'Credit expired', reference: event.grant.entry.id });
        break;
      }
      case 'deduct': {
        const amount = Math.round(balance * event.share);
        if (amount < 1) break;
        spend(amount);
        entry(event.at, 'deduct', -amount, { reason: random.pick(CREDIT_DEDUCTIONS) });
        break;
      }
      case 'redeem': {
        const { order } = event.draft;
        const amount = Math.min(order.totalMinor, Math.round(balance * event.share));
        if (amount < 1) break;
        spend(amount);
        redeemed.set(order.id, amount);
        entry(event.at, 'redeem', -amount, {
          reason: `Spent on order ${order.number}`,
          reference: order.number,
          orderId: order.id,
        });
        break;
      }
      case 'return': {
        // What the orders module gives back when an order paid with credit is cancelled or refunded.
        const { order } = event.draft;
        const owed = redeemed.get(order.id) ?? 0;
        if (owed === 0) break;
        const row = entry(event.at, 'return', owed, {
          reason: `Returned from order ${order.number}`,
          reference: order.number,
          orderId: order.id,
          remainingMinor: owed,
        });
        grants.push({ entry: row, expiresAt: null });
        break;
      }
    }
  }
  out.creditBalances.push({
    customerId: customer.id,
    currency,
    balanceMinor: balance,
    updatedAt: new Date(lastAt),
  });
}
