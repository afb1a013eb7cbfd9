import { sql } from 'kysely';
import type { RequestContext } from '../../lib/context.js';

// The order metric columns of customers (orders count, total spent, first and last order) are
// the customers module's: the orders module reports each change through the customers service,
// and each change is one UPDATE that reads and writes under the row's lock, so concurrent orders
// add up exactly. Which statuses do not count is the orders module's rule, passed in.

const statusList = (statuses: readonly string[]) => sql.join(statuses.map((s) => sql.lit(s)));

/** `amount` when the order's currency is the tenant's reporting currency, else 0 (SQL). */
const inReportingCurrency = (ctx: RequestContext, currency: string, amount: number) =>
  sql<number>`case when ${currency}::text = (select t.reporting_currency::text from tenants t where t.id = ${ctx.tenantId}) then ${amount}::bigint else 0 end`;

/** First or last placed_at of the customer's counted orders (index orders_customer). */
const countedOrderTime = (fn: 'min' | 'max', uncounted: readonly string[]) =>
  sql<Date | null>`(select ${sql.raw(fn)}(o.placed_at) from orders o
    where o.tenant_id = customers.tenant_id and o.customer_id = customers.id
      and o.status not in (${statusList(uncounted)}))`;

export const customerMetricsRepository = {
  /** A new order counts: one more order, its total (in the reporting currency), first/last times. */
  countOrder(
    ctx: RequestContext,
    customerId: string,
    order: { currency: string; total: number; placedAt: string },
  ) {
    return ctx.db
      .updateTable('customers')
      .set((eb) => ({
        ordersCount: eb('ordersCount', '+', 1),
        totalSpentMinor: sql`total_spent_minor + ${inReportingCurrency(ctx, order.currency, order.total)}`,
        firstOrderAt: sql`least(first_order_at, ${order.placedAt}::timestamptz)`,
        lastOrderAt: sql`greatest(last_order_at, ${order.placedAt}::timestamptz)`,
      }))
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', customerId)
      .execute();
  },

  /**
   * An order stops counting (cancelled, refunded): one order less, what it still contributed
   * off the total, and first/last order times read again from the orders still counted. The
   * caller changed the order's status first in this transaction and holds the customer's lock.
   */
  uncountOrder(
    ctx: RequestContext,
    customerId: string,
    order: { currency: string; contribution: number },
    uncounted: readonly string[],
  ) {
    return ctx.db
      .updateTable('customers')
      .set((eb) => ({
        ordersCount: eb('ordersCount', '-', 1),
        totalSpentMinor: sql`total_spent_minor - ${inReportingCurrency(ctx, order.currency, order.contribution)}`,
        firstOrderAt: countedOrderTime('min', uncounted),
        lastOrderAt: countedOrderTime('max', uncounted),
      }))
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', customerId)
      .execute();
  },

  /** A partial refund takes its amount off the total spent (in the reporting currency). */
  reduceSpent(ctx: RequestContext, customerId: string, currency: string, amount: number) {
    return ctx.db
      .updateTable('customers')
      .set({ totalSpentMinor: sql`total_spent_minor - ${inReportingCurrency(ctx, currency, amount)}` })
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', customerId)
      .execute();
  },

  /**
   * Locks customer rows against other metric changes until the transaction ends (in id order,
   * so two lockers never wait on each other). FOR NO KEY UPDATE, the lock an UPDATE takes:
   * orders being inserted for the customer (their foreign key check) are not held up.
   */
  lockCustomers(ctx: RequestContext, customerIds: readonly string[]) {
    return ctx.db
      .selectFrom('customers')
      .select('id')
      .where('tenantId', '=', ctx.tenantId)
      .where('id', 'in', customerIds)
      .orderBy('id')
      .forNoKeyUpdate()
      .execute();
  },

  /** Sets the customers' metrics from their orders, all in one statement. */
  recomputeMetrics(ctx: RequestContext, customerIds: readonly string[], uncounted: readonly string[]) {
    const ids = sql.join(customerIds.map((id) => sql`${id}::uuid`));
    return sql`
      update customers c set
        orders_count = m.n,
        total_spent_minor = m.spent,
        first_order_at = m.first_at,
        last_order_at = m.last_at
      from (
        select c2.id,
          count(o.id)::int as n,
          coalesce(sum(case when o.currency = t.reporting_currency then o.total_minor - o.refunded_minor else 0 end), 0) as spent,
          min(o.placed_at) as first_at,
          max(o.placed_at) as last_at
        from customers c2
        join tenants t on t.id = c2.tenant_id
        left join orders o on o.tenant_id = c2.tenant_id and o.customer_id = c2.id
          and o.status not in (${statusList(uncounted)})
        where c2.tenant_id = ${ctx.tenantId} and c2.id in (${ids})
        group by c2.id
      ) m
      where c.tenant_id = ${ctx.tenantId} and c.id = m.id`.execute(ctx.db);
  },

  /** The registered customer of a customer set with this email (index customers_registered_email). */
  registeredByEmail(ctx: RequestContext, customerSetId: string, email: string) {
    return ctx.db
      .selectFrom('customers')
      .select(['id', 'enabled', 'email'])
      .where('tenantId', '=', ctx.tenantId)
      .where('customerSetId', '=', customerSetId)
      .where(sql`lower(email)`, '=', email.toLowerCase())
      .where('isRegistered', '=', true)
      .executeTakeFirst();
  },
};
