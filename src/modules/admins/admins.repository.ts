import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import type { AdminRole } from '../../db/types.js';
import type { RequestContext } from '../../lib/context.js';
import { isLocked, type LockoutPolicy, lockoutOnFailure } from '../../lib/lockout.js';

const publicAdminColumns = [
  'id',
  'tenantId',
  'email',
  'name',
  'role',
  'disabled',
  'failedSignIns',
  'lockedUntil',
  'lockouts',
  'lastSignInAt',
  'createdAt',
] as const;

export const adminsRepository = {
  /** Sign-in names no tenant: admin emails are unique across the installation. */
  findByEmailForSignIn(db: Database, email: string) {
    return db
      .selectFrom('adminUsers')
      .selectAll()
      .select(isLocked('admin_users').as('locked'))
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
      .executeTakeFirst();
  },

  emailExists(db: Database, email: string) {
    return db
      .selectFrom('adminUsers')
      .select('id')
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
      .executeTakeFirst()
      .then(Boolean);
  },

  countAdmins(db: Database) {
    return db
      .selectFrom('adminUsers')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.count));
  },

  insertAdmin(
    ctx: RequestContext,
    admin: { id: string; email: string; name: string | null; role: AdminRole; passwordHash: string },
  ) {
    return ctx.db
      .insertInto('adminUsers')
      .values({ ...admin, tenantId: ctx.tenantId })
      .returning(publicAdminColumns)
      .returning(isLocked('admin_users').as('locked'))
      .executeTakeFirstOrThrow();
  },

  listAdmins(ctx: RequestContext) {
    return ctx.db
      .selectFrom('adminUsers')
      .select(publicAdminColumns)
      .select(isLocked('admin_users').as('locked'))
      .where('tenantId', '=', ctx.tenantId)
      .orderBy('email')
      .execute();
  },

  findAdmin(ctx: RequestContext, id: string) {
    return ctx.db
      .selectFrom('adminUsers')
      .select(publicAdminColumns)
      .select(isLocked('admin_users').as('locked'))
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  /** The id and tenant of an admin user by email (the CLI names admins by email alone). */
  findIdByEmail(db: Database, email: string) {
    return db
      .selectFrom('adminUsers')
      .select(['id', 'tenantId'])
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
      .executeTakeFirst();
  },

  /** A successful sign-in: resets the failure count. */
  recordSignIn(ctx: RequestContext, id: string) {
    return ctx.db
      .updateTable('adminUsers')
      .set({ lastSignInAt: sql`now()`, failedSignIns: 0 })
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .execute();
  },

  /** Counts a failed sign-in, locking on the policy's limit, in one statement (src/lib/lockout.ts). */
  recordFailure(ctx: RequestContext, id: string, policy: LockoutPolicy) {
    const lockout = lockoutOnFailure('admin_users', policy);
    return ctx.db
      .updateTable('adminUsers')
      .set(lockout.set)
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .where(lockout.notLocked)
      .returning(['failedSignIns', 'lockedUntil', 'lockouts'])
      .returning(lockout.justLocked)
      .executeTakeFirst();
  },

  /** Changes sign-in state fields (unlock, new password, disable); false when there is no such admin. */
  async update(
    ctx: RequestContext,
    id: string,
    changes: { failedSignIns?: 0; lockedUntil?: null; passwordHash?: string; disabled?: boolean },
  ) {
    const result = await ctx.db
      .updateTable('adminUsers')
      .set({ ...changes, updatedAt: sql`now()` })
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  },

  /** Ends every session of an admin (disabled, or given a new password). */
  deleteSessions(ctx: RequestContext, adminUserId: string) {
    return ctx.db
      .deleteFrom('adminSessions')
      .where('tenantId', '=', ctx.tenantId)
      .where('adminUserId', '=', adminUserId)
      .execute();
  },

  insertSession(
    ctx: RequestContext,
    session: { id: string; adminUserId: string; tokenHash: string; expiresAt: Date },
  ) {
    return ctx.db
      .insertInto('adminSessions')
      .values({ ...session, tenantId: ctx.tenantId })
      .execute();
  },

  /** Looked up by the token's digest alone: the token is what names the tenant. */
  findSessionByHash(db: Database, tokenHash: string) {
    return db
      .selectFrom('adminSessions as s')
      .innerJoin('adminUsers as u', (join) =>
        join.onRef('u.tenantId', '=', 's.tenantId').onRef('u.id', '=', 's.adminUserId'),
      )
      .select(['s.id', 's.tenantId', 's.expiresAt', 'u.id as adminUserId', 'u.role', 'u.disabled'])
      .where('s.tokenHash', '=', tokenHash)
      .executeTakeFirst();
  },

  deleteSessionByHash(db: Database, tokenHash: string) {
    return db.deleteFrom('adminSessions').where('tokenHash', '=', tokenHash).execute();
  },

  deleteExpiredSessions(ctx: RequestContext, adminUserId: string, now: Date) {
    return ctx.db
      .deleteFrom('adminSessions')
      .where('tenantId', '=', ctx.tenantId)
      .where('adminUserId', '=', adminUserId)
      .where('expiresAt', '<=', now)
      .execute();
  },

  insertApiKey(
    ctx: RequestContext,
    key: {
      id: string;
      name: string;
      role: AdminRole;
      keyPrefix: string;
      keyHash: string;
      createdBy: string | null;
    },
  ) {
    return ctx.db
      .insertInto('apiKeys')
      .values({ ...key, tenantId: ctx.tenantId })
      .returning(['id', 'name', 'role', 'keyPrefix', 'createdAt', 'lastUsedAt', 'revokedAt'])
      .executeTakeFirstOrThrow();
  },

  listApiKeys(ctx: RequestContext) {
    return ctx.db
      .selectFrom('apiKeys')
      .select(['id', 'name', 'role', 'keyPrefix', 'createdAt', 'lastUsedAt', 'revokedAt'])
      .where('tenantId', '=', ctx.tenantId)
      .orderBy('createdAt', 'desc')
      .execute();
  },

  revokeApiKey(ctx: RequestContext, id: string) {
    return ctx.db
      .updateTable('apiKeys')
      .set({ revokedAt: new Date(), updatedAt: new Date() })
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .where('revokedAt', 'is', null)
      .executeTakeFirst()
      .then((r) => Number(r.numUpdatedRows) > 0);
  },

  findApiKeyByHash(db: Database, keyHash: string) {
    return db
      .selectFrom('apiKeys')
      .select(['id', 'tenantId', 'role', 'revokedAt', 'lastUsedAt'])
      .where('keyHash', '=', keyHash)
      .executeTakeFirst();
  },

  /** Names and emails of some admin users of this tenant, by id (one query for a page of authors). */
  adminNames(ctx: RequestContext, ids: readonly string[]) {
    return ctx.db
      .selectFrom('adminUsers')
      .select(['id', 'name', 'email'])
      .where('tenantId', '=', ctx.tenantId)
      .where('id', 'in', ids)
      .execute();
  },

  /** Names of some API keys of this tenant (revoked ones too), by id. */
  apiKeyNames(ctx: RequestContext, ids: readonly string[]) {
    return ctx.db
      .selectFrom('apiKeys')
      .select(['id', 'name'])
      .where('tenantId', '=', ctx.tenantId)
      .where('id', 'in', ids)
      .execute();
  },

  touchApiKey(db: Database, tenantId: string, id: string) {
    return db
      .updateTable('apiKeys')
      .set({ lastUsedAt: new Date() })
      .where('tenantId', '=', tenantId)
      .where('id', '=', id)
      .execute();
  },
};
