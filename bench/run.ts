/**
 * `npm run bench [-- --db postgres|pglite --count N --duration S --concurrency C --scenarios a,b]`
 * `npm run bench -- --scenarios signin [--accounts N --signin-concurrency C]`
 * `npm run bench -- --scenarios orders,orders-guest,grid-total-spent,grid-total-spent-deep [--orders-concurrency C]`
 * `npm run bench -- --scenarios transfer [--count N]`: import, export and seed beside COPY (bench/transfer.ts)
 * `npm run bench -- --scenarios metrics`: the grid's first page and /healthz with metrics on and off (bench/metrics.ts)
 *
 * Seeds realistic customers, starts the real service in-process and loads it over HTTP with
 * autocannon, then measures two floors for the same requests in the same run: the service's
 * own SQL straight through the driver (`sql`) and a minimal Fastify route running that SQL
 * (`route`); the order scenarios add a third, the order's own INSERTs and metrics UPDATE
 * (`inserts`). The opt-in `signin` scenario signs shoppers in over the storefront API beside its
 * own floor, argon2id verifications a second in this process (see signin.ts). Prints a table and
 * writes bench/results/<timestamp>-<db>-<count>.json.
 * Not a test: never run it in CI. Every load is bounded in time and aimed at 127.0.0.1 only.
 */

import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { buildApp } from '../src/app.js';
import { benchAppConfig } from './app-config.js';
import { belongingScenarios } from './belonging.js';
import { floorPaths, runScenarioSql, startRouteFloor } from './floors.js';
import { type LoadResult, runHttpLoad, runLoops } from './load.js';
import { type MetricsOverheadReport, runMetricsOverhead } from './metrics.js';
import { orderSite, removeBenchOrders } from './orders.js';
import { formatTable, machineInfo, ratio, type ScenarioReport, type Stage, writeResults } from './report.js';
import {
  BELONGING_SCENARIOS,
  buildScenarios,
  CUSTOMER_UPDATE_SCENARIOS,
  OPT_IN_SCENARIOS,
  SCENARIOS,
  type Scenario,
  type ScenarioName,
} from './scenarios.js';
import {
  argon2Environment,
  argon2Floor,
  explainAccountLookup,
  type ShopperSeed,
  SIGN_IN_PATH,
  seedShoppers,
  signInBodies,
  signInSqlScenario,
  unknownUserBodies,
} from './signin.js';
import type { SqlRunner } from './sql.js';
import { measureStartup, type StartupResult } from './startup.js';
import {
  BENCH_OWNER,
  type BenchTarget,
  countCustomers,
  databaseInfo,
  type Engine,
  lastNameKeysAt,
  openTarget,
  ownerAuthorization,
  randomCustomerIds,
  seedTo,
  selectivityFilters,
  statementsStillRunning,
  totalSpentKeysAt,
} from './target.js';
import { runExportBench, runTransferBench } from './transfer.js';

const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/clientele_bench';
const SERVICE_POOL = 20;
const SQL_FLOOR_POOL = 32;
const ROUTE_FLOOR_POOL = SERVICE_POOL;
/** The service's shopper session policy (the defaults of src/config.ts). */
const SHOPPER_SESSIONS = { idleMinutes: 60, absoluteHours: 24 };

