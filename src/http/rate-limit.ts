import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../lib/errors.js';
import { hashToken } from '../lib/ids.js';
import { credentialFromRequest } from './auth.js';

/** Response headers every rate-limited answer carries (IETF draft RateLimit fields). */
export const RATE_LIMIT_HEADERS = ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'] as const;

/**
 * Limits each client to `perMinute` API requests. A client is its credential when it sends one
 * (an API key or session gets its own budget, wherever it calls from), else its address.
 * Only the API and the health check count; the admin app's static files and the API reference do not.
 */
export async function registerRateLimit(app: FastifyInstance, perMinute: number) {
  if (perMinute <= 0) return;
  await app.register(rateLimit, {
    global: true,
    max: perMinute,
    allowList: (request) => !request.url.startsWith('/admin/v1/') && !request.url.startsWith('/healthz'),
    timeWindow: 60_000,
    enableDraftSpec: true,
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
