import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import type { RequestContext } from '../lib/context.js';

/** Holds the time (ms since the epoch) of the browser's last write, for read-your-writes. */
export const WROTE_COOKIE = 'clientele_wrote';

const READS = new Set(['GET', 'HEAD']);
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface ReplicaReadOptions {
  /** The replica (DATABASE_REPLICA_URL). */
  reader: Database;
  /** After a principal's write, its reads go to the primary for this long (CLIENTELE_READ_YOUR_WRITES_MS). */
  readYourWritesMs: number;
  /** Shares the principals' last writes between processes when REDIS_URL is set. */
  redis?: Redis | null;
  secureCookies?: boolean;
}

/** Admin API routes only (the storefront's reads are not switched, nor its writes marked). */
const isAdminRoute = (request: FastifyRequest) => {
  const role = request.routeOptions.config.role;
  return role !== undefined && role !== 'public' && Boolean(request.ctx);
};

/** How often the replica is asked whether it answers. */
const PROBE_MS = 1000;

const principalOf = (ctx: RequestContext) => `${ctx.actor.type}:${ctx.actor.id}`;
const redisKey = (principal: string) => `clientele-wrote-${principal}`;

/**
 * Sends the admin API's plain reads to the replica, but never a read that could miss the reader's
 * own write. A write (any admin request but GET, HEAD or OPTIONS that succeeded) marks its
 * principal for `readYourWritesMs` in three places, so the mark holds whichever process the next
 * read reaches: a cookie on the response (the admin app, and any client that keeps cookies), Redis
 * when configured (API-key clients across processes), and this process's memory (API-key
 * clients without Redis, as long as their next read reaches this process). A marked principal's
 * GET and HEAD requests read from the primary until the mark expires; the others get `ctx.reader`.
 * Any doubt (Redis unreachable, the replica not answering) reads from the primary: a slower read,
 * never a stale or a failed one.
 */
export function registerReplicaReads(app: FastifyInstance, options: ReplicaReadOptions) {
  const window = options.readYourWritesMs;
  const recent = new Map<string, number>();

  const wroteRecently = async (request: FastifyRequest, ctx: RequestContext, now: number) => {
    if (window <= 0) return false;
    const cookie = Number(request.cookies[WROTE_COOKIE]);
    if (Number.isFinite(cookie) && now - cookie < window) return true;
    const principal = principalOf(ctx);
    const local = recent.get(principal);
    if (local !== undefined && now - local < window) return true;
    if (!options.redis) return false;
    try {
      return (await options.redis.get(redisKey(principal))) !== null;
    } catch {
      return true;
    }
  };

  const markWrite = async (reply: FastifyReply, ctx: RequestContext, now: number) => {
    const principal = principalOf(ctx);
    recent.set(principal, now);
    if (recent.size > 10_000) for (const [key, at] of recent) if (now - at >= window) recent.delete(key);
    const cookie = [
      `${WROTE_COOKIE}=${now}`,
      `Max-Age=${Math.ceil(window / 1000)}`,
      'Path=/',
      'HttpOnly',
      'SameSite=Strict',
      ...(options.secureCookies ? ['Secure'] : []),
    ].join('; ');
    const existing = reply.getHeader('set-cookie');
    reply.header(
      'set-cookie',
      existing === undefined
        ? cookie
        : [...(Array.isArray(existing) ? existing : [String(existing)]), cookie],
    );
    // Best effort beyond the cookie and this process: a lost mark costs a stale list for at most
    // the replica's lag, and the write's own response carried the new state.
    await options.redis?.set(redisKey(principal), String(now), 'PX', window).catch(() => undefined);
  };

  // A replica that stops answering (down, restarting, unreachable) sends the reads back to the
  // primary until it answers again: slower reads rather than failed ones. `serve` checked it at start.
  let answering = true;
  let probing = false;
  const probe = async () => {
    if (probing) return;
    probing = true;
    try {
      await sql`select 1`.execute(options.reader);
      if (!answering) app.log.warn('the read replica answers again; reads go to it');
      answering = true;
    } catch (error) {
      if (answering)
        app.log.warn({ err: error }, 'the read replica does not answer; reading from the primary');
      answering = false;
    } finally {
      probing = false;
    }
  };
  const timer = setInterval(probe, PROBE_MS);
  timer.unref();
  void probe();
  app.addHook('onClose', async () => clearInterval(timer));

  // preHandler: after the auth hook (preValidation) has built request.ctx.
  app.addHook('preHandler', async (request) => {
    if (!answering || !READS.has(request.method) || !isAdminRoute(request)) return;
    if (await wroteRecently(request, request.ctx, Date.now())) return;
    request.ctx.reader = options.reader;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (SAFE.has(request.method) || !isAdminRoute(request) || reply.statusCode >= 400 || window <= 0)
      return payload;
    await markWrite(reply, request.ctx, Date.now());
    return payload;
  });
}
