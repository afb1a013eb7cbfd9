import { sql } from 'kysely';
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
 * The site a storefront request came through, named by its publishable key. Its settings are
 * the tenants module's to type (the storefront's context narrows them, see StoreContext).
 */
export interface ContextSite {
  id: string;
  name: string;
  customerSetId: string;
  countryCode: string | null;
  settings: Readonly<Record<string, unknown>>;
}

/**
 * What every service and repository call takes first, from the admin API, the storefront API,
 * the CLI and the worker alike: the database (or the open transaction), the tenant every query
 * is scoped to, the actor, the site when the request came through one, and the request id
 * when there is a request (log lines and events can name it). The tenant always comes from
 * the authenticated principal or the site key, never from a request body.
 */
export interface RequestContext {
  db: Database;
  tenantId: string;
  actor: Actor;
  site?: ContextSite;
  requestId?: string;
  /** Aborted when the request's client goes away: long reads cancel their statement (#12). */
  signal?: AbortSignal;
  /**
   * A read-only database (a streaming replica, DATABASE_REPLICA_URL) for the plain reads of this
   * request: set by the HTTP layer on a GET or HEAD when the principal has not written within
   * CLIENTELE_READ_YOUR_WRITES_MS (src/http/replica.ts). Only the functions that call readDb or
   * forReading use it; everything else, and every write, stays on `db`.
   */
  reader?: Database;
}

/**
 * The database a plain read (a list, a search, one record) runs on: the request's replica when it
 * has one, except inside a transaction, whose reads must see its own writes and its snapshot.
 */
export const readDb = (ctx: RequestContext): Database =>
  ctx.reader && !ctx.db.isTransaction ? ctx.reader : ctx.db;

/**
 * The context for a read function's own queries: its `db` is readDb(ctx). Only for functions that
 * write nothing (a replica refuses writes, so a mistake fails loudly rather than silently).
 */
export function forReading<C extends RequestContext>(ctx: C): C {
  const db = readDb(ctx);
  return db === ctx.db ? ctx : { ...ctx, db };
}

/**
 * The context of the CLI and the worker, acting as the tenant's owner. `requestId` names the
 * CLI command's or the job's run (src/lib/ids.ts newRequestId), as a request id names a request.
 */
export const systemContext = (db: Database, tenantId: string, requestId?: string): RequestContext => ({
  db,
  tenantId,
  actor: { type: 'system', id: 'system', role: 'owner' },
  ...(requestId ? { requestId } : {}),
});

/**
 * Runs `work` in a transaction, joining the caller's when there already is one. The work gets
 * the caller's whole context (a storefront's site, the request id) with the transaction's db.
 */
export async function inTransaction<C extends RequestContext, T>(
  ctx: C,
  work: (trx: C) => Promise<T>,
): Promise<T> {
  if (ctx.db.isTransaction) return work(ctx);
  return ctx.db.transaction().execute((db) => work({ ...ctx, db }));
}

/**
 * Runs `work` inside a savepoint of the open transaction `trx`: when it throws, only its own
 * writes are undone and the transaction goes on (PostgreSQL aborts a whole transaction at its
 * first error otherwise). Bulk actions use it so one refused customer does not undo its batch.
 */
export async function inSavepoint<C extends RequestContext, T>(
  trx: C,
  work: (trx: C) => Promise<T>,
): Promise<T> {
  await sql`savepoint clientele_item`.execute(trx.db);
  try {
    const result = await work(trx);
    await sql`release savepoint clientele_item`.execute(trx.db);
    return result;
  } catch (error) {
    await sql`rollback to savepoint clientele_item`.execute(trx.db);
    throw error;
  }
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

/**
 * The storefront's context for a site its publishable key named: the tenant is the site's, the
 * actor the site itself (before a shopper signs in), and the site's own fields, nothing more.
 */
export function storefrontContext<S extends ContextSite>(
  base: Omit<RequestContext, 'tenantId' | 'actor' | 'site'>,
  site: S & { tenantId: string },
): RequestContext & { site: S } {
  return {
    ...base,
    tenantId: site.tenantId,
    actor: { type: 'storefront', id: site.id, role: null },
    site: {
      id: site.id,
      name: site.name,
      customerSetId: site.customerSetId,
      countryCode: site.countryCode,
      settings: site.settings,
    } as S,
  };
}
