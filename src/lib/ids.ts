import { createHash, randomBytes } from 'node:crypto';
import { v7 } from 'uuid';

/** Time-ordered ids: new rows land at the right edge of the primary key index. */
export const newId = (): string => v7();

/**
 * The least UUIDv7 of a millisecond: ids start with their time, so `id >= idFloor(t)` is the rows
 * made from `t` on, as a range of any index ending in id.
 */
export function idFloor(time: Date): string {
  const ms = Math.min(Math.max(time.getTime(), 0), 2 ** 48 - 1);
  const hex = ms.toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-0000-0000-000000000000`;
}

/**
 * A request id, unique across processes: `req-…` for an HTTP request, `cli-…` for a CLI
 * command's run, `job-credit-expiry-…` for a worker job's run. Events and log lines name it.
 */
export const newRequestId = (origin: string): string => `${origin}-${v7()}`;

/** 32 random bytes, URL-safe: sessions, reset links, invites and API keys. */
export const newToken = (): string => randomBytes(32).toString('base64url');

/** Only this digest of a token is stored, so a leaked table yields no usable token. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
