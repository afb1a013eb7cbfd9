import { type RawBuilder, sql } from 'kysely';

/** Lockout after consecutive failed sign-ins (a site's setting for shoppers; one policy for admins). */
export interface LockoutPolicy {
  maxFailures: number;
  firstLockMinutes: number;
  maxLockMinutes: number;
}

/**
 * The one doubling-lockout formula, for any table with `failed_sign_ins`, `locked_until` and
 * `lockouts` (shoppers' accounts, admin users). `set` counts a failure and, on reaching the
 * policy's limit, locks for firstLockMinutes × 2^(earlier lockouts), capped at maxLockMinutes;
 * used in one UPDATE so simultaneous failures can't lose a count. A lock that has run out
 * starts the count afresh.
 */
export function lockoutOnFailure(table: 'accounts' | 'admin_users', policy: LockoutPolicy) {
  const lockedUntil = sql.ref(`${table}.locked_until`);
  const lockouts = sql.ref(`${table}.lockouts`);
  const count = sql<number>`(case when ${lockedUntil} <= now() then 0 else ${sql.ref(`${table}.failed_sign_ins`)} end) + 1`;
  const locks = sql<boolean>`${count} >= ${policy.maxFailures}`;
  const minutes = sql`least(${policy.firstLockMinutes}::float8 * power(2, least(${lockouts}, 30)), ${policy.maxLockMinutes}::float8)`;
  return {
    set: {
      failedSignIns: count,
      // A lock that ran out is cleared by the first failure after it, which starts a new count.
      lockedUntil: sql<Date | null>`case when ${locks} then now() + ${minutes} * interval '1 minute' else null end`,
      lockouts: sql<number>`${lockouts} + case when ${locks} then 1 else 0 end`,
      updatedAt: sql<Date>`now()`,
    },
    /** WHERE: a locked row counts no further failures; the lock already answers them. */
    notLocked: sql<boolean>`(${lockedUntil} is null or ${lockedUntil} <= now())`,
    /** RETURNING sees the new row: only a failure that locked leaves a lock in the future. */
    justLocked: isLocked(table).as('justLocked'),
  };
}

/** True while the row's lock runs, by the database's clock. */
export const isLocked = (table: 'accounts' | 'admin_users'): RawBuilder<boolean> =>
  sql<boolean>`coalesce(${sql.ref(`${table}.locked_until`)} > now(), false)`;
