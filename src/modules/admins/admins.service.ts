import type { Database } from '../../db/database.js';
import type { AdminRole } from '../../db/types.js';
import { type Actor, hasRole, inTransaction, type RequestContext, systemContext } from '../../lib/context.js';
import { FieldErrors } from '../../lib/errors.js';
import { hashToken, newId, newToken } from '../../lib/ids.js';
import type { LockoutPolicy } from '../../lib/lockout.js';
import { countSignIn, lockouts } from '../../lib/metrics.js';
import { passwordProblem } from '../../lib/password-policy.js';
import { hashPassword, verifyDummyPassword, verifyPassword } from '../../lib/passwords.js';
import { TtlCache } from '../../lib/ttl-cache.js';
import { recordChange } from '../events/events.service.js';
import { fieldChanges } from '../events/field-changes.js';
import { siteSettings } from '../tenants/tenants.schemas.js';
import { adminErrors } from './admins.errors.js';
import { adminsRepository } from './admins.repository.js';

export const API_KEY_PREFIX = 'clt_';
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface SignedIn {
  token: string;
  expiresAt: Date;
  user: { id: string; tenantId: string; email: string; name: string | null; role: AdminRole };
}

/**
 * Admins lock out by the default policy of a site (DESIGN.md §5: 5 failures, then 15 minutes
 * doubling to 24 hours); admins belong to no site whose settings could change it.
 */
const ADMIN_LOCKOUT: LockoutPolicy = siteSettings({}).lockout;

/**
 * Signs an admin in. Every failure (unknown email, wrong password, locked, disabled) is the
 * same error after the same argon2 work, so neither the answer nor its timing tells which.
 * Wrong passwords count toward the doubling lockout; while locked even the right password fails.
 */
export async function signIn(
  db: Database,
  email: string,
  password: string,
  ttlHours: number,
): Promise<SignedIn> {
  const admin = await adminsRepository.findByEmailForSignIn(db, email);
  if (!admin) {
    await verifyDummyPassword(password);
    countSignIn('admin', 'failure');
    throw adminErrors.badCredentials();
  }
  const correct = await verifyPassword(admin.passwordHash, password);
  const ctx: RequestContext = {
    db,
    tenantId: admin.tenantId,
    actor: { type: 'admin', id: admin.id, role: admin.role },
  };
  if (admin.locked || admin.disabled) {
    countSignIn('admin', 'failure');
    throw adminErrors.badCredentials();
  }
  if (!correct) {
    // One statement, no transaction: the failure path must cost about what the unknown-email path does.
    const result = await adminsRepository.recordFailure(ctx, admin.id, ADMIN_LOCKOUT);
    countSignIn('admin', 'failure');
    if (result?.justLocked) lockouts.inc({ actor: 'admin' });
    throw adminErrors.badCredentials();
  }
  const token = newToken();
  const expiresAt = new Date(Date.now() + ttlHours * 3600_000);
  await adminsRepository.insertSession(ctx, {
    id: newId(),
    adminUserId: admin.id,
    tokenHash: hashToken(token),
    expiresAt,
  });
  await adminsRepository.recordSignIn(ctx, admin.id);
  // Nothing else removes sessions that ran out; each sign-in sweeps the admin's own.
  await adminsRepository.deleteExpiredSessions(ctx, admin.id, new Date());
  countSignIn('admin', 'success');
  return {
    token,
    expiresAt,
    user: { id: admin.id, tenantId: admin.tenantId, email: admin.email, name: admin.name, role: admin.role },
  };
}

export async function signOut(db: Database, token: string) {
  const digest = hashToken(token);
  verified.delete(digest);
  await adminsRepository.deleteSessionByHash(db, digest);
}

type Principal = { tenantId: string; actor: Actor };

/**
 * Credentials verified in the last moments, by digest. Every API call is authenticated; this
 * saves the second query per request (docs/benchmarks.md). Sign-out and revocation clear it in
 * this process at once; another process may accept a revoked credential for VERIFIED_TTL_MS more.
 */
const VERIFIED_TTL_MS = 2_000;
const verified = new TtlCache<string, Principal>({ ttlMs: VERIFIED_TTL_MS, max: 10_000 });

/**
 * Resolves a Bearer credential — an admin session token or a `clt_` API key — to the tenant
 * and actor it speaks for, or null when it is unknown, expired, revoked or disabled.
 */
