import type { RequestContext } from '../../lib/context.js';

/** The sign-in account, its sessions and its emailed links, for the data export and erasure. */
export const accountDataRepository = {
  /** Never the password hash. */
  account(ctx: RequestContext, customerId: string) {
    return ctx.db
      .selectFrom('accounts')
      .select([
        'customerSetId',
        'username',
        'failedSignIns',
        'lockedUntil',
        'lockouts',
        'disabledReason',
        'lastSignInAt',
        'passwordChangedAt',
        'emailVerifiedAt',
        'createdAt',
        'updatedAt',
      ])
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .executeTakeFirst();
  },

  /** Never the token digests. */
  sessions(ctx: RequestContext, customerId: string) {
    return ctx.db
      .selectFrom('shopperSessions')
      .select(['id', 'siteId', 'createdAt', 'lastSeenAt', 'idleExpiresAt', 'expiresAt'])
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .orderBy('id')
      .execute();
  },

  links(ctx: RequestContext, customerId: string) {
    return ctx.db
      .selectFrom('accountTokens')
      .select(['id', 'purpose', 'newEmail', 'createdAt', 'expiresAt', 'usedAt'])
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .orderBy('createdAt')
      .orderBy('id')
      .execute();
  },

  /** Links and sessions first so each count is its own (the account's delete would cascade to them). */
  async deleteAll(ctx: RequestContext, customerId: string) {
    const links = await ctx.db
      .deleteFrom('accountTokens')
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .executeTakeFirst();
    const sessions = await ctx.db
      .deleteFrom('shopperSessions')
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .executeTakeFirst();
    const accounts = await ctx.db
      .deleteFrom('accounts')
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .executeTakeFirst();
    return {
      accounts: Number(accounts.numDeletedRows),
      shopper_sessions: Number(sessions.numDeletedRows),
      account_tokens: Number(links.numDeletedRows),
    };
  },
};
