import type { DatabaseKind } from '../../db/database.js';
import { inTransaction, type RequestContext } from '../../lib/context.js';
import { recountCustomerMetrics } from '../orders/guest-orders.js';
import { listSites } from '../tenants/tenants.service.js';
import { boundedWrites } from './bounded-writes.js';
import { CommerceGenerator } from './commerce-generator.js';
import { batchRows, type CommerceBatch } from './commerce-rows.js';
import { demoCustomers } from './demo-customers.js';
import { seedCommerceRepository as repo } from './seed-commerce.repository.js';

/** Seeded order numbers start here (eight digits), e.g. `MAIN-10000001`. */
const FIRST_ORDINAL = 10_000_001;

export interface CommerceSeedOptions {
  /** Customers per batch (default 2,000). */
  batchSize?: number;
  /** Batches written at the same time, each in its own transaction (default 1; keep 1 on PGlite). */
  concurrency?: number;
  /** Called after each written batch with customers done and their total. */
  onProgress?: (done: number, total: number, rows: number) => void;
  /** The clock the history is made up to (default now). */
  now?: Date;
  /** Orders may predate the customer record, e.g. for customers the demo has just created. */
  historyBeforeCreation?: boolean;
}

/** What a seeding run wrote, per table, and how fast. */
export interface CommerceSeedReport {
  customers: number;
  orders: number;
  orderLines: number;
  statusChanges: number;
  carts: number;
  cartLines: number;
  wishlists: number;
  wishlistItems: number;
  creditEntries: number;
  creditBalances: number;
  /** Rows of all those tables together. */
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  ordersPerSecond: number;
}

function emptyReport(): CommerceSeedReport {
  return {
    customers: 0,
    orders: 0,
    orderLines: 0,
    statusChanges: 0,
    carts: 0,
    cartLines: 0,
    wishlists: 0,
    wishlistItems: 0,
    creditEntries: 0,
    creditBalances: 0,
    rows: 0,
    seconds: 0,
    rowsPerSecond: 0,
    ordersPerSecond: 0,
  };
}

function add(report: CommerceSeedReport, batch: CommerceBatch) {
  report.customers += batch.customerIds.length;
  report.orders += batch.orders.length;
  report.orderLines += batch.lines.length;
  report.statusChanges += batch.statusChanges.length;
  report.carts += batch.carts.length;
  report.cartLines += batch.cartLines.length;
  report.wishlists += batch.wishlists.length;
  report.wishlistItems += batch.wishlistItems.length;
  report.creditEntries += batch.creditEntries.length;
  report.creditBalances += batch.creditBalances.length;
  report.rows += batchRows(batch);
}

/**
 * Batch settings per engine (docs/benchmarks.md): on PostgreSQL two batches in flight keep both
 * cores busy while the next one is read and generated; PGlite has one session.
 */
export function commerceSeedTuning(
  kind: DatabaseKind,
): Required<Pick<CommerceSeedOptions, 'batchSize' | 'concurrency'>> {
  return kind === 'postgres' ? { batchSize: 2000, concurrency: 2 } : { batchSize: 1000, concurrency: 1 };
}

/** A batch in one transaction: its rows, then its customers' metrics recounted from their orders. */
const writeBatch = (ctx: RequestContext, batch: CommerceBatch) =>
  inTransaction(ctx, async (trx) => {
    await repo.insertBatch(trx, batch);
    await recountCustomerMetrics(trx, batch.customerIds);
  });

async function generator(ctx: RequestContext, seed: number, options: CommerceSeedOptions) {
  const [sites, reportingCurrency, lastOrdinal] = await Promise.all([
    listSites(ctx),
    repo.reportingCurrency(ctx),
    repo.lastSeededOrdinal(ctx),
  ]);
  return new CommerceGenerator({
    seed,
    now: options.now ?? new Date(),
    sites: sites.map((s) => ({ id: s.id, code: s.code, customerSetId: s.customerSetId })),
    reportingCurrency,
    firstOrdinal: Math.max(FIRST_ORDINAL, lastOrdinal + 1),
    historyBeforeCreation: options.historyBeforeCreation ?? false,
  });
}

/**
 * Gives the tenant's customers that have no purchase history yet one (orders with lines and
 * status history, carts, some wish lists and store credit), walking them in id order after the
 * last customer that has orders; so it continues an interrupted run, and after `seedCustomers`
 * it covers exactly the customers just added. Each batch is one transaction of set-based
 * statements followed by the orders module's metric recount for its customers. Batches run
 * `concurrency` at a time while the next one is read and generated.
 */
export async function seedCommerce(
  ctx: RequestContext,
  options: CommerceSeedOptions = {},
): Promise<CommerceSeedReport> {
  const started = performance.now();
  const batchSize = Math.max(1, options.batchSize ?? 2000);
  const concurrency = ctx.db.isTransaction ? 1 : Math.max(1, options.concurrency ?? 1);
  let after = await repo.lastCustomerWithOrders(ctx);
  const total = await repo.countCustomersAfter(ctx, after);
  const report = emptyReport();
  // Seeded by the walk's position: the same database state and options give the same history.
  const make = await generator(ctx, 7_340_000 + total, options);

  const writes = boundedWrites(concurrency);
  for (;;) {
    if (writes.failed) break;
    const customers = await repo.customers(ctx, { after, limit: batchSize });
    if (customers.length === 0) break;
    after = customers.at(-1)!.id;
    const batch = make.batch(customers);
    await writes.add(
      writeBatch(ctx, batch).then(() => {
        add(report, batch);
        options.onProgress?.(report.customers, total, report.rows);
      }),
    );
  }
  await writes.drain();
  await repo.analyze(ctx);
  return finish(report, started);
}

function finish(report: CommerceSeedReport, started: number): CommerceSeedReport {
  report.seconds = (performance.now() - started) / 1000;
  report.rowsPerSecond = report.rows / Math.max(report.seconds, 0.001);
  report.ordersPerSecond = report.orders / Math.max(report.seconds, 0.001);
  return report;
}

/** Customers the next `seedCommerce` would give a history to (those after the last with orders). */
export async function customersWithoutHistory(ctx: RequestContext): Promise<number> {
  return repo.countCustomersAfter(ctx, await repo.lastCustomerWithOrders(ctx));
}

/**
 * The demo's purchase history: each demo customer without orders gets a full one, so every tab
 * of the customer page has something (orders in every state with lines and history, a bought
 * and an abandoned cart, wish lists, store credit issued, spent, deducted); then every other
 * customer without a history gets an ordinary one. Histories reach back two years even though
 * the demo created its customers just now. Running it again adds nothing to those that have one.
 */
export async function seedDemoCommerce(ctx: RequestContext, now = new Date()): Promise<CommerceSeedReport> {
  const started = performance.now();
  const report = emptyReport();
  const ids = await repo.withoutOrdersByEmail(
    ctx,
    demoCustomers.map((c) => c.email!),
  );
  if (ids.length > 0) {
    const customers = await repo.customers(ctx, { ids });
    const make = await generator(ctx, 20_240_601, { now, historyBeforeCreation: true });
    const batch = make.batch(customers, true);
    await writeBatch(ctx, batch);
    add(report, batch);
  }
  const rest = await seedCommerce(ctx, { now, historyBeforeCreation: true });
  for (const key of Object.keys(report) as (keyof CommerceSeedReport)[]) report[key] += rest[key];
  return finish(report, started);
}