export async function authenticate(db: Database, credential: string): Promise<Principal | null> {
  const digest = hashToken(credential);
  const hit = verified.get(digest);
  if (hit) return hit;
  if (credential.startsWith(API_KEY_PREFIX)) {
    const key = await adminsRepository.findApiKeyByHash(db, digest);
    if (!key || key.revokedAt) return null;
    // Recording every use would make each API call a write; once a minute is enough to audit.
    if (!key.lastUsedAt || Date.now() - key.lastUsedAt.getTime() > 60_000) {
      await adminsRepository.touchApiKey(db, key.tenantId, key.id);
    }
    const principal: Principal = {
      tenantId: key.tenantId,
      actor: { type: 'apiKey', id: key.id, role: key.role },
    };
    verified.set(digest, principal);
    return principal;
  }
  const session = await adminsRepository.findSessionByHash(db, digest);
  if (!session || session.disabled || session.expiresAt.getTime() <= Date.now()) return null;
  const principal: Principal = {
    tenantId: session.tenantId,
    actor: { type: 'admin', id: session.adminUserId, role: session.role },
  };
  verified.set(digest, principal, session.expiresAt.getTime());
  return principal;
}

export function requireRole(ctx: RequestContext, required: AdminRole) {
  if (!hasRole(ctx.actor.role, required)) throw adminErrors.forbidden(required);
}

export interface NewAdminInput {
  email: string;
  name?: string | null;
  role: AdminRole;
  password: string;
}

function checkNewAdmin(input: NewAdminInput) {
  const errors = new FieldErrors();
  if (!EMAIL.test(input.email) || input.email.length > 254)
    errors.add('/email', 'must be a valid email address');
  const weak = passwordProblem(input.password);
  if (weak) errors.add('/password', weak);
  errors.throwIfAny();
}

/** Creates an admin user in the caller's tenant. Nobody can grant a role above their own. */
export async function createAdmin(ctx: RequestContext, input: NewAdminInput) {
  checkNewAdmin(input);
  if (!hasRole(ctx.actor.role, input.role)) throw adminErrors.roleTooHigh();
  if (await adminsRepository.emailExists(ctx.db, input.email)) throw adminErrors.emailTaken();
  const passwordHash = await hashPassword(input.password);
  return inTransaction(ctx, async (trx) => {
    const admin = await adminsRepository.insertAdmin(trx, {
      id: newId(),
      email: input.email.trim(),
      name: input.name ?? null,
      role: input.role,
      passwordHash,
    });
    await recordAdminChange(trx, 'adminUser.created', admin.id, {
      changes: fieldChanges(null, admin, ['email', 'name', 'role']),
    });
    return admin;
  });
}

/** An admin user's entry in the audit log; never their password or its hash. */
const recordAdminChange = (ctx: RequestContext, action: `adminUser.${string}`, id: string, data = {}) =>
  recordChange(ctx, { action, subjectType: 'adminUser', subjectId: id, data });

export const listAdmins = (ctx: RequestContext) => adminsRepository.listAdmins(ctx);

export async function getAdmin(ctx: RequestContext, id: string) {
  const admin = await adminsRepository.findAdmin(ctx, id);
  if (!admin) throw adminErrors.notFound();
  return admin;
}

export const countAdmins = (db: Database) => adminsRepository.countAdmins(db);

/**
 * The context of an admin user's tenant, found by email (the CLI names admins by email alone),
 * carrying the command's request id.
 */
export async function adminByEmail(db: Database, email: string, requestId?: string) {
  const found = await adminsRepository.findIdByEmail(db, email.trim());
  if (!found) throw adminErrors.notFound();
  return { ctx: systemContext(db, found.tenantId, requestId), id: found.id };
}

/** Ends an admin's lockout now and resets the failure count (the lockouts so far still count). */
export async function unlockAdmin(ctx: RequestContext, id: string) {
  await inTransaction(ctx, async (trx) => {
    if (!(await adminsRepository.update(trx, id, { failedSignIns: 0, lockedUntil: null })))
      throw adminErrors.notFound();
    await recordAdminChange(trx, 'adminUser.unlocked', id);
  });
  return getAdmin(ctx, id);
}

/**
 * Gives an admin a new password chosen for them: ends their sessions everywhere and any lock,
 * since whoever held the old password (or guessed at it) must not stay signed in.
 */
export async function setAdminPassword(ctx: RequestContext, id: string, password: string) {
  const weak = passwordProblem(password);
  if (weak) {
    const errors = new FieldErrors();
    errors.add('/password', weak);
    errors.throwIfAny();
  }
  const passwordHash = await hashPassword(password);
  await inTransaction(ctx, async (trx) => {
    if (!(await adminsRepository.update(trx, id, { passwordHash, failedSignIns: 0, lockedUntil: null })))
      throw adminErrors.notFound();
    await adminsRepository.deleteSessions(trx, id);
    await recordAdminChange(trx, 'adminUser.password_set', id);
  });
  forgetVerified();
}