interface Options {
  engine: Engine;
  count: number;
  seconds: number;
  warmup: number;
  /** Service, route and SQL are measured this many times, alternating; each reports its median. */
  rounds: number;
  concurrency: number;
  scenarios: ScenarioName[];
  /** signin: shopper accounts to seed and rotate over. */
  accounts: number;
  /** signin: HTTP connections and argon2 loops (issue #4 asks for 16). */
  signinConcurrency: number;
  /** orders, orders-guest: HTTP connections and floor loops (issue #5 asks for 16). */
  ordersConcurrency: number;
  startup: boolean;
  /** Print the EXPLAIN (ANALYZE, BUFFERS) plans (they are always in the JSON). */
  explain: boolean;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      db: { type: 'string', default: 'postgres' },
      count: { type: 'string' },
      duration: { type: 'string', default: '20' },
      warmup: { type: 'string', default: '3' },
      rounds: { type: 'string', default: '1' },
      concurrency: { type: 'string', default: '32' },
      scenarios: { type: 'string', default: SCENARIOS.join(',') },
      accounts: { type: 'string', default: '1000' },
      'signin-concurrency': { type: 'string', default: '16' },
      'orders-concurrency': { type: 'string', default: '16' },
      'skip-startup': { type: 'boolean', default: false },
      explain: { type: 'boolean', default: false },
    },
  });
  const engine = values.db as Engine;
  if (engine !== 'postgres' && engine !== 'pglite') throw new Error('--db is postgres or pglite');
  const int = (name: string, value: string | undefined, min: number, max: number) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new Error(`--${name} must be a whole number ${min}–${max}`);
    return n;
  };
  const scenarios = values.scenarios.split(',').map((s) => s.trim()) as ScenarioName[];
  const known: readonly ScenarioName[] = [
    ...SCENARIOS,
    ...OPT_IN_SCENARIOS,
    ...BELONGING_SCENARIOS,
    ...CUSTOMER_UPDATE_SCENARIOS,
  ];
  for (const s of scenarios)
    if (!known.includes(s)) throw new Error(`unknown scenario ${s}; known: ${known.join(', ')}`);
  return {
    engine,
    count: int('count', values.count ?? (engine === 'postgres' ? '1000000' : '100000'), 1000, 50_000_000),
    // Bounded: no load runs longer than 10 minutes or with more than 1,000 connections.
    seconds: int('duration', values.duration, 1, 600),
    warmup: int('warmup', values.warmup, 0, 60),
    rounds: int('rounds', values.rounds, 1, 10),
    concurrency: int('concurrency', values.concurrency, 1, 1000),
    scenarios,
    accounts: int('accounts', values.accounts, 1, 100_000),
    signinConcurrency: int('signin-concurrency', values['signin-concurrency'], 1, 1000),
    ordersConcurrency: int('orders-concurrency', values['orders-concurrency'], 1, 1000),
    startup: engine === 'pglite' && !values['skip-startup'],
    explain: values.explain,
  };
}

const log = (message: string) => console.log(`[bench] ${message}`);
const wantsOrders = (options: Options) =>
  options.scenarios.includes('orders') || options.scenarios.includes('orders-guest');
const brief = (r: LoadResult) =>
  `${r.rps.toFixed(0)} req/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, errors ${r.errors}, non-2xx ${r.non2xx}, load ${r.load1?.toFixed(1)}` +
  (r.non2xx > 0 ? ` (statuses ${JSON.stringify(r.statuses)})` : '');

const medianRun = (runs: LoadResult[]) =>
  [...runs].sort((a, b) => a.rps - b.rps)[Math.floor((runs.length - 1) / 2)]!;

/** Runs `measure` once to warm up (result dropped), then for real. */
async function warmAndMeasure(
  options: Options,
  measure: (seconds: number, phase: string) => Promise<LoadResult>,
) {
  if (options.warmup > 0) await measure(options.warmup, 'warmup');
  const result = await measure(options.seconds, 'measure');
  return { ...result, load1: loadavg()[0] };
}

