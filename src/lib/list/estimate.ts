/** A query Kysely can EXPLAIN. */
interface Explainable {
  explain(format: 'json'): Promise<Record<string, unknown>[]>;
}

/**
 * The planner's estimate of the rows a query answers (EXPLAIN without running it): from the
 * table's statistics, so it costs a plan, not a scan. "About" figures only; a count is exact.
 */
export async function plannedRows(query: Explainable): Promise<number> {
  const [row] = await query.explain('json');
  const plan = Object.values(row ?? {})[0];
  const parsed = (typeof plan === 'string' ? JSON.parse(plan) : plan) as [{ Plan: { 'Plan Rows': number } }];
  return parsed[0].Plan['Plan Rows'];
}
