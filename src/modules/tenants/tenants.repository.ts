import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import type { RequestContext } from '../../lib/context.js';

export interface SiteChanges {
  name?: string;
  customerSetId?: string;
  defaultCurrency?: string;
  countryCode?: string | null;
  /** The settings the tenant chose (a sparse object; defaults fill the rest on read). */
  settings?: Record<string, unknown>;
  publishableKey?: string;
}

/** Tenants themselves are looked up before there is a tenant context, so those take `db`. */
export const tenantsRepository = {
  findTenantBySlug(db: Database, slug: string) {
    return db.selectFrom('tenants').selectAll().where('slug', '=', slug).executeTakeFirst();
  },

  insertTenant(db: Database, tenant: { id: string; slug: string; name: string; reportingCurrency: string }) {
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

  findCustomerSetByCode(ctx: RequestContext, code: string) {
    return ctx.db
      .selectFrom('customerSets')
      .selectAll()
      .where('tenantId', '=', ctx.tenantId)
      .where('code', '=', code)
      .executeTakeFirst();
  },

  /** Customer sets with the ids of their sites, in one query (a tenant has few sites). */
  listCustomerSetsWithSites(ctx: RequestContext, id?: string) {
    let query = ctx.db
      .selectFrom('customerSets')
      .selectAll()
      .select(
        sql<
          string[]
        >`array(select s.id::text from sites s where s.tenant_id = customer_sets.tenant_id and s.customer_set_id = customer_sets.id order by s.code)`.as(
          'siteIds',
        ),
      )
      .where('tenantId', '=', ctx.tenantId);
    if (id !== undefined) query = query.where('id', '=', id);
    return query.orderBy('isDefault', 'desc').orderBy('code').execute();
  },

  updateCustomerSet(ctx: RequestContext, id: string, changes: { name: string }) {
    return ctx.db
      .updateTable('customerSets')
      .set({ ...changes, updatedAt: sql`now()` })
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .returning('id')
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
      settings?: Record<string, unknown>;
    },
  ) {
    const { settings, ...columns } = site;
    return ctx.db
      .insertInto('sites')
      .values({ ...columns, settings: JSON.stringify(settings ?? {}), tenantId: ctx.tenantId })
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

  findSite(ctx: RequestContext, id: string, options: { forUpdate?: boolean } = {}) {
    const query = ctx.db
      .selectFrom('sites')
      .selectAll()
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id);
    // Read-merge-write of the settings: the row lock keeps two concurrent patches from losing one.
    return (options.forUpdate ? query.forUpdate() : query).executeTakeFirst();
  },

  findSiteSettings(ctx: RequestContext, id: string) {
    return ctx.db
      .selectFrom('sites')
      .select('settings')
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  updateSite(ctx: RequestContext, id: string, changes: SiteChanges) {
    const { settings, ...columns } = changes;
    return ctx.db
      .updateTable('sites')
      .set({
        ...columns,
        ...(settings ? { settings: JSON.stringify(settings) } : {}),
        updatedAt: sql`now()`,
      })
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  },

  /** The storefront's lookup, before any tenant is known: the unique index on publishable_key. */
  findSiteByPublishableKey(db: Database, key: string) {
    return db.selectFrom('sites').selectAll().where('publishableKey', '=', key).executeTakeFirst();
  },
};

/** The tenant's own settings: columns of the tenants row. */
export const tenantSettingsRepository = {
  find(ctx: RequestContext) {
    return ctx.db
      .selectFrom('tenants')
      .select(['auditRetentionDays'])
      .where('id', '=', ctx.tenantId)
      .executeTakeFirstOrThrow();
  },

  update(ctx: RequestContext, changes: { auditRetentionDays?: number }) {
    return ctx.db
      .updateTable('tenants')
      .set({ ...changes, updatedAt: sql`now()` })
      .where('id', '=', ctx.tenantId)
      .returning(['auditRetentionDays'])
      .executeTakeFirstOrThrow();
  },

  /** Every tenant's retention, for the retention job (a few rows: one per tenant). */
  retentions(db: Database) {
    return db.selectFrom('tenants').select(['id', 'auditRetentionDays']).orderBy('id').execute();
  },
};
