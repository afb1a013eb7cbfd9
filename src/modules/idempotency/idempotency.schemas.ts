import { Type } from '@sinclair/typebox';

const KEY_RULES =
  'Retrying with the same key and body replays the first answer (with `Idempotent-Replayed: true`) instead of doing the work twice; the same key with another body is a 422; while the first request runs it is a 409. Keys are kept at least 24 hours.';

const keyOf = (what: string) =>
  Type.String({
    minLength: 1,
    maxLength: 255,
    description: `A key of your choosing, unique per ${what} (e.g. a UUID). ${KEY_RULES}`,
  });

/** The `Idempotency-Key` header of a route that creates money movements or orders (required). */
export const idempotencyHeaders = (what: string) => Type.Object({ 'idempotency-key': keyOf(what) });

/** The same header where it is optional: the change is safe to retry when it is sent. */
export const optionalIdempotencyHeaders = (what: string) =>
  Type.Object({ 'idempotency-key': Type.Optional(keyOf(what)) });
