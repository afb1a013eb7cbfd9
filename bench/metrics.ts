import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { httpDuration, httpRequests } from '../src/lib/metrics.js';
import { benchAppConfig } from './app-config.js';
import { type LoadResult, runHttpLoad } from './load.js';
import type { BenchTarget } from './target.js';

/** The grid's first page, as the grid-first-page scenario asks for it. */
const GRID_FIRST_PAGE = '/admin/v1/customers?sort=lastName&limit=50';
/** The route floor: the cheapest route there is (one `select 1`), where a per-request cost shows most. */
const FLOOR = '/healthz';
const TOKEN = 'bench-metrics-token-0123456789';
/** Prometheus scrapes every 15 s by default; once a second over the run is a harsh scraper. */
const SCRAPE_EVERY_MS = 1000;

export interface MetricsOverheadRun {
  path: string;
  metrics: 'on' | 'off';
  round: number;
  result: LoadResult;
}

export interface MetricsOverheadReport {
  concurrency: number;
  seconds: number;
  scrapeEveryMs: number;
  runs: MetricsOverheadRun[];
  /** Per path: median req/s off and on, and on/off (1.0: no cost). */
  summary: {
    path: string;
    offRps: number;
    onRps: number;
    onToOff: number;
    offP99: number;
    onP99: number;
    /** CPU ms of this process per request, median over rounds. */
    offCpuMs: number;
    onCpuMs: number;
  }[];
  /** The request hook's own work (a counter and a histogram observation), timed alone. */
  hookMicroseconds: number;
  /** GET /metrics alone after the loads: its size and time (the queue reads included). */
  scrape: { bytes: number; series: number; medianMs: number; maxMs: number };
}

const config = { ...benchAppConfig, metricsToken: TOKEN };

async function listen(app: FastifyInstance) {
  await app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
}

/** What the onResponse hook does per request (src/http/metrics.ts), timed over 200,000 calls. */
function timeHook(): number {
  const calls = 200_000;
  const labels = { method: 'GET', route: '/bench/hook/:id', status: '200' };
  const started = performance.now();
  for (let i = 0; i < calls; i++) {
    httpRequests.inc(labels);
    httpDuration.observe(labels, (i % 100) / 1000);
  }
  return ((performance.now() - started) * 1000) / calls;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;

/**
 * The cost of metrics (#17): the grid's first page and the route floor (/healthz), each against
 * the same service built with metrics on (request counters and histograms, and a scraper
 * reading /metrics every second) and off, alternating off/on within each round so the shared
 * machine's load hits both alike. One process, one database, one run.
 */
export async function runMetricsOverhead(options: {
  target: BenchTarget;
  authorization: string;
  seconds: number;
  warmup: number;
  rounds: number;
  concurrency: number;
  runId: string;
  log: (message: string) => void;
}): Promise<MetricsOverheadReport> {
  const { target, log } = options;
  const off = await buildApp({ db: target.handle.db, config, logger: false, metrics: false });
  const on = await buildApp({ db: target.handle.db, config, logger: false });
  const urls = { off: await listen(off), on: await listen(on) };
  const runs: MetricsOverheadRun[] = [];
  try {
    for (let round = 1; round <= options.rounds; round++) {
      for (const path of [GRID_FIRST_PAGE, FLOOR]) {
        for (const metrics of ['off', 'on'] as const) {
          const scraper =
            metrics === 'on'
              ? setInterval(() => {
                  void fetch(`${urls.on}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })
                    .then((r) => r.arrayBuffer())
                    .catch(() => undefined);
                }, SCRAPE_EVERY_MS)
              : null;
          const load = (seconds: number, phase: string) =>
            runHttpLoad({
              url: urls[metrics],
              method: 'GET',
              paths: [path],
              headers: { authorization: options.authorization },
              runId: `${options.runId}-metrics-${metrics}-${round}-${phase}`,
              connections: options.concurrency,
              seconds,
            });
          try {
            if (options.warmup > 0) await load(options.warmup, 'warmup');
            // CPU time of this process (service and load generator alike) per request: far less
            // sensitive than req/s to other processes' load on the shared machine.
            const cpu = process.cpuUsage();
            const measured = await load(options.seconds, 'measure');
            const used = process.cpuUsage(cpu);
            const result = {
              ...measured,
              cpuMsPerRequest: (used.user + used.system) / 1000 / Math.max(1, measured.requests),
            };
            runs.push({ path, metrics, round, result });
            log(
              `  metrics ${metrics.padEnd(3)} ${path}: ${result.rps.toFixed(0)} req/s, p50 ${result.p50.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms, ${result.cpuMsPerRequest.toFixed(3)} ms CPU each, non-2xx ${result.non2xx}`,
            );
          } finally {
            if (scraper) clearInterval(scraper);
          }
        }
      }
    }
    const times: number[] = [];
    let body = '';
    for (let i = 0; i < 15; i++) {
      const started = performance.now();
      const res = await fetch(`${urls.on}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      body = await res.text();
      times.push(performance.now() - started);
    }
    const summary = [GRID_FIRST_PAGE, FLOOR].map((path) => {
      const of = (metrics: 'on' | 'off') => runs.filter((r) => r.path === path && r.metrics === metrics);
      const offRps = median(of('off').map((r) => r.result.rps));
      const onRps = median(of('on').map((r) => r.result.rps));
      return {
        path,
        offRps,
        onRps,
        onToOff: offRps > 0 ? onRps / offRps : 0,
        offP99: median(of('off').map((r) => r.result.p99)),
        onP99: median(of('on').map((r) => r.result.p99)),
        offCpuMs: median(of('off').map((r) => r.result.cpuMsPerRequest ?? 0)),
        onCpuMs: median(of('on').map((r) => r.result.cpuMsPerRequest ?? 0)),
      };
    });
    const scrape = {
      bytes: Buffer.byteLength(body),
      series: body.split('\n').filter((l) => l && !l.startsWith('#')).length,
      medianMs: median(times),
      maxMs: Math.max(...times),
    };
    for (const s of summary)
      log(
        `metrics ${s.path}: off ${s.offRps.toFixed(0)} req/s, on ${s.onRps.toFixed(0)} req/s (on/off ${s.onToOff.toFixed(3)}), p99 ${s.offP99.toFixed(2)} → ${s.onP99.toFixed(2)} ms, CPU ${s.offCpuMs.toFixed(3)} → ${s.onCpuMs.toFixed(3)} ms each`,
      );
    log(
      `metrics scrape: ${scrape.series} series, ${scrape.bytes} bytes, median ${scrape.medianMs.toFixed(1)} ms, max ${scrape.maxMs.toFixed(1)} ms`,
    );
    const hookMicroseconds = timeHook();
    log(`metrics hook alone: ${hookMicroseconds.toFixed(2)} µs per request (counter + histogram)`);
    return {
      hookMicroseconds,
      concurrency: options.concurrency,
      seconds: options.seconds,
      scrapeEveryMs: SCRAPE_EVERY_MS,
      runs,
      summary,
      scrape,
    };
  } finally {
    await on.close();
    await off.close();
  }
}
