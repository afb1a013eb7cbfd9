import { sql } from 'kysely';
import { placeOrder } from '../src/flows/place-order.js';
import { newId } from '../src/lib/ids.js';
import { recountCustomerMetrics } from '../src/modules/orders/guest-orders.js';
import { defaultCustomerSet, listSites } from '../src/modules/tenants/tenants.service.js';
import { type OrderLoad, orderBody, orderKey } from './order-body.js';
import type { Scenario } from './scenarios.js';
import type { CapturedQuery, QueryCapture } from './sql.js';
import type { BenchTarget } from './target.js';

export const ORDERS_PATH = '/admin/v1/orders';

/**
 * The statements that write the order itself: the order, its lines, its first status entry, the
 * customer's metrics (and, for a guest checkout, the guest). The `inserts` floor runs only these.
 */
const ORDER_ROWS =
  /^\s*(insert into "(orders|order_lines|order_status_changes|customers)"|update "customers")/i;

/** The site of the tenant's default customer set that orders are placed on. */
export async function orderSite(target: BenchTarget): Promise<string> {
  const set = await defaultCustomerSet(target.ctx);
  const site = (await listSites(target.ctx)).find((s) => s.customerSetId === set.id);
  if (!site) throw new Error('the bench tenant has no site in its default customer set');
  return site.id;
}

/** Milliseconds since 1970 in a UUIDv7's first 48 bits; null for anything else. */
function uuidV7Time(value: unknown): number | null {
  if (
    typeof value !== 'string' ||
    !/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(value)
  )
    return null;
  return Number.parseInt(value.slice(0, 8) + value.slice(9, 13), 16);
}

/**
 * Captures the SQL the service runs for one order (by customer id, or a guest checkout when
 * `load.customerIds` is empty) and answers the scenario with its two floors:
 * - `write`: every captured statement in one transaction (site check, idempotency claim and
 *   answer, customer check, order, lines, status, metrics, timeline event, read-back), where the
 *   service commits twice (the key's claim, then the work);
 * - `inserts`: only the order's own rows and the metrics UPDATE, in one transaction.
 * Each replay gets fresh ids for everything the service minted (UUIDv7s newer than the
 * capture's start: order, status entry, event, guest), a fresh number and key, and the next
 * customer in turn, so the floors write what the service writes, at the same pace of customers.
 */
export async function orderScenario(
  name: 'orders' | 'orders-guest',
  capture: QueryCapture,
  tenantId: string,
  load: OrderLoad,
  runId: string,
  concurrency: number,
): Promise<Scenario> {
  const tag = `${runId}-${name}-capture`;
  const body = orderBody(load, tag, 0);
  const key = orderKey(tag, 0);
  const since = Date.now() - 1;
  const { result, queries } = await capture.capture(tenantId, (ctx) => placeOrder(ctx, key, body));
  const minted = new Set<unknown>();
  for (const q of queries)
    for (const p of q.parameters) if ((uuidV7Time(p) ?? 0) >= since && p !== body.siteId) minted.add(p);
  const guestEmail = body.customer?.email ?? null;
  let n = 0;
  const fresh = (statements: CapturedQuery[], stage: string) => {
    const i = n++;
    const replacements = new Map<unknown, unknown>([...minted].map((id) => [id, newId()]));
    const floorTag = `${runId}-${name}-${stage}`;
    replacements.set(body.number, `BENCH-${floorTag}-${i}`);
    replacements.set(key, orderKey(floorTag, i));
    if (guestEmail) replacements.set(guestEmail, `bench-guest.${floorTag}.${i}@example.net`);
    else replacements.set(result.body.customerId, load.customerIds[i % load.customerIds.length]);
    return statements.map((q) => ({
      sql: q.sql,
      parameters: q.parameters.map((p) => (replacements.has(p) ? replacements.get(p) : p)),
    }));
  };
  // The floors run in one transaction of their own: the service's begin and commit are left out.
  const statements = queries.filter((q) => !/^\s*(begin|commit)\s*$/i.test(q.sql));
  const orderRows = queries.filter((q) => ORDER_ROWS.test(q.sql));
  return {
    name,
    method: 'POST',
    variants: [{ label: guestEmail ? 'guest checkout' : 'existing customer', path: ORDERS_PATH, queries }],
    single: true,
    body: 'new-order',
    order: load,
    concurrency,
    write: () => fresh(statements, 'sql'),
    inserts: () => fresh(orderRows, 'ins'),
  };
}

/**
 * Takes out what earlier order runs left (orders numbered `BENCH-…`, the guests of guest
 * checkouts with their orders, the timeline events and idempotency keys) and recounts the
 * metrics of the customers those orders were placed for, so every run measures the seeded data
 * and grid-total-spent ranks the same customers. A sequential scan of orders: a few seconds at 5M.
 */
export async function removeBenchOrders(target: BenchTarget) {
  const db = target.handle.db;
  const t = target.ctx.tenantId;
  const started = performance.now();
  // Guests go with their orders (on delete cascade).
  const guests = await sql`
    delete from customers
    where tenant_id = ${t} and not is_registered and email like 'bench-guest.%@example.net'`.execute(db);
  const { rows } = await sql<{ customerId: string }>`
    with gone as (delete from orders where tenant_id = ${t} and number like 'BENCH-%' returning customer_id)
    select customer_id, count(*)::int as n from gone group by customer_id`.execute(db);
  const customers = rows.map((r) => r.customerId);
  for (let i = 0; i < customers.length; i += 5000)
    await recountCustomerMetrics(target.ctx, customers.slice(i, i + 5000));
  await sql`
    delete from events
    where tenant_id = ${t} and action = 'order.placed' and data->>'number' like 'BENCH-%'`.execute(db);
  await sql`delete from idempotency_keys where tenant_id = ${t} and key like 'bench-%'`.execute(db);
  const removed = {
    guests: Number(guests.numAffectedRows ?? 0),
    customersRecounted: customers.length,
    seconds: (performance.now() - started) / 1000,
  };
  if (removed.guests > 0 || customers.length > 0)
    await sql`vacuum (analyze) customers, orders, order_lines, order_status_changes`.execute(db);
  return removed;
}
