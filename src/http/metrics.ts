import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Gauge, Registry } from 'prom-client';
import type { PoolStats } from '../db/database.js';
import {
  collectProcessMetrics,
  httpDuration,
  httpErrors,
  httpRequests,
  metricsRegistry,
  type QueueDepth,
} from '../lib/metrics.js';
import { bearerToken } from './bearer.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The METRICS_PORT server once the app is ready, or null (metrics on the main port). */
    metricsServer: Server | null;
  }
}

/** What a scrape reads at that moment, handed in by the process (app.ts, the worker). */
export interface MetricsSources {
  /** The database pool's state; null on the embedded database (no pool: the gauges are left out). */
  pool(): PoolStats | null;
  /** The worker's queues (src/flows/queue-backlogs.ts). */
  queues(): Promise<QueueDepth[]>;
}

/**
 * The registry a scrape renders: the process's counters (src/lib/metrics.ts) plus gauges read
 * at scrape time from this process's database. Queue gauges share one read per scrape.
 */
export function scrapeRegistry(sources: MetricsSources): Registry {
  collectProcessMetrics();
  const gauges = new Registry();
  const registers = [gauges];
  if (sources.pool() !== null) {
    const pool = (pick: (s: PoolStats) => number) =>
      function (this: Gauge) {
        const stats = sources.pool();
        if (stats) this.set(pick(stats));
      };
    new Gauge({
      name: 'clientele_db_pool_in_use',
      help: 'Database connections of the pool running a query or transaction.',
      registers,
      collect: pool((s) => s.total - s.idle),
    });
    new Gauge({
      name: 'clientele_db_pool_idle',
      help: 'Database connections of the pool open and idle.',
      registers,
      collect: pool((s) => s.idle),
    });
    new Gauge({
      name: 'clientele_db_pool_waiting',
      help: 'Queries waiting for a connection of the pool (all are in use).',
      registers,
      collect: pool((s) => s.waiting),
    });
  }
  let reading: Promise<QueueDepth[] | null> | null = null;
  // Both queue gauges are collected side by side in one scrape: they share its one read. A failed
  // read (the database is down) leaves the series out rather than repeating stale numbers.
  const read = () =>
    (reading ??= sources
      .queues()
      .catch(() => null)
      .finally(() => {
        reading = null;
      }));
  const queueGauge = (name: string, help: string, pick: (q: QueueDepth) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['queue'] as const,
      registers,
      async collect() {
        const queues = await read();
        this.reset();
        for (const queue of queues ?? []) this.set({ queue: queue.queue }, pick(queue));
      },
    });
  queueGauge(
    'clientele_queue_depth',
    'Rows waiting in a worker queue across tenants: email (outbox), webhook (deliveries), job.',
    (q) => q.depth,
  );
  queueGauge(
    'clientele_queue_oldest_age_seconds',
    'Seconds since the oldest waiting row of a queue fell due (0 when none is due yet).',
    (q) => q.oldestSeconds,
  );
  return Registry.merge([metricsRegistry, gauges]);
}

/** A stand-alone /metrics server (METRICS_PORT), without credential: the port is the boundary. */
export async function startMetricsServer(registry: Registry, port: number, host: string): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || new URL(request.url ?? '/', 'http://x').pathname !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: GET /metrics\n');
      return;
    }
    registry.metrics().then(
      (body) => response.writeHead(200, { 'content-type': registry.contentType }).end(body),
      (error: unknown) => response.writeHead(500, { 'content-type': 'text/plain' }).end(`${String(error)}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Compares the bearer token with METRICS_TOKEN in constant time (hashes first: equal lengths). */
function carriesToken(request: FastifyRequest, token: string): boolean {
  const sent = request.headers.authorization ? bearerToken(request) : null;
  return sent !== null && timingSafeEqual(digest(sent), digest(token));
}

export interface MetricsOptions {
  sources: MetricsSources;
  /** METRICS_PORT: serve /metrics there alone, without credential; null serves it on the main port. */
  port?: number | null;
  /** Where the METRICS_PORT server listens (HOST). */
  host?: string;
  /** METRICS_TOKEN: a Bearer token that may read /metrics on the main port besides an owner. */
  token?: string | null;
}

/**
 * Request counters and durations for every route (by its URL pattern), and /metrics: on its own
 * port when METRICS_PORT is set, else on the main port for an owner (session or API key) or the
 * METRICS_TOKEN. Register before the routes, so that the hook covers them.
 */
export function registerMetrics(app: FastifyInstance, options: MetricsOptions) {
  // A callback hook, not an async one: no promise per request on the hot path.
  app.addHook('onResponse', (request, reply, done) => {
    const labels = {
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status: String(reply.statusCode),
    };
    httpRequests.inc(labels);
    if (reply.statusCode >= 400) httpErrors.inc(labels);
    httpDuration.observe(labels, reply.elapsedTime / 1000);
    done();
  });
  const registry = scrapeRegistry(options.sources);
  const send = async (reply: FastifyReply) =>
    reply.header('content-type', registry.contentType).send(await registry.metrics());

  app.decorate('metricsServer', null);
  if (options.port !== undefined && options.port !== null) {
    const port = options.port;
    app.addHook('onReady', async () => {
      app.metricsServer = await startMetricsServer(registry, port, options.host ?? '0.0.0.0');
    });
    app.addHook('onClose', async () => {
      const server = app.metricsServer;
      // A scraper's idle keep-alive connection would hold the close until it times out.
      if (server) await new Promise((resolve) => server.close(resolve).closeIdleConnections());
    });
    return;
  }
  const token = options.token ?? null;
  app.get(
    '/metrics',
    {
      // An operator's endpoint for Prometheus, not part of the API: left out of the OpenAPI document.
      schema: { hide: true },
      config: { role: 'owner' },
      // The token answers before the admin authentication (a preValidation hook) would refuse it.
      onRequest: async (request, reply) => {
        if (token !== null && carriesToken(request, token)) return send(reply);
      },
    },
    async (_request, reply) => send(reply),
  );
}
