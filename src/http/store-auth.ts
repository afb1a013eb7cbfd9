import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../db/database.js';
import { storefrontContext } from '../lib/context.js';
// Types only: the storefront context is the accounts module's until one RequestContext in
// src/lib carries the site (issue 11, point 3).
import type { SessionPolicy, StoreContext, StoreSite } from '../modules/accounts/accounts.service.js';

/**
 * What storefront authentication needs from the tenants and accounts modules, handed in by
 * app.ts so that this layer never imports a module's code (the lint forbids it).
 */
export interface StoreAuthenticator {
  /** The site a publishable key names (with its tenant), or null. */
  findSite(db: Database, key: string): Promise<(StoreSite & { tenantId: string }) | null>;
  /** The signed-in shopper for a session token on the context's site, or null. */
  authenticateShopper(
    ctx: StoreContext,
    token: string,
    policy: SessionPolicy,
  ): Promise<{ customerId: string; sessionId: string } | null>;
  /** The 401 for a missing or unknown publishable key. */
  unknownSite(): Error;
  /** The 401 for a shopper route without a valid session. */
  notSignedIn(): Error;
}

import { bearerToken } from './bearer.js';

export const SITE_KEY_HEADER = 'x-site-key';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Storefront route: 'site' needs only the site's publishable key (register, sign-in, reset);
     * 'shopper' also needs a signed-in shopper's session token.
     */
    store?: 'site' | 'shopper';
  }
  interface FastifyRequest {
    /** Storefront context: tenant and site from X-Site-Key; actor the shopper when signed in. */
    store: StoreContext;
    /** The signed-in shopper (on 'shopper' routes). */
    shopper: { customerId: string; sessionId: string };
  }
}

/**
 * Storefront authentication, on every route that declares `config.store`. The publishable key
 * names the site, and through it the tenant and customer set; a shopper's session only counts
 * on the sites of the customer set it was opened in.
 */
export function registerStoreAuth(
  app: FastifyInstance,
  db: Database,
  sessions: SessionPolicy,
  auth: StoreAuthenticator,
) {
  app.decorateRequest('store', null as unknown as StoreContext);
  app.decorateRequest('shopper', null as unknown as FastifyRequest['shopper']);
  app.addHook('preValidation', async (request) => {
    const mode = request.routeOptions.config.store;
    if (!mode) return;
    const key = request.headers[SITE_KEY_HEADER];
    const site = typeof key === 'string' && key.length <= 200 ? await auth.findSite(db, key) : null;
    if (!site) throw auth.unknownSite();
    const ctx: StoreContext = storefrontContext(
      { db, requestId: request.id, signal: request.abortSignal },
      site,
    );
    if (mode === 'shopper') {
      const token = bearerToken(request);
      const shopper = token ? await auth.authenticateShopper(ctx, token, sessions) : null;
      if (!shopper) throw auth.notSignedIn();
      ctx.actor = { type: 'shopper', id: shopper.customerId, role: null };
      request.shopper = shopper;
    }
    request.store = ctx;
  });
}