/**
 * Disables (or enables again) an admin user. Disabling ends their sessions at once. Nobody
 * disables themselves: the last owner could otherwise lock the tenant out of its own admin.
 */
export async function setAdminDisabled(ctx: RequestContext, id: string, disabled: boolean) {
  if (disabled && ctx.actor.type === 'admin' && ctx.actor.id === id) throw adminErrors.cannotDisableSelf();
  await inTransaction(ctx, async (trx) => {
    if (!(await adminsRepository.update(trx, id, { disabled }))) throw adminErrors.notFound();
    if (disabled) await adminsRepository.deleteSessions(trx, id);
    await recordAdminChange(trx, disabled ? 'adminUser.disabled' : 'adminUser.enabled', id);
  });
  if (disabled) forgetVerified();
  return getAdmin(ctx, id);
}

/** Creates an API key; the secret is returned once and only its digest is kept. */
export async function createApiKey(ctx: RequestContext, input: { name: string; role: AdminRole }) {
  if (!hasRole(ctx.actor.role, input.role)) throw adminErrors.roleTooHigh();
  const secret = `${API_KEY_PREFIX}${newToken()}`;
  const key = await inTransaction(ctx, async (trx) => {
    const key = await adminsRepository.insertApiKey(trx, {
      id: newId(),
      name: input.name,
      role: input.role,
      keyPrefix: secret.slice(0, 10),
      keyHash: hashToken(secret),
      createdBy: ctx.actor.type === 'admin' ? ctx.actor.id : null,
    });
    // The name and role only: never the key or its digest.
    await recordChange(trx, {
      action: 'apiKey.created',
      subjectType: 'apiKey',
      subjectId: key.id,
      data: { changes: fieldChanges(null, input, ['name', 'role']) },
    });
    return key;
  });
  return { ...key, key: secret };
}

export const listApiKeys = (ctx: RequestContext) => adminsRepository.listApiKeys(ctx);

export async function revokeApiKey(ctx: RequestContext, id: string) {
  await inTransaction(ctx, async (trx) => {
    if (!(await adminsRepository.revokeApiKey(trx, id))) throw adminErrors.apiKeyNotFound();
    await recordChange(trx, { action: 'apiKey.revoked', subjectType: 'apiKey', subjectId: id });
  });
  forgetVerified();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The key actorNames answers under: an actor's type and id. */
export const actorKey = (actor: { type: string; id: string }) => `${actor.type}:${actor.id}`;

/**
 * What staff see as the author of something an actor did (a note, a timeline entry): an admin
 * user's name, else their email; an API key's name; `System` for the CLI and the worker. Keyed
 * by actorKey; an admin user or key that no longer exists is absent. Two queries at most, for
 * a whole page of authors.
 */
export async function actorNames(
  ctx: RequestContext,
  actors: readonly { type: string; id: string }[],
): Promise<Map<string, string>> {
  const idsOf = (type: string) => [
    ...new Set(actors.filter((a) => a.type === type && UUID.test(a.id)).map((a) => a.id)),
  ];
  const [adminIds, keyIds] = [idsOf('admin'), idsOf('apiKey')];
  const [admins, keys] = await Promise.all([
    adminIds.length > 0 ? adminsRepository.adminNames(ctx, adminIds) : [],
    keyIds.length > 0 ? adminsRepository.apiKeyNames(ctx, keyIds) : [],
  ]);
  const names = new Map<string, string>();
  for (const a of admins) names.set(actorKey({ type: 'admin', id: a.id }), a.name?.trim() || a.email);
  for (const k of keys) names.set(actorKey({ type: 'apiKey', id: k.id }), k.name);
  if (actors.some((a) => a.type === 'system'))
    names.set(actorKey({ type: 'system', id: 'system' }), 'System');
  return names;
}

/** Entries (of the timeline or the audit log) with their actors' names, two queries for a page. */
export async function withActorNames<T extends { actor: { type: string; id: string } }>(
  ctx: RequestContext,
  entries: T[],
): Promise<T[]> {
  const names = await actorNames(
    ctx,
    entries.map((e) => e.actor),
  );
  return entries.map((e) => {
    const name = names.get(actorKey(e.actor));
    return name === undefined ? e : { ...e, actor: { ...e.actor, name } };
  });
}

/** Only an id is known when a key is revoked or an admin's sessions end, not the digests: forget all. */
function forgetVerified() {
  verified.clear();
}
