import { createHash, randomBytes, randomFillSync } from 'node:crypto';
import { v7 } from 'uuid';

/**
 * Random bytes for ids, drawn 4 KiB at a time. uuid's own v7 asks crypto.getRandomValues for 16
 * bytes per id, about 4 µs each: an import makes three ids a row (customer, address, timeline
 * entry), and at a million rows that was 12 s of the one thread that also drives the writes.
 */
const pool = new Uint8Array(4096);
let poolAt = pool.length;
const randomBytes16 = (): Uint8Array => {
  if (poolAt === pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  poolAt += 16;
  return pool.subarray(poolAt - 16, poolAt);
};

/**
 * The millisecond and counter of the last id, as uuid keeps them for v7() without options (which
 * it then ignores): a new millisecond starts the counter at a random 31-bit value, each further
 * id of the same millisecond adds one, so ids made in this process keep their order.
 */
const last = { msecs: Number.NEGATIVE_INFINITY, seq: 0 };

/** Time-ordered ids (UUIDv7): new rows land at the right edge of the primary key index. */
export const newId = (): string => {
  const random = randomBytes16();
  const now = Date.now();
  if (now > last.msecs) {
    last.msecs = now;
    last.seq =
      (((random[6] ?? 0) & 0x7f) << 24) |
      ((random[7] ?? 0) << 16) |
      ((random[8] ?? 0) << 8) |
      (random[9] ?? 0);
  } else {
    last.seq = (last.seq + 1) | 0;
    if (last.seq === 0) last.msecs++;
  }
  return v7({ random, msecs: last.msecs, seq: last.seq });
};

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
export const newRequestId = (origin: string): string => `${origin}-${newId()}`;

/** 32 random bytes, URL-safe: sessions, reset links, invites and API keys. */
export const newToken = (): string => randomBytes(32).toString('base64url');

/** Only this digest of a token is stored, so a leaked table yields no usable token. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
