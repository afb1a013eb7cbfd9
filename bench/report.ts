import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { LoadResult } from './load.js';

export type Stage = 'service' | 'route' | 'sql';

export interface ScenarioReport {
  name: string;
  variants: number;
  service?: LoadResult;
  route?: LoadResult;
  sql?: LoadResult;
  /** Service throughput as a share of each floor's. */
  serviceToRoute: number | null;
  serviceToSql: number | null;
  /** Every round's result when the run had several (--rounds). */
  rounds?: Record<Stage, LoadResult[]>;
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
  ];
  const rows: string[][] = [];
  for (const s of scenarios) {
    (['service', 'route', 'sql'] as Stage[]).forEach((stage, i) => {
      const r = s[stage];
      if (!r) return;
      rows.push([
        i === 0 || !s.service ? s.name : '',
        stage,
        fmt(r.rps, 0),
        fmt(r.p50, 2),
        fmt(r.p99, 2),
        String(r.errors),
        String(r.non2xx),
        stage === 'service' ? pct(s.serviceToRoute) : '',
        stage === 'service' ? pct(s.serviceToSql) : '',
      ]);
    });
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
