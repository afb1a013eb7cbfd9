import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { OrderLoad } from './order-body.js';

/** What one load run measured. Latencies in milliseconds. */
export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  statuses?: Record<string, number>;
  /** The machine's 1-minute load average when the run ended (2 cores here: above 2 means waiting for CPU). */
  load1?: number;
  /** This process's CPU time (all threads) per request, where measured (sign-in). */
  cpuMsPerRequest?: number;
  /**
   * The event loop's own CPU time per request (the main thread: the in-process service or route
   * floor, not the load generator's worker nor other processes), where the system reports it.
   * Unlike req/s it barely moves when other work shares the machine.
   */
  loopCpuMsPerRequest?: number;
}

/** The main thread's CPU time so far in ms (Linux: utime and stime of /proc/self/task/<pid>/stat, in 1/100 s). */
function mainThreadCpuMs(): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    // Fields after the command's closing parenthesis; utime and stime are the 14th and 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

export interface HttpLoadSpec {
  url: string;
  method: 'GET' | 'POST' | 'PATCH';
  /** Request paths, used in turn (one counter shared by all connections). */
  paths: string[];
  headers: Record<string, string>;
  /**
   * `new-customer`: a JSON customer with a unique email per request; `new-order`: an order of
   * `order` with a unique number and Idempotency-Key per request.
   */
  body?: 'new-customer' | 'new-order';
  order?: OrderLoad;
  /** JSON bodies, used in turn with the paths (one counter); for sign-ins, one shopper each. */
  bodies?: string[];
  /** Makes generated emails unique across runs. */
  runId: string;
  connections: number;
  seconds: number;
}

const percentile = (sorted: Float64Array, p: number) =>
  sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

export function summarise(latencies: number[], seconds: number): Omit<LoadResult, 'errors' | 'non2xx'> {
  const sorted = Float64Array.from(latencies).sort();
  return {
    requests: latencies.length,
    seconds,
    rps: latencies.length / seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
  };
}

/** Loads an HTTP server with autocannon from a worker thread (see http-load-worker.ts). */
export function runHttpLoad(spec: HttpLoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./http-load-worker.js', import.meta.url), { workerData: spec });
    const cpuBefore = mainThreadCpuMs();
    worker.once('message', (message: { result?: LoadResult; error?: string }) => {
      const cpuAfter = mainThreadCpuMs();
      const result = message.result;
      if (result && cpuBefore !== undefined && cpuAfter !== undefined && result.requests > 0)
        result.loopCpuMsPerRequest = (cpuAfter - cpuBefore) / result.requests;
      if (result) resolve(result);
      else reject(new Error(`load worker failed: ${message.error}`));
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

/**
 * Runs `work` from `concurrency` async loops until `seconds` have passed (the SQL floor: no
 * HTTP, just the driver). Each loop waits for its call before starting the next.
 */
export async function runLoops(
  concurrency: number,
  seconds: number,
  work: (n: number) => Promise<unknown>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  let firstError: unknown = null;
  const started = performance.now();
  const end = started + seconds * 1000;
  const loop = async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      try {
        await work(next++);
        latencies.push(performance.now() - t0);
      } catch (error) {
        errors++;
        firstError ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  if (firstError && latencies.length === 0) throw firstError;
  return { ...summarise(latencies, (performance.now() - started) / 1000), errors, non2xx: 0 };
}
