import type { Database } from '../../db/database.js';
import type { RequestContext } from '../../lib/context.js';

/** Tenants themselves are looked up before there is a tenant context, so those take `db`. */
export const tenantsRepository = {
  findTenantBySlug(db: Database, slug: string) {
    return db.selectFrom('tenants').selectAll().where('slug', '=', slug).executeTakeFirst();
  },

  insertTenant(db: Database, tenant: { id: string; slug: string; name: string }) {
    return db.insertInto('tenants').values(tenant).returningAll().executeTakeFirstOrThrow();
  },

  findTenant(ctx: RequestContext) {
    return ctx.db.selectFrom('tenants').selectAll().where('id', '=', ctx.tenantId).executeTakeFirstOrThrow();
  },

  insertCustomerSet(
    ctx: RequestContext,
    set: { id: string; code: string; name: string; isDefault: boolean },
  ) {
    return ctx.db
      .insertInto('customerSets')
      .values({ ...set, tenantId: ctx.tenantId })
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  defaultCustomerSet(ctx: RequestContext) {
    return ctx.db
      .selectFrom('customerSets')
      .selectAll()
      .where('tenantId', '=', ctx.tenantId)
      .where('isDefault', '=', true)
      .executeTakeFirstOrThrow();
  },

  findCustomerSet(ctx: RequestContext, id: string) {
    return ctx.db
      .selectFrom('customerSets')
      .selectAll()
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  insertSite(
    ctx: RequestContext,
    site: {
      id: string;
      customerSetId: string;
      code: string;
      name: string;
      defaultCurrency: string;
      countryCode: string | null;
      publishableKey: string;
    },
  ) {
    return ctx.db
      .insertInto('sites')
      .values({ ...site, tenantId: ctx.tenantId })
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  listSites(ctx: RequestContext) {
    return ctx.db
      .selectFrom('sites')
      .selectAll()
      .where('tenantId', '=', ctx.tenantId)
      .orderBy('code')
      .execute();
  },

  findSite(ctx: RequestContext, id: string) {
    return ctx.db
      .selectFrom('sites')
      .selectAll()
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
  },
};
