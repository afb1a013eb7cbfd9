import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../db/database.js';
import { accountErrors } from '../modules/accounts/accounts.errors.js';
import {
  authenticateShopper,
  type SessionPolicy,
  type StoreContext,
} from '../modules/accounts/accounts.service.js';
import { findSiteByPublishableKey } from '../modules/tenants/tenants.service.js';
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
export function registerStoreAuth(app: FastifyInstance, db: Database, sessions: SessionPolicy) {
  app.decorateRequest('store', null as unknown as StoreContext);
  app.decorateRequest('shopper', null as unknown as FastifyRequest['shopper']);
  app.addHook('preValidation', async (request) => {
    const mode = request.routeOptions.config.store;
    if (!mode) return;
    const key = request.headers[SITE_KEY_HEADER];
    const site =
      typeof key === 'string' && key.length <= 200 ? await findSiteByPublishableKey(db, key) : null;
    if (!site) throw accountErrors.unknownSite();
    const ctx: StoreContext = {
      db,
      tenantId: site.tenantId,
      actor: { type: 'storefront', id: site.id, role: null },
      site: {
        id: site.id,
        name: site.name,
        customerSetId: site.customerSetId,
        countryCode: site.countryCode,
        settings: site.settings,
      },
    };
    if (mode === 'shopper') {
      const token = bearerToken(request);
      const shopper = token ? await authenticateShopper(ctx, token, sessions) : null;
      if (!shopper) throw accountErrors.notSignedIn();
      ctx.actor = { type: 'shopper', id: shopper.customerId, role: null };
      request.shopper = shopper;
    }
    request.store = ctx;
  });
}
