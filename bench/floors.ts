import Fastify from 'fastify';
import type { Scenario } from './scenarios.js';
import type { SqlRunner } from './sql.js';

/**
 * One request of a scenario straight through the driver: a read replays the statements the
 * service ran for that variant (for search: the probe, then the trigram query when the probe
 * came up short), a write runs its statements in one transaction with fresh values.
 */
export async function runScenarioSql(runner: SqlRunner, scenario: Scenario, n: number): Promise<unknown[]> {
  if (scenario.write) return runner.transaction(scenario.write());
  const variant = scenario.variants[n % scenario.variants.length]!;
  // A filtered list runs in a transaction that holds its statement timeout (issue #12): so does its floor.
  if (variant.queries.some((q) => q.sql.includes("set_config('statement_timeout'")))
    return runner.transaction(variant.queries);
  let rows: unknown[] = [];
  for (const query of variant.queries) rows = await runner.query(query);
  return rows;
}

/** Paths for the floor route, one per variant, in the order the service's paths are used. */
export const floorPaths = (scenario: Scenario) =>
  scenario.variants.map((_, i) => `/floor/${scenario.name}/${i}`);

/**
 * The minimal route floor: Fastify 5 without validation, auth or serialisation schemas, one
 * route that runs the scenario's SQL and returns the rows as JSON.
 */
export async function startRouteFloor(runner: SqlRunner, scenarios: Scenario[]) {
  const byName = new Map(scenarios.map((s) => [s.name as string, s]));
  const app = Fastify({ logger: false });
  const handler = async (request: { params: unknown }) => {
    const { name, variant } = request.params as { name: string; variant: string };
    const scenario = byName.get(name)!;
    const rows = await runScenarioSql(runner, scenario, Number(variant));
    return scenario.single ? (rows[0] ?? null) : rows;
  };
  app.get('/floor/:name/:variant', handler);
  app.post('/floor/:name/:variant', handler);
  app.patch('/floor/:name/:variant', handler);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
}
