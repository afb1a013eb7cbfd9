import { createHash } from 'node:crypto';
import type { IdempotencyOutcome } from '../../db/types.js';
import type { RequestContext } from '../../lib/context.js';
import { DomainError, invalid } from '../../lib/errors.js';
import { idempotencyRepository } from './idempotency.repository.js';

/** Keys live at least this long (Stripe keeps them 24 hours). */
export const IDEMPOTENCY_TTL_HOURS = 24;

/** What an idempotent write did and answered; the route turns the outcome into a status. */
export interface IdempotentAnswer<T> {
  outcome: IdempotencyOutcome;
  body: T;
}

export interface IdempotentResult<T> extends IdempotentAnswer<T> {
  /** True when this is the stored answer to an earlier request with the same key. */
  replayed: boolean;
}

const idempotencyErrors = {
  missing: () =>
    invalid(
      'idempotency.key_required',
      'Send an Idempotency-Key header so the request can be retried safely.',
      [{ path: '/idempotency-key', message: 'is required', in: 'header' }],
    ),
  reused: () =>
    new DomainError(
      'rule_broken',
      'idempotency.key_reused',
      'This Idempotency-Key was used with a different request; use a new key for a new request.',
      [{ path: '/idempotency-key', message: 'was used with a different request', in: 'header' }],
    ),
  inFlight: () =>
    new DomainError(
      'conflict',
      'idempotency.in_flight',
      'A request with this Idempotency-Key is still being processed; retry after it finishes.',
    ),
};

/** Key order does not change what a JSON body means, so it does not change its fingerprint. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

const fingerprint = (operation: string, request: unknown) =>
  createHash('sha256').update(operation).update('\n').update(canonical(request)).digest('hex');

/**
 * Runs `work` at most once per Idempotency-Key, as Stripe does: the same key with the same
 * request replays the first answer; with a different request it is a 422; while the first is
 * still running it is a 409. The key is written in the transaction of the work, with its
 * answer: a request that fails or whose process dies leaves no trace of its key, so a retry
 * simply runs it. While it runs, a transaction-long advisory lock on the key turns a second
 * request away; PostgreSQL drops that lock with the connection of a dead process. `work`
 * answers in domain terms (what it did, and the body); the route chooses the status.
 */
export async function idempotent<C extends RequestContext, T>(
  ctx: C,
  key: string | undefined,
  operation: string,
  request: unknown,
  work: (trx: C) => Promise<IdempotentAnswer<T>>,
): Promise<IdempotentResult<T>> {
  if (!key) throw idempotencyErrors.missing();
  const requestHash = fingerprint(operation, request);
  return ctx.db.transaction().execute(async (db) => {
    const trx: C = { ...ctx, db };
    if (!(await idempotencyRepository.tryLock(trx, key))) throw idempotencyErrors.inFlight();
    await idempotencyRepository.releaseStale(trx, key);
    const existing = await idempotencyRepository.find(trx, key);
    if (existing) {
      if (existing.requestHash !== requestHash || existing.operation !== operation)
        throw idempotencyErrors.reused();
      // releaseStale has removed any row without an outcome, so this one holds an answer.
      return { outcome: existing.outcome!, body: existing.responseBody as T, replayed: true };
    }
    const answer = await work(trx);
    const expiresAt = new Date(Date.now() + IDEMPOTENCY_TTL_HOURS * 3600_000);
    await idempotencyRepository.store(trx, { key, operation, requestHash, expiresAt, ...answer });
    return { ...answer, replayed: false };
  });
}

/** Deletes up to `limit` keys past their lifetime, across tenants (the worker's job). */
export const purgeExpiredIdempotencyKeys = (db: RequestContext['db'], limit: number) =>
  idempotencyRepository.purgeExpired(db, limit);
