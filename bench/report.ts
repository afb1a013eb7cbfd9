import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { LoadResult } from './load.js';
import type { argon2Environment, ShopperSeedReport } from './signin.js';

/**
 * `failed` and `argon2` belong to sign-in: failed sign-ins, and its floor of argon2 verifications;
 * `inserts` to orders: the order's own rows and the metrics UPDATE in one transaction.
 */
export type Stage = 'service' | 'failed' | 'route' | 'sql' | 'inserts' | 'argon2';
const STAGES: Stage[] = ['service', 'failed', 'route', 'sql', 'inserts', 'argon2'];

/** What the sign-in scenario records beside its stages. */
export interface SignInDetails {
  /** HTTP connections and argon2 loops (--signin-concurrency). */
  concurrency: number;
  accounts: ShopperSeedReport;
  argon2: ReturnType<typeof argon2Environment>;
  /** One verify at a time (concurrency 1), for its latency alone. */
  argon2Alone: LoadResult;
  /** EXPLAIN (ANALYZE, BUFFERS) of the account lookup, the sign-in's only read. */
  accountLookupPlan: string;
  /** Each round's sign-ins a second ÷ that round's argon2 floor; the scenario reports their median. */
  argon2ShareByRound: { service: (number | null)[]; failed: (number | null)[] };
}

export interface ScenarioReport {
  name: string;
  variants: number;
  service?: LoadResult;
  route?: LoadResult;
  sql?: LoadResult;
  /** Sign-in only: failed sign-ins (unknown usernames), and the argon2 floor. */
  failed?: LoadResult;
  argon2?: LoadResult;
  /** Orders only: the raw INSERTs (and metrics UPDATE) of one order, in one transaction. */
  inserts?: LoadResult;
  /** Connections and loops, when the scenario has its own (orders). */
  concurrency?: number;
  /** Write scenarios: the statements the service ran for one request, in order (abridged). */
  statements?: string[];
  /** Orders: service throughput as a share of the `inserts` floor's, median of the rounds' shares. */
  serviceToInserts?: number | null;
  /** PostgreSQL statements still running 1 s after the service's load stopped (the most of any round). */
  statementsRunningAfterLoad?: number;
  /** Service throughput as a share of each floor's. */
  serviceToRoute: number | null;
  serviceToSql: number | null;
  /**
   * Sign-in only: successful and failed sign-ins a second as a share of argon2 verifications a
   * second, within each round (the floor runs between the two), median over rounds.
   */
  serviceToArgon2?: number | null;
  failedToArgon2?: number | null;
  signIn?: SignInDetails;
  /** Every round's result when the run had several (--rounds). */
  rounds?: Partial<Record<Stage, LoadResult[]>>;
}

export function machineInfo() {
  const list = cpus();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model ?? 'unknown',
    memoryBytes: totalmem(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

export const ratio = (service?: LoadResult, floor?: LoadResult) =>
  service && floor && floor.rps > 0 ? service.rps / floor.rps : null;

const fmt = (value: number | null | undefined, digits = 1) =>
  value === null || value === undefined || Number.isNaN(value) ? '-' : value.toFixed(digits);
const pct = (value: number | null) => (value === null ? '-' : `${Math.round(value * 100)}%`);

/** The results as a fixed-width table for the terminal. */
export function formatTable(scenarios: ScenarioReport[]): string {
  const header = [
    'scenario',
    'stage',
    'req/s',
    'p50 ms',
    'p99 ms',
    'errors',
    'non-2xx',
    'svc/route',
    'svc/sql',
    'loop cpu ms',
  ];
  const withInserts = scenarios.some((s) => s.inserts);
  if (withInserts) header.push('svc/ins');
  // The argon2 column (sign-in's floor) only when a scenario has it.
  const withArgon2 = scenarios.some((s) => s.argon2);
  if (withArgon2) header.push('÷ argon2', 'cpu ms');
  const rows: string[][] = [];
  for (const s of scenarios) {
    let first = true;
    for (const stage of STAGES) {
      const r = s[stage];
      if (!r) continue;
      const row = [
        first ? s.name : '',
        stage,
        fmt(r.rps, 0),
        fmt(r.p50, 2),
        fmt(r.p99, 2),
        String(r.errors),
        String(r.non2xx),
        stage === 'service' ? pct(s.serviceToRoute) : '',
        stage === 'service' ? pct(s.serviceToSql) : '',
        fmt(r.loopCpuMsPerRequest, 2),
      ];
      if (withInserts) row.push(stage === 'service' ? pct(s.serviceToInserts ?? null) : '');
      if (withArgon2)
        row.push(
          stage === 'service'
            ? pct(s.serviceToArgon2 ?? null)
            : stage === 'failed'
              ? pct(s.failedToArgon2 ?? null)
              : '',
          fmt(r.cpuMsPerRequest, 1),
        );
      rows.push(row);
      first = false;
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Writes bench/results/<timestamp>-<db>-<count>.json (next to the sources, not in dist/). */
export function writeResults(engine: string, count: number, report: object): string {
  const dir = fileURLToPath(new URL('../../bench/results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const stamp = new Date()
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
  const file = `${dir}${stamp}-${engine}-${count}.json`;
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}