async function runScenario(
  options: Options,
  target: BenchTarget,
  scenario: Scenario,
  service: { url: string; authorization: string },
  runId: string,
): Promise<ScenarioReport> {
  const concurrency = scenario.concurrency ?? options.concurrency;
  const http = (url: string, paths: string[], headers: Record<string, string>, stage: string) =>
    warmAndMeasure(options, (seconds, phase) =>
      runHttpLoad({
        url,
        method: scenario.method,
        paths,
        headers,
        ...(scenario.bodies
          ? { bodies: scenario.bodies }
          : scenario.method === 'POST'
            ? { body: scenario.body ?? 'new-customer' }
            : {}),
        ...(scenario.order ? { order: scenario.order } : {}),
        runId: `${runId}-${scenario.name}-${stage}-${phase}`,
        connections: concurrency,
        seconds,
      }),
    );

  const sqlLoad = (runner: SqlRunner) =>
    warmAndMeasure(options, (seconds) =>
      runLoops(concurrency, seconds, (n) => runScenarioSql(runner, scenario, n)),
    );
  const rounds: Record<Extract<Stage, 'service' | 'route' | 'sql' | 'inserts'>, LoadResult[]> = {
    service: [],
    route: [],
    sql: [],
    inserts: [],
  };
  const stillRunning: number[] = [];
  for (let round = 1; round <= options.rounds; round++) {
    const tag = options.rounds > 1 ? ` (round ${round}/${options.rounds})` : '';
    log(`${scenario.name}${tag}: ${scenario.variants.length} distinct requests`);
    const serviceResult = await http(
      service.url,
      scenario.variants.map((v) => v.path),
      scenario.headers ?? { authorization: service.authorization },
      `service-${round}`,
    );
    rounds.service.push(serviceResult);
    const running = await statementsStillRunning(target);
    stillRunning.push(running);
    log(
      `  service ${brief(serviceResult)}${running > 0 ? `; ${running} statements still running 1 s after` : ''}`,
    );

    const routeRunner = target.runner(ROUTE_FLOOR_POOL);
    const route = await startRouteFloor(routeRunner, [scenario]);
    const routeResult = await http(route.url, floorPaths(scenario), {}, `route-${round}`).finally(
      async () => {
        await route.close();
        await routeRunner.close();
      },
    );
    rounds.route.push(routeResult);
    log(`  route   ${brief(routeResult)}`);

    const sqlRunner = target.runner(SQL_FLOOR_POOL);
    const sqlResult = await sqlLoad(sqlRunner).finally(() => sqlRunner.close());
    rounds.sql.push(sqlResult);
    log(`  sql     ${brief(sqlResult)}`);

    if (scenario.inserts) {
      const inserts = scenario.inserts;
      const insertsRunner = target.runner(SQL_FLOOR_POOL);
      const insertsResult = await warmAndMeasure(options, (seconds) =>
        runLoops(concurrency, seconds, () => insertsRunner.transaction(inserts())),
      ).finally(() => insertsRunner.close());
      rounds.inserts.push(insertsResult);
      log(`  inserts ${brief(insertsResult)} (the scenario's own writes only: see its inserts())`);
    }
  }
  // The machine is shared: with several rounds each stage reports its median round.
  const serviceResult = medianRun(rounds.service);
  const routeResult = medianRun(rounds.route);
  const sqlResult = medianRun(rounds.sql);
  return {
    name: scenario.name,
    variants: scenario.variants.length,
    service: serviceResult,
    route: routeResult,
    sql: sqlResult,
    serviceToRoute: ratio(serviceResult, routeResult),
    serviceToSql: ratio(serviceResult, sqlResult),
    statementsRunningAfterLoad: Math.max(...stillRunning),
    ...(scenario.inserts
      ? {
          inserts: medianRun(rounds.inserts),
          // Within each round (the floor runs minutes after the service on a shared machine), then the median.
          serviceToInserts: medianRatio(rounds.service.map((r, i) => ratio(r, rounds.inserts[i]))),
        }
      : {}),
    ...(scenario.concurrency ? { concurrency } : {}),
    ...(scenario.write ? { statements: scenario.variants[0]!.queries.map((q) => abridge(q.sql)) } : {}),
    ...(options.rounds > 1 ? { rounds } : {}),
  };
}

/** A statement on one line, cut at 240 characters, for the report. */
const abridge = (statement: string) => {
  const line = statement.replace(/\s+/g, ' ').trim();
  return line.length > 240 ? `${line.slice(0, 237)}...` : line;
};

