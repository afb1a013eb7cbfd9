import type { Database } from '../../db/database.js';
import { type RequestContext, systemContext } from '../../lib/context.js';
import { newId, newToken } from '../../lib/ids.js';
import { tenantErrors } from './tenants.errors.js';
import { tenantsRepository } from './tenants.repository.js';

const SLUG = /^[a-z0-9][a-z0-9-]{1,39}$/;

export interface CreatedTenant {
  tenant: { id: string; slug: string; name: string };
  customerSetId: string;
  siteId: string;
}

/**
 * Creates a tenant with what every tenant starts with: one default customer set and one site
 * in it (Kibo's model: sites in one set share a shopper login).
 */
export async function createTenant(
  db: Database,
  input: { slug: string; name: string; siteName?: string; currency?: string; countryCode?: string | null },
): Promise<CreatedTenant> {
  if (!SLUG.test(input.slug)) throw tenantErrors.invalidSlug(input.slug);
  return db.transaction().execute(async (trx) => {
    if (await tenantsRepository.findTenantBySlug(trx, input.slug)) throw tenantErrors.slugTaken(input.slug);
    const tenant = await tenantsRepository.insertTenant(trx, {
      id: newId(),
      slug: input.slug,
      name: input.name,
    });
    const ctx = systemContext(trx, tenant.id);
    const set = await tenantsRepository.insertCustomerSet(ctx, {
      id: newId(),
      code: 'default',
      name: 'Default',
      isDefault: true,
    });
    const site = await tenantsRepository.insertSite(ctx, {
      id: newId(),
      customerSetId: set.id,
      code: 'main',
      name: input.siteName ?? `${input.name} store`,
      defaultCurrency: input.currency ?? 'USD',
      countryCode: input.countryCode === undefined ? 'US' : input.countryCode,
      publishableKey: `pk_${newToken()}`,
    });
    return {
      tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name },
      customerSetId: set.id,
      siteId: site.id,
    };
  });
}

/** The tenant a fresh installation runs as; created on first start. */
export async function ensureDefaultTenant(db: Database) {
  const existing = await tenantsRepository.findTenantBySlug(db, 'default');
  if (existing) return existing;
  return (await createTenant(db, { slug: 'default', name: 'Default' })).tenant;
}

export async function findTenantBySlug(db: Database, slug: string) {
  const tenant = await tenantsRepository.findTenantBySlug(db, slug);
  if (!tenant) throw tenantErrors.notFound(slug);
  return tenant;
}

export const getTenant = (ctx: RequestContext) => tenantsRepository.findTenant(ctx);

export const listSites = (ctx: RequestContext) => tenantsRepository.listSites(ctx);

/** A site of this tenant; another tenant's site id is "not found". */
export async function getSite(ctx: RequestContext, id: string) {
  const site = await tenantsRepository.findSite(ctx, id);
  if (!site) throw tenantErrors.siteNotFound();
  return site;
}

export const defaultCustomerSet = (ctx: RequestContext) => tenantsRepository.defaultCustomerSet(ctx);

export const findCustomerSet = (ctx: RequestContext, id: string) =>
  tenantsRepository.findCustomerSet(ctx, id);
