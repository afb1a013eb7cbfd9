import { parentPort, workerData } from 'node:worker_threads';
import autocannon, { type AutocannonRequest } from 'autocannon';
import type { HttpLoadSpec, LoadResult } from './load.js';
import { summarise } from './load.js';
import { orderBody, orderKey } from './order-body.js';

/**
 * Runs autocannon in a worker thread, so the load generator does not share an event loop
 * with the in-process service it measures. Requests cycle through `spec.paths` and `spec.bodies`
 * (one shared counter over all connections); `body: 'new-customer'` makes a unique customer per
 * request, `'new-order'` a unique order with its own Idempotency-Key.
 */
async function run(spec: HttpLoadSpec): Promise<LoadResult> {
  let next = 0;
  const setupRequest = (request: AutocannonRequest): AutocannonRequest => {
    const n = next++;
    const path = spec.paths[n % spec.paths.length]!;
    if (spec.bodies) return { ...request, path, body: spec.bodies[n % spec.bodies.length]! };
    if (spec.body === 'new-order' && spec.order)
      return {
        ...request,
        path,
        // Headers set here replace the run's: all of them again, and the order's own key.
        headers: {
          ...spec.headers,
          'content-type': 'application/json',
          'idempotency-key': orderKey(spec.runId, n),
        },
        body: JSON.stringify(orderBody(spec.order, spec.runId, n)),
      };
    if (spec.body !== 'new-customer') return { ...request, path };
    return { ...request, path, body: JSON.stringify(newCustomer(spec.runId, n)) };
  };
  const instance = autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.seconds,
    timeout: 30,
    headers: {
      ...spec.headers,
      ...(spec.body || spec.bodies ? { 'content-type': 'application/json' } : {}),
    },
    requests: [{ method: spec.method, setupRequest }],
  });
  // autocannon's own histogram keeps whole milliseconds; keep the exact times for p50/p99.
  const latencies: number[] = [];
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
  });
  const result = await instance;
  const statuses = Object.fromEntries(
    Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count]),
  );
  return {
    ...summarise(latencies, result.duration),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    statuses,
  };
}

const firstNames = ['Ada', 'Grace', 'Linus', 'Margaret', 'Ken', 'Barbara', 'Dennis', 'Frances'];
const lastNames = ['Lovelace', 'Hopper', 'Torvalds', 'Hamilton', 'Thompson', 'Liskov', 'Ritchie', 'Allen'];

function newCustomer(runId: string, n: number) {
  return {
    firstName: firstNames[n % firstNames.length],
    lastName: lastNames[(n >> 3) % lastNames.length],
    email: `bench.${runId}.${n}@example.net`,
    isRegistered: true,
    phone: `+1212555${String(n % 10_000).padStart(4, '0')}`,
    tags: ['bench'],
    addresses: [
      {
        line1: `${n} Main Street`,
        city: 'New York',
        postalCode: '10001',
        countryCode: 'US',
        stateCode: 'US-NY',
      },
    ],
  };
}

run(workerData as HttpLoadSpec).then(
  (result) => parentPort!.postMessage({ result }),
  (error: unknown) =>
    parentPort!.postMessage({ error: error instanceof Error ? error.stack : String(error) }),
);