/** Warns when a sign-in run got answers other than the one its path should give every time. */
function checkStatuses(stage: string, result: LoadResult, expected: string) {
  const other = Object.entries(result.statuses ?? {}).filter(([code]) => code !== expected);
  if (other.length > 0 || result.errors > 0)
    log(
      `  warning: ${stage} expected only ${expected}, got ${JSON.stringify(result.statuses)}, errors ${result.errors}`,
    );
}

/** The median of some ratios (per-round shares of a floor); null when there are none. */
const medianRatio = (values: (number | null)[]) => {
  const known = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  return known.length === 0 ? null : known[Math.floor((known.length - 1) / 2)]!;
};

/**
 * Adds this process's CPU time per request to a measured run: all its threads (event loop,
 * libuv pool running argon2, the load generator's worker), so other processes' load on the
 * shared machine barely changes it. PostgreSQL's backends are other processes and not counted.
 */
async function withCpu(measure: () => Promise<LoadResult>): Promise<LoadResult> {
  const before = process.cpuUsage();
  const result = await measure();
  const used = process.cpuUsage(before);
  return { ...result, cpuMsPerRequest: (used.user + used.system) / 1000 / Math.max(1, result.requests) };
}

const cpuNote = (r: LoadResult) => (r.cpuMsPerRequest ? `, ${r.cpuMsPerRequest.toFixed(1)} ms CPU each` : '');

/**
 * Sign-in (issue #4): successful sign-ins over the storefront API, each request the next seeded
 * shopper, and failed ones (unknown usernames), beside two floors at the same concurrency:
 * argon2id verifications a second in this process (each sign-in verifies once, so this is the
 * ceiling) and the sign-in's SQL without the hash. Each round measures the argon2 floor between
 * the two sign-in runs, and the shares of the floor are taken within a round, then their median:
 * the shared machine's load changes within seconds.
 */
