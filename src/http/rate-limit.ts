import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { DomainError } from '../lib/errors.js';
import { hashToken } from '../lib/ids.js';
import { credentialFromRequest } from './auth.js';

/** Response headers every rate-limited answer carries (IETF draft RateLimit fields). */
export const RATE_LIMIT_HEADERS = ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'] as const;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Sign-in, registration and password-reset routes: limited per client address, more tightly. */
    signIn?: boolean;
  }
}

export interface RateLimitOptions {
  /** API requests a client may make a minute (0 turns the general limit off). */
  perMinute: number;
  /** Sign-in attempts (and registrations and reset requests) per client address a minute (0: off). */
  signInPerMinute: number;
  /** Shared counters for several processes; in-process counters without it. */
  redis?: Redis | null;
}

const isApi = (url: string) =>
  url.startsWith('/admin/v1/') || url.startsWith('/store/v1/') || url.startsWith('/healthz');

/**
 * Limits each client to `perMinute` API requests. A client is its credential when it sends one
 * (an API key or session gets its own budget, wherever it calls from), else its address.
 * Routes flagged `config.signIn` (sign-in, registration, password reset) each get a tighter
 * per-address budget of `signInPerMinute` instead, so password guessing from one address is
 * slowed whatever usernames it tries (lockout covers guessing one account from many addresses).
 * Only the APIs and the health check count.
 */
export async function registerRateLimit(app: FastifyInstance, options: RateLimitOptions) {
  if (options.perMinute <= 0 && options.signInPerMinute <= 0) return;
  const signIn = { max: options.signInPerMinute, keyGenerator: (r: FastifyRequest) => `ip:${r.ip}` };
  // Runs before the plugin's own onRoute hook (registered next), which reads config.rateLimit.
  app.addHook('onRoute', (route) => {
    if (!route.config?.signIn || options.signInPerMinute <= 0) return;
    route.config = { ...route.config, rateLimit: signIn } as typeof route.config;
  });
  await app.register(rateLimit, {
    global: options.perMinute > 0,
    max: options.perMinute,
    allowList: (request) => !isApi(request.url),
    timeWindow: 60_000,
    enableDraftSpec: true,
    redis: options.redis ?? undefined,
    nameSpace: 'clientele-rate-limit-',
    // With Redis unreachable, serve rather than refuse everyone; the error is logged.
    skipOnError: true,
    keyGenerator: (request: FastifyRequest) => {
      const credential = credentialFromRequest(request);
      return credential ? `c:${hashToken(credential).slice(0, 32)}` : `ip:${request.ip}`;
    },
    errorResponseBuilder: (_request, context) =>
      new DomainError(
        'rate_limited',
        'request.rate_limited',
        `Too many requests: the limit is ${context.max} a minute; try again in ${Math.ceil(context.ttl / 1000)} s.`,
      ),
  });
}
