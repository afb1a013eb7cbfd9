import { type Expression, sql } from 'kysely';
import type { AccountTokenPurpose } from '../../db/types.js';
import type { RequestContext } from '../../lib/context.js';
import { type LockoutPolicy, lockoutOnFailure } from '../../lib/lockout.js';

/** An account summary as PostgreSQL's JSON gives it: times as ISO 8601 text with an offset. */
export interface AccountSummaryJson {
  username: string;
  hasPassword: boolean;
  locked: boolean;
  lockedUntil: string | null;
  failedSignIns: number;
  lockouts: number;
  disabledReason: string | null;
  lastSignInAt: string | null;
  passwordChangedAt: string | null;
  emailVerifiedAt: string | null;
}

/**
 * The account columns admins see of the row `accounts`, as one JSON object (AccountSummaryJson;
 * the service maps it), with `locked` decided by the database clock.
 */
const summaryJson = sql<AccountSummaryJson>`json_build_object(
  'username', accounts.username,
  'hasPassword', accounts.password_hash is not null,
  'locked', coalesce(accounts.locked_until > now(), false),
  'lockedUntil', accounts.locked_until,
  'failedSignIns', accounts.failed_sign_ins,
  'lockouts', accounts.lockouts,
  'disabledReason', accounts.disabled_reason,
  'lastSignInAt', accounts.last_sign_in_at,
  'passwordChangedAt', accounts.password_changed_at,
  'emailVerifiedAt', accounts.email_verified_at)`;