async function runSignIn(
  options: Options,
  target: BenchTarget,
  seed: ShopperSeed,
  serviceUrl: string,
  runId: string,
): Promise<ScenarioReport> {
  const concurrency = options.signinConcurrency;
  const login = (bodies: string[], stage: string) =>
    warmAndMeasure(options, (seconds, phase) =>
      withCpu(() =>
        runHttpLoad({
          url: serviceUrl,
          method: 'POST',
          paths: [SIGN_IN_PATH],
          headers: { 'x-site-key': seed.siteKey },
          bodies,
          runId: `${runId}-signin-${stage}-${phase}`,
          connections: concurrency,
          seconds,
        }),
      ),
    );
  const argon2 = argon2Environment(seed);
  log(
    `signin: ${seed.shoppers.length} shoppers, concurrency ${concurrency}; argon2 ${argon2.hashParameters}, ` +
      `${argon2.availableParallelism} cores available, UV_THREADPOOL_SIZE ${argon2.uvThreadpoolSize}${argon2.uvThreadpoolSizeFromEnv ? '' : ' (default)'}`,
  );
  const sqlScenario = await signInSqlScenario(target, seed, SHOPPER_SESSIONS);
  const planRunner = target.runner(1);
  const accountLookupPlan = await explainAccountLookup(planRunner, sqlScenario).finally(() =>
    planRunner.close(),
  );
  const argon2Alone = await withCpu(() => argon2Floor(seed, 1, Math.min(options.seconds, 5)));
  log(
    `  one verify alone: p50 ${argon2Alone.p50.toFixed(1)} ms (${argon2Alone.rps.toFixed(1)}/s${cpuNote(argon2Alone)})`,
  );

  const rounds: Record<Extract<Stage, 'service' | 'failed' | 'sql' | 'argon2'>, LoadResult[]> = {
    service: [],
    argon2: [],
    failed: [],
    sql: [],
  };
  const success = signInBodies(seed);
  const unknown = unknownUserBodies(seed, runId);
  for (let round = 1; round <= options.rounds; round++) {
    if (options.rounds > 1) log(`signin (round ${round}/${options.rounds})`);
    const signedIn = await login(success, `ok-${round}`);
    rounds.service.push(signedIn);
    log(`  service ${brief(signedIn)}${cpuNote(signedIn)}`);
    checkStatuses('service', signedIn, '200');

    const floor = await warmAndMeasure(options, (seconds) =>
      withCpu(() => argon2Floor(seed, concurrency, seconds)),
    );
    rounds.argon2.push(floor);
    log(`  argon2  ${brief(floor)}${cpuNote(floor)} (verifications)`);

    const failed = await login(unknown, `failed-${round}`);
    rounds.failed.push(failed);
    log(`  failed  ${brief(failed)}${cpuNote(failed)}`);
    checkStatuses('failed', failed, '401');

    const sqlRunner = target.runner(SQL_FLOOR_POOL);
    const sqlResult = await warmAndMeasure(options, (seconds) =>
      withCpu(() => runLoops(concurrency, seconds, (n) => runScenarioSql(sqlRunner, sqlScenario, n))),
    ).finally(() => sqlRunner.close());
    rounds.sql.push(sqlResult);
    log(`  sql     ${brief(sqlResult)}${cpuNote(sqlResult)} (sign-in statements, no hash)`);
  }
  const byRound = (stage: 'service' | 'failed') => rounds[stage].map((r, i) => ratio(r, rounds.argon2[i]));
  const service = medianRun(rounds.service);
  const sqlResult = medianRun(rounds.sql);
  return {
    name: 'signin',
    variants: seed.shoppers.length,
    service,
    failed: medianRun(rounds.failed),
    sql: sqlResult,
    argon2: medianRun(rounds.argon2),
    serviceToRoute: null,
    serviceToSql: ratio(service, sqlResult),
    serviceToArgon2: medianRatio(byRound('service')),
    failedToArgon2: medianRatio(byRound('failed')),
    signIn: {
      concurrency,
      accounts: seed.report,
      argon2,
      argon2Alone,
      accountLookupPlan,
      argon2ShareByRound: { service: byRound('service'), failed: byRound('failed') },
    },
    ...(options.rounds > 1 ? { rounds } : {}),
  };
}

