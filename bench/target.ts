import { mkdirSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import cliProgress from 'cli-progress';
import { sql } from 'kysely';
import pg from 'pg';
import { type DatabaseHandle, migrateToLatest, openDatabase } from '../src/db/database.js';
import { type RequestContext, systemContext } from '../src/lib/context.js';
import { createAdmin, signIn } from '../src/modules/admins/admins.service.js';
import { customerSortFields } from '../src/modules/customers/customers.repository.js';
import { seedCustomers, seedTuning } from '../src/modules/seed/seed.service.js';
import {
  type CommerceSeedReport,
  commerceSeedTuning,
  customersWithoutHistory,
  seedCommerce,
} from '../src/modules/seed/seed-commerce.service.js';
import { ensureDefaultTenant } from '../src/modules/tenants/tenants.service.js';
import { pgliteRunner, pgRunner, QueryCapture, type SqlRunner } from './sql.js';

export type Engine = 'postgres' | 'pglite';

/** The database under test, opened the way the service opens it, on the default tenant. */
export interface BenchTarget {
  engine: Engine;
  handle: DatabaseHandle;
  ctx: RequestContext;
  url: string | null;
  dataDir: string | null;
  /** A fresh floor runner (pg pool of `poolSize`; PGlite is one session whatever the size). */
  runner(poolSize: number): SqlRunner;
  capture: QueryCapture;
  close(): Promise<void>;
}

/** Creates the benchmark database on the server if it is not there yet. */
async function ensurePgDatabase(url: string) {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const adminUrl = new URL(url);
  adminUrl.pathname = '/postgres';
  const client = new pg.Client({ connectionString: adminUrl.toString() });
  await client.connect();
  try {
    const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) await client.query(`create database "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

export async function openTarget(engine: Engine, location: string, poolSize: number): Promise<BenchTarget> {
  if (engine === 'postgres') await ensurePgDatabase(location);
  else mkdirSync(location, { recursive: true });
  const handle = await openDatabase(
    engine === 'postgres' ? { url: location, poolSize } : { dataDir: location },
  );
  await migrateToLatest(handle.db);
  const tenant = await ensureDefaultTenant(handle.db);
  const capture = new QueryCapture(engine === 'postgres' ? { url: location } : { pglite: handle.pglite! });
  return {
    engine,
    handle,
    ctx: systemContext(handle.db, tenant.id),
    url: engine === 'postgres' ? location : null,
    dataDir: engine === 'pglite' ? location : null,
    runner: (size) => (engine === 'postgres' ? pgRunner(location, size) : pgliteRunner(handle.pglite!)),
    capture,
    close: async () => {
      await capture.close();
      await handle.close();
    },
  };
}

export async function countCustomers(target: BenchTarget): Promise<number> {
  const { rows } = await sql<{
    n: number;
  }>`select count(*)::int as n from customers where tenant_id = ${target.ctx.tenantId}`.execute(
    target.handle.db,
  );
  return rows[0]!.n;
}

export interface SeedReport {
  /** Customers already there when the run started. */
  existing: number;
  added: number;
  seconds: number | null;
  customersPerSecond: number | null;
  /** VACUUM (ANALYZE) after loading, so every run reads a settled table (hint bits, visibility map). */
  vacuumSeconds: number | null;
  /** Purchase histories given to customers that had none (null when none were missing). */
  commerce: CommerceSeedReport | null;
}

/** Tables the seeders write, vacuumed and analysed after a load. */
const SEEDED_TABLES = sql.raw(
  'customers, addresses, orders, order_lines, order_status_changes, carts, cart_lines, wishlists, wishlist_items, credit_entries, credit_balances',
);

/**
 * Tops the tenant up to `count` customers with the bulk seeder, then gives the customers without
 * a purchase history one (orders, carts, wish lists, credit: `seedCommerce`) when they are new
 * or more than 1% of all, showing progress bars.
 */
export async function seedTo(target: BenchTarget, count: number): Promise<SeedReport> {
  const existing = await countCustomers(target);
  const customers =
    existing >= count
      ? { existing, added: 0, seconds: null, customersPerSecond: null }
      : await seedCustomersTo(target, existing, count);
  const waiting = await customersWithoutHistory(target.ctx);
  const commerce =
    customers.added > 0 || waiting > Math.max(1000, existing / 100) ? await seedHistories(target) : null;
  if (customers.added === 0 && !commerce) return { ...customers, vacuumSeconds: null, commerce };
  const vacuumStarted = performance.now();
  await sql`vacuum (analyze) ${SEEDED_TABLES}`.execute(target.handle.db);
  const vacuumSeconds = (performance.now() - vacuumStarted) / 1000;
  return { ...customers, vacuumSeconds, commerce };
}

async function seedHistories(target: BenchTarget): Promise<CommerceSeedReport> {
  const bar = new cliProgress.SingleBar(
    {
      format: 'orders [{bar}] {percentage}% | {value}/{total} customers | {rows} rows | ETA {eta_formatted}',
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(1, 0, { rows: 0 });
  return seedCommerce(target.ctx, {
    ...commerceSeedTuning(target.engine),
    onProgress: (done, total, rows) => {
      bar.setTotal(total);
      bar.update(done, { rows });
    },
  }).finally(() => bar.stop());
}

async function seedCustomersTo(target: BenchTarget, existing: number, count: number) {
  const missing = count - existing;
  const bar = new cliProgress.SingleBar(
    { format: 'seed [{bar}] {percentage}% | {value}/{total} | {rate}/s | ETA {eta_formatted}' },
    cliProgress.Presets.shades_classic,
  );
  const started = performance.now();
  const rate = (done: number) => Math.round(done / ((performance.now() - started) / 1000));
  bar.start(missing, 0, { rate: 0 });
  const added = await seedCustomers(target.ctx, missing, {
    ...seedTuning(target.engine),
    onProgress: (done) => bar.update(done, { rate: rate(done) }),
  }).finally(() => bar.stop());
  const seconds = (performance.now() - started) / 1000;
  return { existing, added, seconds, customersPerSecond: added / seconds };
}

export const BENCH_OWNER = { email: 'bench-owner@clientele.invalid', password: 'bench-owner-password' };

/** Signs in the benchmark's owner (created on first use) and answers a Bearer header. */
export async function ownerAuthorization(target: BenchTarget): Promise<string> {
  const session = await signIn(target.handle.db, BENCH_OWNER.email, BENCH_OWNER.password, 12).catch(
    async () => {
      await createAdmin(target.ctx, { ...BENCH_OWNER, role: 'owner', name: 'Benchmark' });
      return signIn(target.handle.db, BENCH_OWNER.email, BENCH_OWNER.password, 12);
    },
  );
  return `Bearer ${session.token}`;
}

/** ~`n` random customer ids for get-by-id. */
export async function randomCustomerIds(target: BenchTarget, n: number): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    select id from customers where tenant_id = ${target.ctx.tenantId} order by random() limit ${n}`.execute(
    target.handle.db,
  );
  return rows.map((r) => r.id);
}

/** Last-name sort keys of the rows at these offsets, in the grid's order (index customers_sort_last_name). */
export async function lastNameKeysAt(target: BenchTarget, offsets: number[]) {
  // The key exactly as the service sorts (its expression changed with issue #12's indexes).
  const key = customerSortFields.lastName!.expression;
  const keys: { key: string; id: string }[] = [];
  for (const offset of offsets) {
    const { rows } = await sql<{ key: string; id: string }>`
      select ${key} as key, id from customers where tenant_id = ${target.ctx.tenantId}
      order by ${key}, id offset ${offset} limit 1`.execute(target.handle.db);
    if (rows[0]) keys.push(rows[0]);
  }
  return keys;
}

/**
 * Filters whose share of the customers is as near as the data allows to 0.1%, 10% and 90%
 * (issue #12's selectivity scenarios): a state (the rare one), a country, and all but that
 * country. Chosen from the data's own counts, and reported with the share they match.
 */
export async function selectivityFilters(target: BenchTarget, total: number) {
  const nearest = async (column: 'state_code' | 'country_code', share: number) => {
    const { rows } = await sql<{ value: string; n: number }>`
      select ${sql.ref(column)} as value, count(*)::int as n from customers
      where tenant_id = ${target.ctx.tenantId} and ${sql.ref(column)} is not null
      group by 1 order by abs(count(*) - ${Math.round(total * share)}) limit 1`.execute(target.handle.db);
    return rows[0]!;
  };
  const state = await nearest('state_code', 0.001);
  const country = await nearest('country_code', 0.1);
  const code = country.value.trim();
  return {
    rare: { filter: `stateCode eq "${state.value}"`, share: state.n / total },
    tenth: { filter: `countryCode eq "${code}"`, share: country.n / total },
    most: { filter: `countryCode ne "${code}"`, share: 1 - country.n / total },
  };
}

/**
 * Total-spent sort keys of the rows at these offsets in the grid's `-totalSpent` order (highest
 * first, id descending; index customers_sort_total_spent read backwards).
 */
export async function totalSpentKeysAt(target: BenchTarget, offsets: number[]) {
  const keys: { key: number; id: string }[] = [];
  for (const offset of offsets) {
    const { rows } = await sql<{ key: number; id: string }>`
      select total_spent_minor as key, id from customers where tenant_id = ${target.ctx.tenantId}
      order by total_spent_minor desc, id desc offset ${offset} limit 1`.execute(target.handle.db);
    if (rows[0]) keys.push({ key: Number(rows[0].key), id: rows[0].id });
  }
  return keys;
}

async function directorySize(path: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(path, { withFileTypes: true })) {
    const full = join(path, entry.name);
    total += entry.isDirectory() ? await directorySize(full) : (await stat(full)).size;
  }
  return total;
}

export interface DatabaseInfo {
  engine: Engine;
  version: string;
  customers: number;
  addresses: number;
  databaseBytes: number;
  customersTableBytes: number;
  customersIndexBytes: number;
  addressesTotalBytes: number;
  /** Purchase history: row counts, and the orders table's heap and indexes. */
  orders: number;
  orderLines: number;
  orderStatusChanges: number;
  carts: number;
  creditEntries: number;
  ordersTableBytes: number;
  ordersIndexBytes: number;
  orderLinesTotalBytes: number;
  orderStatusChangesTotalBytes: number;
  settings: Record<string, string>;
}

export async function databaseInfo(target: BenchTarget): Promise<DatabaseInfo> {
  const db = target.handle.db;
  const one = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(db)).rows[0]!;
  const version = await one(sql<{ v: string }>`select version() as v`);
  const counts = await one(sql<{ c: number; a: number }>`
    select (select count(*)::int from customers where tenant_id = ${target.ctx.tenantId}) as c,
           (select count(*)::int from addresses where tenant_id = ${target.ctx.tenantId}) as a`);
  const sizes = await one(sql<{ db: string; heap: string; idx: string; addr: string }>`
    select pg_database_size(current_database())::text as db,
           pg_table_size('customers')::text as heap,
           pg_indexes_size('customers')::text as idx,
           pg_total_relation_size('addresses')::text as addr`);
  const t = target.ctx.tenantId;
  const history = await one(sql<Record<'o' | 'l' | 's' | 'c' | 'e', number>>`
    select (select count(*)::int from orders where tenant_id = ${t}) as o,
           (select count(*)::int from order_lines where tenant_id = ${t}) as l,
           (select count(*)::int from order_status_changes where tenant_id = ${t}) as s,
           (select count(*)::int from carts where tenant_id = ${t}) as c,
           (select count(*)::int from credit_entries where tenant_id = ${t}) as e`);
  const historySizes = await one(sql<Record<'heap' | 'idx' | 'lines' | 'changes', string>>`
    select pg_table_size('orders')::text as heap, pg_indexes_size('orders')::text as idx,
           pg_total_relation_size('order_lines')::text as lines,
           pg_total_relation_size('order_status_changes')::text as changes`);
  const settings: Record<string, string> = {};
  for (const name of [
    'shared_buffers',
    'work_mem',
    'effective_cache_size',
    'max_wal_size',
    'random_page_cost',
  ]) {
    settings[name] = (await one(sql<{ s: string }>`select current_setting(${name}) as s`)).s;
  }
  return {
    engine: target.engine,
    version: version.v,
    customers: counts.c,
    addresses: counts.a,
    // PGlite's pg_database_size does not see its files; measure the data folder instead.
    databaseBytes: target.dataDir ? await directorySize(target.dataDir) : Number(sizes.db),
    customersTableBytes: Number(sizes.heap),
    customersIndexBytes: Number(sizes.idx),
    addressesTotalBytes: Number(sizes.addr),
    orders: history.o,
    orderLines: history.l,
    orderStatusChanges: history.s,
    carts: history.c,
    creditEntries: history.e,
    ordersTableBytes: Number(historySizes.heap),
    ordersIndexBytes: Number(historySizes.idx),
    orderLinesTotalBytes: Number(historySizes.lines),
    orderStatusChangesTotalBytes: Number(historySizes.changes),
    settings,
  };
}

/**
 * Statements still running in the bench database (other than this one), one second after a load
 * stopped: issue #12 asks that none outlive their clients. PGlite has no other connections.
 */
export async function statementsStillRunning(target: BenchTarget): Promise<number> {
  if (target.engine !== 'postgres') return 0;
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from pg_stat_activity
    where datname = current_database() and pid <> pg_backend_pid() and state = 'active'`.execute(
    target.handle.db,
  );
  return rows[0]!.n;
}