export const accountsRepository = {
  /** Accounts without passwords for many customers in one statement (an import). */
  insertMany(
    ctx: RequestContext,
    accounts: readonly { customerId: string; customerSetId: string; username: string }[],
  ) {
    if (accounts.length === 0) return Promise.resolve();
    return ctx.db
      .insertInto('accounts')
      .values(accounts.map((account) => ({ ...account, tenantId: ctx.tenantId, passwordHash: null })))
      .execute()
      .then(() => undefined);
  },

  insert(
    ctx: RequestContext,
    account: {
      customerId: string;
      customerSetId: string;
      username: string;
      passwordHash: string | null;
      emailVerifiedAt?: Date | null;
    },
  ) {
    return ctx.db
      .insertInto('accounts')
      .values({
        ...account,
        tenantId: ctx.tenantId,
        passwordChangedAt: account.passwordHash ? new Date() : null,
      })
      .execute();
  },

  /**
   * The account (and the customer fields sign-in needs) for a username in a customer set. The
   * one place, with findSession, that joins the customers table: sign-in and forgot-password
   * must cost the same for a known username as for an unknown one, and a second query for
   * the customer on the known path alone made them measurably slower (test/api/sign-in-limits).
   */
  findByUsername(ctx: RequestContext, customerSetId: string, username: string) {
    return (
      ctx.db
        .selectFrom('accounts')
        .innerJoin('customers', (join) =>
          join
            .onRef('customers.tenantId', '=', 'accounts.tenantId')
            .onRef('customers.id', '=', 'accounts.customerId'),
        )
        .select([
          'accounts.customerId',
          'accounts.passwordHash',
          'accounts.lockedUntil',
          'accounts.disabledReason',
          'customers.enabled',
          'customers.email',
          'customers.firstName',
        ])
        .select(sql<boolean>`coalesce(accounts.locked_until > now(), false)`.as('locked'))
        .where('accounts.tenantId', '=', ctx.tenantId)
        .where('accounts.customerSetId', '=', customerSetId)
        // Served by accounts_username (tenant_id, customer_set_id, lower(username)).
        .where(sql`lower(accounts.username)`, '=', username.toLowerCase())
        .executeTakeFirst()
    );
  },

  findByCustomer(ctx: RequestContext, customerId: string) {
    return ctx.db
      .selectFrom('accounts')
      .select([
        'accounts.customerId',
        'accounts.customerSetId',
        'accounts.username',
        'accounts.passwordHash',
        'accounts.disabledReason',
      ])
      .where('accounts.tenantId', '=', ctx.tenantId)
      .where('accounts.customerId', '=', customerId)
      .executeTakeFirst();
  },

  /** Account summaries for a page of customers: one query per page, never one per row. */
  summaries(ctx: RequestContext, customerIds: readonly string[]) {
    if (customerIds.length === 0) return Promise.resolve([]);
    return ctx.db
      .selectFrom('accounts')
      .select(['accounts.customerId', summaryJson.as('summary')])
      .where('accounts.tenantId', '=', ctx.tenantId)
      .where('accounts.customerId', 'in', customerIds)
      .execute();
  },

  /**
   * The account summary of the customer `customerId` names (NULL for a guest), as a subquery for a
   * page of customers to select beside its own columns: one statement for the page and its accounts.
   */
  summaryOf(ctx: RequestContext, customerId: Expression<unknown>) {
    return sql<AccountSummaryJson | null>`(select ${summaryJson} from accounts
      where accounts.tenant_id = ${ctx.tenantId} and accounts.customer_id = ${customerId})`;
  },

  /**
   * Counts a failed sign-in and, on reaching the policy's limit, locks the account, all in one
   * statement (src/lib/lockout.ts holds the formula, shared with admin users).
   */
  recordFailure(ctx: RequestContext, customerId: string, policy: LockoutPolicy) {
    const lockout = lockoutOnFailure('accounts', policy);
    return ctx.db
      .updateTable('accounts')
      .set(lockout.set)
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .where(lockout.notLocked)
      .returning(['failedSignIns', 'lockedUntil', 'lockouts'])
      .returning(lockout.justLocked)
      .executeTakeFirst();
  },

  recordSuccess(ctx: RequestContext, customerId: string, newPasswordHash: string | null) {
    return ctx.db
      .updateTable('accounts')
      .set({
        failedSignIns: 0,
        lastSignInAt: sql`now()`,
        updatedAt: sql`now()`,
        ...(newPasswordHash ? { passwordHash: newPasswordHash } : {}),
      })
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .execute();
  },

  /** Ends a lock and its failure count (admin unlock, or a password reset proving ownership). */
  async unlock(ctx: RequestContext, customerId: string) {
    const result = await ctx.db
      .updateTable('accounts')
      .set({ failedSignIns: 0, lockedUntil: null, updatedAt: sql`now()` })
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .returning(sql<boolean>`true`.as('ok'))
      .executeTakeFirst();
    return result !== undefined;
  },

  setPassword(ctx: RequestContext, customerId: string, passwordHash: string, verifiedEmail: boolean) {
    return ctx.db
      .updateTable('accounts')
      .set({
        passwordHash,
        passwordChangedAt: sql`now()`,
        updatedAt: sql`now()`,
        ...(verifiedEmail ? { emailVerifiedAt: sql`coalesce(accounts.email_verified_at, now())` } : {}),
      })
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .execute();
  },

  setDisabledReason(ctx: RequestContext, customerId: string, reason: string | null) {
    return ctx.db
      .updateTable('accounts')
      .set({ disabledReason: reason, updatedAt: sql`now()` })
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .execute();
  },

  setUsername(ctx: RequestContext, customerId: string, username: string) {
    return ctx.db
      .updateTable('accounts')
      .set({ username, updatedAt: sql`now()` })
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .execute();
  },

  markEmailVerified(ctx: RequestContext, customerId: string) {
    return ctx.db
      .updateTable('accounts')
      .set({ emailVerifiedAt: sql`now()`, updatedAt: sql`now()` })
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .execute();
  },

  // Sessions

  insertSession(
    ctx: RequestContext,
    session: {
      id: string;
      customerId: string;
      siteId: string;
      tokenHash: string;
      idleExpiresAt: Date;
      expiresAt: Date;
    },
  ) {
    return ctx.db
      .insertInto('shopperSessions')
      .values({ ...session, tenantId: ctx.tenantId })
      .execute();
  },

  /** A live session by token digest, with what every storefront request checks. */
  findSession(ctx: RequestContext, tokenHash: string) {
    return ctx.db
      .selectFrom('shopperSessions')
      .innerJoin('accounts', (join) =>
        join
          .onRef('accounts.tenantId', '=', 'shopperSessions.tenantId')
          .onRef('accounts.customerId', '=', 'shopperSessions.customerId'),
      )
      .innerJoin('customers', (join) =>
        join
          .onRef('customers.tenantId', '=', 'accounts.tenantId')
          .onRef('customers.id', '=', 'accounts.customerId'),
      )
      .select([
        'shopperSessions.id',
        'shopperSessions.customerId',
        'shopperSessions.lastSeenAt',
        'shopperSessions.idleExpiresAt',
        'shopperSessions.expiresAt',
        'accounts.customerSetId',
        'customers.enabled',
      ])
      .where('shopperSessions.tenantId', '=', ctx.tenantId)
      .where('shopperSessions.tokenHash', '=', tokenHash)
      .executeTakeFirst();
  },

  touchSession(ctx: RequestContext, id: string, idleExpiresAt: Date) {
    return ctx.db
      .updateTable('shopperSessions')
      .set({ lastSeenAt: new Date(), idleExpiresAt })
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .execute();
  },

  deleteSessionByHash(ctx: RequestContext, tokenHash: string) {
    return ctx.db
      .deleteFrom('shopperSessions')
      .where('tenantId', '=', ctx.tenantId)
      .where('tokenHash', '=', tokenHash)
      .execute();
  },

  /** Ends every session of the customer, or every one but `keepId`. */
  async deleteSessions(ctx: RequestContext, customerId: string, keepId: string | null = null) {
    let query = ctx.db
      .deleteFrom('shopperSessions')
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId);
    if (keepId) query = query.where('id', '<>', keepId);
    const result = await query.executeTakeFirst();
    return Number(result.numDeletedRows);
  },

  /** Sessions that ran out are removed when their owner next signs in. */
  deleteExpiredSessions(ctx: RequestContext, customerId: string) {
    return ctx.db
      .deleteFrom('shopperSessions')
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .where((eb) =>
        eb.or([eb('expiresAt', '<=', sql<Date>`now()`), eb('idleExpiresAt', '<=', sql<Date>`now()`)]),
      )
      .execute();
  },

  listSessions(ctx: RequestContext, customerId: string) {
    return ctx.db
      .selectFrom('shopperSessions')
      .select(['id', 'siteId', 'createdAt', 'lastSeenAt', 'expiresAt'])
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .orderBy('id')
      .execute();
  },

  /** What the owner's data export shows of the account: never the password hash. */
  exportRecord(ctx: RequestContext, customerId: string) {
    return ctx.db
      .selectFrom('accounts')
      .select(['username', 'createdAt', 'lastSignInAt', 'passwordChangedAt', 'emailVerifiedAt'])
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .executeTakeFirst();
  },

  /** The new address an email change waits on: the one live confirmation link's (older ones are retired). */
  async pendingEmail(ctx: RequestContext, customerId: string) {
    const row = await ctx.db
      .selectFrom('accountTokens')
      .select('newEmail')
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .where('purpose', '=', 'verify_email')
      .where('usedAt', 'is', null)
      .where('expiresAt', '>', sql<Date>`now()`)
      .orderBy('createdAt', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.newEmail ?? null;
  },

  // One-time tokens (reset, invite, email confirmation)

  insertToken(
    ctx: RequestContext,
    token: {
      id: string;
      customerId: string;
      purpose: AccountTokenPurpose;
      tokenHash: string;
      expiresAt: Date;
      newEmail?: string | null;
    },
  ) {
    return ctx.db
      .insertInto('accountTokens')
      .values({ ...token, tenantId: ctx.tenantId })
      .execute();
  },

  /**
   * Uses a token once: the update only matches an unused, unexpired token, so two requests
   * racing with the same link cannot both succeed.
   */
  consumeToken(ctx: RequestContext, tokenHash: string, purposes: readonly AccountTokenPurpose[]) {
    return ctx.db
      .updateTable('accountTokens')
      .set({ usedAt: sql`now()` })
      .where('tenantId', '=', ctx.tenantId)
      .where('tokenHash', '=', tokenHash)
      .where('purpose', 'in', purposes)
      .where('usedAt', 'is', null)
      .where('expiresAt', '>', sql<Date>`now()`)
      .returning(['customerId', 'purpose', 'newEmail'])
      .executeTakeFirst();
  },

  /** Unused tokens of a purpose stop working when a newer one is issued or the password changes. */
  retireTokens(ctx: RequestContext, customerId: string, purposes: readonly AccountTokenPurpose[]) {
    return ctx.db
      .updateTable('accountTokens')
      .set({ usedAt: sql`now()` })
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .where('purpose', 'in', purposes)
      .where('usedAt', 'is', null)
      .execute();
  },

  /** Holds the account's row until the transaction ends: one reset request counts at a time. */
  lockAccount(ctx: RequestContext, customerId: string) {
    return ctx.db
      .selectFrom('accounts')
      .select('customerId')
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .forUpdate()
      .executeTakeFirst();
  },

  async countTokensSince(ctx: RequestContext, customerId: string, purpose: AccountTokenPurpose, since: Date) {
    const row = await ctx.db
      .selectFrom('accountTokens')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .where('purpose', '=', purpose)
      .where('createdAt', '>', since)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },
};