/** Per search fragment: which plan the service took (statements run) and its time alone, no load. */
async function searchFragmentTimings(target: BenchTarget, scenario: Scenario | undefined) {
  if (!scenario) return [];
  const runner = target.runner(1);
  try {
    const out = [];
    for (const variant of scenario.variants) {
      const times: number[] = [];
      let rows: unknown[] = [];
      for (let i = 0; i < 15; i++) {
        const started = performance.now();
        rows = [];
        for (const query of variant.queries) rows = await runner.query(query);
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      out.push({
        fragment: variant.label,
        statements: variant.queries.length,
        plan: searchPlanOf(variant.queries.map((q) => q.sql)),
        rows: rows.length,
        medianMs: times[Math.floor(times.length / 2)]!,
        maxMs: times.at(-1)!,
      });
    }
    return out;
  } finally {
    await runner.close();
  }
}

/** Names the plan the service chose from the statements it ran (lib/list/plan.ts). */
function searchPlanOf(statements: string[]): string {
  const reads = statements.filter((s) => !/^\s*(explain|select set_config)\b/i.test(s));
  const collected = reads.some((s) => s.includes('as "pagematches"'));
  if (!reads.some((s) => s.includes('as "pagematch"'))) return collected ? 'collect' : 'ordered';
  // The walk's last statement, when the budget ran out: the row at its end (an offset read).
  const partial = reads.some((s) => /\boffset \$\d+/.test(s) && !s.includes('pagematch'));
  const how = partial ? 'walk, budget spent: partial page' : 'walk';
  return collected ? `collect gave way to ${how}` : how;
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of every statement a read scenario runs (at most four variants
 * each), run alone before the load: the evidence behind docs/benchmarks.md's "what limits it".
 */
async function explainScenarios(target: BenchTarget, scenarios: Scenario[]) {
  const runner = target.runner(1);
  const plans: { scenario: string; variant: string; statement: number; plan: string }[] = [];
  try {
    for (const scenario of scenarios) {
      if (scenario.write) continue;
      for (const variant of scenario.variants.slice(0, 4)) {
        for (const [i, query] of variant.queries.entries()) {
          // The service's own planner look-ups (search's row estimate) are shown as they are.
          // The statement-timeout setting has no plan worth showing.
          if (query.sql.includes("set_config('statement_timeout'")) continue;
          const sql = /^\s*explain\b/i.test(query.sql)
            ? query.sql
            : `explain (analyze, buffers) ${query.sql}`;
          const rows = (await runner.query({
            sql,
            parameters: query.parameters,
          })) as Record<string, unknown>[];
          plans.push({
            scenario: scenario.name,
            variant: variant.label,
            statement: i + 1,
            // The service's own estimate is EXPLAIN (FORMAT JSON): one row holding an object.
            plan: rows
              .map((row) => row['QUERY PLAN'])
              .map((plan) => (typeof plan === 'string' ? plan : JSON.stringify(plan)))
              .join('\n'),
          });
        }
      }
    }
  } finally {
    await runner.close();
  }
  return plans;
}

/**
 * PGlite's "npm start to first page": the real CLI on a fresh data folder (first start), then
 * on a copy of the benchmark's folder (a start with data). Both copies are removed afterwards.
 */
async function startupStep(dataDir: string, customers: number): Promise<StartupResult[]> {
  log('step 5: PGlite start to first page');
  const fresh = mkdtempSync(join(tmpdir(), 'clientele-start-'));
  const seeded = mkdtempSync(join(tmpdir(), 'clientele-start-'));
  const results: StartupResult[] = [];
  try {
    results.push(
      await measureStartup('fresh data folder (first start: migrate, create owner)', fresh, BENCH_OWNER),
    );
    cpSync(dataDir, seeded, { recursive: true });
    results.push(
      await measureStartup(`copy of the benchmark folder (${customers} customers)`, seeded, BENCH_OWNER),
    );
  } finally {
    rmSync(fresh, { recursive: true, force: true });
    rmSync(seeded, { recursive: true, force: true });
  }
  for (const s of results) {
    log(
      `${s.label}: sign-in after ${s.signInMs.toFixed(0)} ms, first page after ${s.firstPageMs.toFixed(0)} ms`,
    );
  }
  return results;
}

async function main() {
  const options = parseOptions();
  const runId = Date.now().toString(36);
  const startedAt = new Date().toISOString();
  const location =
    options.engine === 'postgres'
      ? (process.env.BENCH_DATABASE_URL ?? DEFAULT_PG_URL)
      : (process.env.BENCH_PGLITE_DIR ?? join(tmpdir(), 'clientele-bench', 'pglite'));
  const shown =
    options.engine === 'postgres' ? new URL(location).host + new URL(location).pathname : location;
  log(
    `${options.engine} at ${shown}: ${options.count} customers, ${options.seconds} s per run, concurrency ${options.concurrency}`,
  );

  if (options.scenarios.includes('transfer')) {
    // Issue 15's import, export and seed on fresh databases of their own (bench/transfer.ts).
    const transfer = await runTransferBench(options.engine, options.count, location, log);
    const file = writeResults(options.engine, options.count, {
      kind: 'transfer',
      startedAt,
      machine: machineInfo(),
      transfer,
    });
    log(`wrote ${file}`);
    return;
  }
  if (options.scenarios.includes('export')) {
    // Issue 15's export at the benchmark's size, on its seeded database (bench/transfer.ts).
    const target = await openTarget(options.engine, location, SERVICE_POOL);
    try {
      log('step 1: seed');
      const seeding = await seedTo(target, options.count);
      const exported = await runExportBench(target, options.rounds, log);
      const file = writeResults(options.engine, options.count, {
        kind: 'export',
        startedAt,
        machine: machineInfo(),
        seeding,
        export: exported,
      });
      log(`wrote ${file}`);
    } finally {
      await target.close();
    }
    return;
  }
  const target = await openTarget(options.engine, location, SERVICE_POOL);
  const reports: ScenarioReport[] = [];
  let seeding: Awaited<ReturnType<typeof seedTo>>;
  let info: Awaited<ReturnType<typeof databaseInfo>>;
  let searchFragments: Awaited<ReturnType<typeof searchFragmentTimings>> = [];
  let plans: Awaited<ReturnType<typeof explainScenarios>> = [];
  let metrics: MetricsOverheadReport | null = null;
  try {
    log('step 1: seed');
    seeding = await seedTo(target, options.count);
    log(
      seeding.added > 0
        ? `seeded ${seeding.added} customers in ${seeding.seconds!.toFixed(1)} s = ${Math.round(seeding.customersPerSecond!)} customers/s`
        : `reusing ${seeding.existing} customers`,
    );
    const history = seeding.commerce;
    if (history)
      log(
        `seeded ${history.orders} orders (${history.orderLines} lines, ${history.statusChanges} status changes), ` +
          `${history.carts} carts, ${history.creditEntries} credit entries for ${history.customers} customers in ` +
          `${history.seconds.toFixed(1)} s = ${Math.round(history.ordersPerSecond)} orders/s, ${Math.round(history.rowsPerSecond)} rows/s`,
      );
    if (seeding.vacuumSeconds !== null) log(`VACUUM ANALYZE ${seeding.vacuumSeconds.toFixed(1)} s`);

    let shoppers: ShopperSeed | null = null;
    const belonging = options.scenarios.filter((name) =>
      (BELONGING_SCENARIOS as readonly string[]).includes(name),
    );
    if (options.scenarios.includes('signin') || belonging.length > 0) {
      // Sign-in rotates over --accounts shoppers; the storefront's /me scenarios need two.
      shoppers = await seedShoppers(target, options.scenarios.includes('signin') ? options.accounts : 2);
      const r = shoppers.report;
      log(
        `shoppers: ${r.accounts} accounts (${r.added} added) in ${r.seconds.toFixed(1)} s; ${r.sessionsCleared} old sessions cleared`,
      );
    }

    if (wantsOrders(options)) {
      const removed = await removeBenchOrders(target);
      log(
        `removed earlier runs' bench orders: ${removed.guests} guests, metrics of ${removed.customersRecounted} customers recounted (${removed.seconds.toFixed(1)} s)`,
      );
    }

    log('step 2: service in-process, owner signed in');
    const authorization = await ownerAuthorization(target);
    const app = await buildApp({
      db: target.handle.db,
      // The rate limit stays on (its cost is part of the service) but high enough never to answer 429.
      // The per-address sign-in limit is off: every sign-in comes from 127.0.0.1.
      config: {
        ...benchAppConfig,
        shopperIdleMinutes: SHOPPER_SESSIONS.idleMinutes,
        shopperSessionHours: SHOPPER_SESSIONS.absoluteHours,
        // The list plans' settings come from the service's own variables, so a run can try others.
        ...listPlanSettingsFromEnv(),
      },
      logger: false,
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const serviceUrl = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;

    try {
      const total = await countCustomers(target);
      const middle = Math.floor(total / 2);
      const middleOffsets = Array.from({ length: 8 }, (_, i) => middle + i * 997);
      const wants = (...names: ScenarioName[]) => names.some((name) => options.scenarios.includes(name));
      const ids = wants('get-by-id', 'orders', ...CUSTOMER_UPDATE_SCENARIOS)
        ? await randomCustomerIds(target, 10_000)
        : [];
      const fixtures = {
        tenantId: target.ctx.tenantId,
        ids: wants('get-by-id', ...CUSTOMER_UPDATE_SCENARIOS) ? ids : [],
        middleKeys: wants('grid-deep-cursor', 'segment-members-deep')
          ? await lastNameKeysAt(target, middleOffsets)
          : [],
        totalSpentKeys: wants('grid-total-spent-deep') ? await totalSpentKeysAt(target, middleOffsets) : [],
        selectivity: wants('filter-rare', 'filter-tenth', 'filter-most')
          ? await selectivityFilters(target, total)
          : null,
        order: wants('orders', 'orders-guest')
          ? { siteId: await orderSite(target), customerIds: ids, concurrency: options.ordersConcurrency }
          : null,
      };
      const scenarios = await buildScenarios(
        options.scenarios.filter(
          (name) => name !== 'signin' && name !== 'metrics' && !belonging.includes(name),
        ),
        target.capture,
        fixtures,
        runId,
      );
      if (belonging.length > 0 && shoppers)
        scenarios.push(
          ...(await belongingScenarios(belonging, target, shoppers, fixtures.middleKeys, SHOPPER_SESSIONS)),
        );
      searchFragments = [
        ...(await searchFragmentTimings(
          target,
          scenarios.find((s) => s.name === 'search'),
        )),
        ...(await searchFragmentTimings(
          target,
          scenarios.find((s) => s.name === 'search-mix'),
        )),
      ];
      plans = await explainScenarios(target, scenarios);
      if (options.explain)
        for (const p of plans)
          console.log(`\n-- ${p.scenario} / ${p.variant} / statement ${p.statement}\n${p.plan}`);
      for (const f of searchFragments) {
        log(`search "${f.fragment}": ${f.plan}, ${f.rows} rows, median ${f.medianMs.toFixed(1)} ms alone`);
      }

      log('step 3-4: scenarios with their floors');
      for (const scenario of scenarios) {
        reports.push(await runScenario(options, target, scenario, { url: serviceUrl, authorization }, runId));
      }
      if (shoppers) reports.push(await runSignIn(options, target, shoppers, serviceUrl, runId));
      if (options.scenarios.includes('metrics')) {
        log('metrics: the grid and the route floor with metrics off and on');
        metrics = await runMetricsOverhead({ ...options, target, authorization, runId, log });
      }
    } finally {
      await app.close();
    }
    await sql`analyze customers`.execute(target.handle.db);
    // The data size as measured, before this run's own orders are taken out again.
    info = await databaseInfo(target);
    if (wantsOrders(options)) await removeBenchOrders(target);
  } finally {
    await target.close();
  }

  const startup = options.startup && target.dataDir ? await startupStep(target.dataDir, info.customers) : [];

  const report = {
    startedAt,
    finishedAt: new Date().toISOString(),
    options: {
      ...options,
      serviceDbPool: SERVICE_POOL,
      sqlFloorPool: SQL_FLOOR_POOL,
      routeFloorPool: ROUTE_FLOOR_POOL,
    },
    machine: machineInfo(),
    database: info,
    seeding,
    searchFragments,
    scenarios: reports,
    plans,
    startup,
    ...(metrics ? { metrics } : {}),
  };
  const file = writeResults(options.engine, options.count, report);
  console.log(`\n${formatTable(reports)}\n`);
  log(`results written to ${file}`);
}

/** CLIENTELE_LIST_TIMEOUT_MS, _WALK_ROWS and _COLLECT_ROWS when set (the service's defaults otherwise). */
function listPlanSettingsFromEnv() {
  const read = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);
  const settings = {
    listTimeoutMs: read('CLIENTELE_LIST_TIMEOUT_MS'),
    listWalkRows: read('CLIENTELE_LIST_WALK_ROWS'),
    listCollectRows: read('CLIENTELE_LIST_COLLECT_ROWS'),
  };
  return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
