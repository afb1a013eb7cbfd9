import type { FastifyReply } from 'fastify';
import type { IdempotencyOutcome } from '../../db/types.js';
import type { IdempotentResult } from './idempotency.service.js';

/** The status each outcome is answered with, the first time and on every replay. */
const statusOf: Record<IdempotencyOutcome, 200 | 201> = { created: 201, updated: 200 };

/**
 * Sends an idempotent write's answer from a route: 201 for a creation, 200 for a change, and
 * `Idempotent-Replayed: true` when it is the stored answer to an earlier request with the key.
 */
export function sendIdempotent<T>(reply: FastifyReply, result: IdempotentResult<T>) {
  if (result.replayed) reply.header('idempotent-replayed', 'true');
  return reply.status(statusOf[result.outcome]).send(result.body);
}
