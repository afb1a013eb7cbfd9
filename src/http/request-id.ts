import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { newRequestId } from '../lib/ids.js';

/**
 * An id a caller may choose (a proxy's, a client's trace id): 1–128 characters of letters,
 * digits and `._:-`. Strict, because the id goes into log lines, response headers and events:
 * no spaces, quotes or control characters that could forge a log line or a header.
 */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Fastify's genReqId: the caller's `X-Request-Id` when it is valid, else a new `req-…` id,
 * unique across processes and restarts (an event's request id names one request). An invalid
 * one is replaced rather than refused: a request id is for tracing, never a reason to fail.
 */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID_PATTERN.test(given) ? given : newRequestId('req');
}

/** The id in a problem+json body's `instance`: the one occurrence of this problem. */
export const problemInstance = (requestId: string) => `urn:clientele:request:${requestId}`;

/**
 * Every answer carries its request's id in `X-Request-Id`, set first thing (so 404s, refusals of
 * the rate limit and problems of every later hook have it too).
 */
export function registerRequestId(app: FastifyInstance) {
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
}
