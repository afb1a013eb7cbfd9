import type { Database } from '../db/database.js';
import type { AdminRole } from '../db/types.js';

/** Who is acting. */
export type Actor =
  | { type: 'admin'; id: string; role: AdminRole }
  | { type: 'apiKey'; id: string; role: AdminRole }
  | { type: 'system'; id: 'system'; role: 'owner' }
  /** A signed-in shopper on the storefront API: no admin role at all. */
  | { type: 'shopper'; id: string; role: null }
  /** The storefront API before sign-in (register, sign-in, password reset): only the site is known. */
  | { type: 'storefront'; id: string; role: null };

/**
 * What every service and repository call takes first: the database (or the open transaction),
 * the tenant every query is scoped to, and the actor. The tenant always comes from the
 * authenticated principal, never from a request body.
 */
export interface RequestContext {
  db: Database;
  tenantId: string;
  actor: Actor;
}

export const systemContext = (db: Database, tenantId: string): RequestContext => ({
  db,
  tenantId,
  actor: { type: 'system', id: 'system', role: 'owner' },
});

/** Runs `work` in a transaction, joining the caller's when there already is one. */
export async function inTransaction<T>(
  ctx: RequestContext,
  work: (trx: RequestContext) => Promise<T>,
): Promise<T> {
  if (ctx.db.isTransaction) return work(ctx);
  return ctx.db.transaction().execute((trx) => work({ ...ctx, db: trx }));
}

const rank: Record<AdminRole, number> = { viewer: 0, support: 1, admin: 2, owner: 3 };

/** True when `role` is at least `required` (owner > admin > support > viewer). */
export const hasRole = (role: AdminRole | null, required: AdminRole) =>
  role !== null && rank[role] >= rank[required];

/**
 * A field of a write whose change needs a higher role than the route's own, because another
 * route changes the same state under that role. Stated in the OpenAPI document
 * (`x-field-roles`) and enforced by the service that owns the field.
 */
export interface FieldRoleRule {
  role: AdminRole;
  /** When the rule applies, in words for the API reference. */
  when: string;
}
