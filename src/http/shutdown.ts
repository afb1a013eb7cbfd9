import { Server as NetServer } from 'node:net';
import type { FastifyInstance } from 'fastify';

interface ClosingState {
  /** Set once stopServing() has begun: every answer from then on closes its connection. */
  draining: boolean;
  /** The requests being answered, by id: what a shutdown past its grace names. */
  inFlight: Map<string, string>;
}

const states = new WeakMap<FastifyInstance, ClosingState>();

/**
 * How a stopping server answers: a request it has read is answered (Fastify's
 * `return503OnClosing` is off in app.ts), with `Connection: close`, so a keep-alive client opens
 * its next connection elsewhere (the next process, another instance behind the proxy).
 */
export function registerGracefulClose(app: FastifyInstance) {
  const state: ClosingState = { draining: false, inFlight: new Map() };
  states.set(app, state);
  app.addHook('onRequest', (request, reply, done) => {
    state.inFlight.set(request.id, `${request.method} ${request.url.split('?')[0]} (${request.id})`);
    // 'close' comes whether the answer went or the client left.
    reply.raw.once('close', () => state.inFlight.delete(request.id));
    done();
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (state.draining && !reply.raw.headersSent) reply.header('connection', 'close');
    done(null, payload);
  });
}

/** The requests this app is answering now, e.g. `GET /admin/v1/customers (req-…)`. */
export const requestsInFlight = (app: FastifyInstance): string[] => [
  ...(states.get(app)?.inFlight.values() ?? []),
];

/**
 * A connection that has been quiet this long while the server stops is closed: an active
 * client sends its next request well within it (and gets it answered with `Connection: close`),
 * while an idle pool does not hold the shutdown up. Closing a connection at once instead races
 * with a request already on its way on it, which the client then sees as a reset.
 */
export const IDLE_CONNECTION_MS = 1000;

const openConnections = (server: NetServer) =>
  new Promise<number>((resolve) => server.getConnections((error, count) => resolve(error ? 0 : count)));

/**
 * Stops serving without losing an accepted request: stops accepting connections (new ones are
 * refused at once, so clients retry elsewhere), answers what arrives on the open ones with
 * `Connection: close` until they have closed or been quiet for IDLE_CONNECTION_MS, waits for the
 * answers in flight, then runs Fastify's close (its onClose hooks settle detached work).
 */
export async function stopServing(app: FastifyInstance, idleMs = IDLE_CONNECTION_MS): Promise<void> {
  const state = states.get(app);
  if (state) state.draining = true;
  const server = app.server;
  if (server.listening) {
    const closed = new Promise<void>((resolve) => server.once('close', () => resolve()));
    // net's close, not http's: since Node 19 http's close also drops the idle keep-alive
    // connections at once, which is the race above.
    NetServer.prototype.close.call(server);
    const until = Date.now() + idleMs;
    while (Date.now() < until && (await openConnections(server)) > 0)
      await new Promise((resolve) => setTimeout(resolve, 20));
    server.closeIdleConnections();
    await closed;
  }
  await app.close();
}

/** The part of a pino logger this needs. */
interface Log {
  info(object: object, message: string): void;
  error(object: object, message: string): void;
}

/**
 * On SIGTERM or SIGINT runs `stop` (which names each stage it enters through `stage`) and exits
 * 0; past `graceMs` exits 1 with a line saying what was still running. A second signal exits at
 * once (a person pressing Ctrl-C again).
 */
export function stopOnSignals(options: {
  graceMs: number;
  log: Log;
  stop: (stage: (what: string) => void) => Promise<void>;
  /** What the current stage is waiting for, e.g. the requests in flight. */
  running: (stage: string) => string[];
}) {
  let stage = '';
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      options.log.error({ signal }, `${signal} again: exiting now, during "${stage}"`);
      process.exit(1);
    }
    stopping = true;
    options.log.info(
      { signal, graceMs: options.graceMs },
      `${signal}: stopping (grace ${options.graceMs} ms)`,
    );
    const started = Date.now();
    const timer = setTimeout(() => {
      const running = options.running(stage);
      options.log.error(
        { stage, stillRunning: running },
        `still running after the ${options.graceMs} ms grace: ${stage}${running.length ? `: ${running.join(', ')}` : ''}; exiting`,
      );
      process.exit(1);
    }, options.graceMs);
    options
      .stop((what) => {
        stage = what;
      })
      .then(
        () => {
          clearTimeout(timer);
          options.log.info({ ms: Date.now() - started }, `stopped in ${Date.now() - started} ms`);
          process.exit(0);
        },
        (error: unknown) => {
          clearTimeout(timer);
          options.log.error({ stage, err: String(error) }, `stopping failed during ${stage}`);
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
