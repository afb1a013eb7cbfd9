import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../db/database.js';
import type { AdminRole } from '../db/types.js';
import type { Actor, FieldRoleRule, RequestContext } from '../lib/context.js';

/**
 * What admin authentication needs from the admins module, handed in by app.ts so that this
 * layer never imports a module (the lint forbids it).
 */
export interface AdminAuthenticator {
  /** The tenant and actor a session token or API key stands for, or null when it is not valid. */
  authenticate(db: Database, credential: string): Promise<{ tenantId: string; actor: Actor } | null>;
  /** Throws the module's 403 when the context's role is below `role`. */
  requireRole(ctx: RequestContext, role: AdminRole): void;
  /** The 401 for a missing or invalid credential. */
  unauthenticated(): Error;
  /** The 403 for a cookie-authenticated write from another origin. */
  crossOrigin(): Error;
}

import { bearerToken } from './bearer.js';

export const ADMIN_COOKIE = 'clientele_admin';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Least admin role the route needs; 'public' for sign-in and health. Absent means not an admin route. */
    role?: AdminRole | 'public';
    /**
     * Body fields that need a higher role than `role` (enforced by the service that owns them;
     * stated in OpenAPI as `x-field-roles`).
     */
    fieldRoles?: Record<string, FieldRoleRule>;
  }
  interface FastifyRequest {
    ctx: RequestContext;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * True when a browser sent this request from a page of another site. SameSite=Strict keeps the
 * cookie off most such requests, but not all (a sibling subdomain is "same-site"; older
 * browsers; a navigation after a redirect), so a write the cookie authenticates is refused
 * unless it comes from the app's own origin. `Sec-Fetch-Site` is the browser's own verdict;
 * `Origin` is compared by host, since a proxy in front may speak HTTPS to the browser and HTTP
 * to us. A request with neither header is not from a browser page, and a Bearer credential
 * is never sent by a browser on its own, so neither needs the check.
 */
function crossOrigin(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return true;
  const origin = request.headers.origin;
  if (origin === undefined) return false;
  try {
    return new URL(origin).host !== request.headers.host;
  } catch {
    // `Origin: null` (a sandboxed frame, a data: page) and anything unparsable are foreign.
    return true;
  }
}

function credentialOf(request: FastifyRequest): string | null {
  // A request that sends an Authorization header is judged by it alone, never by the cookie.
  if (request.headers.authorization) return bearerToken(request);
  return request.cookies[ADMIN_COOKIE] ?? null;
}

/**
 * Admin authentication and authorisation, enforced on every route that declares a role.
 * The tenant of the request comes only from the credential.
 */
export function registerAdminAuth(app: FastifyInstance, db: Database, admins: AdminAuthenticator) {
  app.decorateRequest('ctx', null as unknown as RequestContext);
  app.addHook('preValidation', async (request) => {
    const role = request.routeOptions.config.role;
    if (!role || role === 'public') return;
    const credential = credentialOf(request);
    if (
      credential &&
      !request.headers.authorization &&
      !SAFE_METHODS.has(request.method) &&
      crossOrigin(request)
    )
      throw admins.crossOrigin();
    const principal = credential ? await admins.authenticate(db, credential) : null;
    if (!principal) throw admins.unauthenticated();
    request.ctx = {
      db,
      tenantId: principal.tenantId,
      actor: principal.actor,
      requestId: request.id,
      signal: request.abortSignal,
    };
    admins.requireRole(request.ctx, role);
  });
}

export const credentialFromRequest = credentialOf;
