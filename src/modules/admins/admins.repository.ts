import type { Database } from '../../db/database.js';
import type { AdminRole } from '../../db/types.js';
import type { RequestContext } from '../../lib/context.js';

const publicAdminColumns = [
  'id',
  'tenantId',
  'email',
  'name',
  'role',
  'disabled',
  'lastSignInAt',
  'createdAt',
] as const;

export const adminsRepository = {
  /** Sign-in names no tenant: admin emails are unique across the installation. */
  findByEmailForSignIn(db: Database, email: string) {
    return db
      .selectFrom('adminUsers')
      .selectAll()
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
      .executeTakeFirstOrThrow();
  },

  listAdmins(ctx: RequestContext) {
    return ctx.db
      .selectFrom('adminUsers')
      .select(publicAdminColumns)
      .where('tenantId', '=', ctx.tenantId)
      .orderBy('email')
      .execute();
  },

  findAdmin(ctx: RequestContext, id: string) {
    return ctx.db
      .selectFrom('adminUsers')
      .select(publicAdminColumns)
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  touchSignIn(ctx: RequestContext, id: string) {
    return ctx.db
      .updateTable('adminUsers')
      .set({ lastSignInAt: new Date() })
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
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

  touchApiKey(db: Database, tenantId: string, id: string) {
    return db
      .updateTable('apiKeys')
      .set({ lastUsedAt: new Date() })
      .where('tenantId', '=', tenantId)
      .where('id', '=', id)
      .execute();
  },
};
