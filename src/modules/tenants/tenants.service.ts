import { Value } from '@sinclair/typebox/value';
import type { Database } from '../../db/database.js';
import type { SiteRow } from '../../db/types.js';
import { inTransaction, type RequestContext, systemContext } from '../../lib/context.js';
import { violatedUniqueIndex } from '../../lib/db-errors.js';
import { FieldErrors } from '../../lib/errors.js';
import { isCountry } from '../../lib/geo.js';
import { newId, newToken } from '../../lib/ids.js';
import { isCurrency } from '../../lib/money.js';
import { isSingleLine, SINGLE_LINE_MESSAGE } from '../../lib/text.js';
import { TtlCache } from '../../lib/ttl-cache.js';
import { recordChange } from '../events/events.service.js';
import { fieldChanges } from '../events/field-changes.js';
import { tenantErrors } from './tenants.errors.js';
import { type SiteChanges, tenantSettingsRepository, tenantsRepository } from './tenants.repository.js';
import {
  type CustomerSetCreate,
  type CustomerSetPatch,
  type SiteCreate,
  type SitePatch,
  type SiteSettings,
  SiteSettingsPatchSchema,
  SiteSettingsSchema,
  type StorefrontSite,
  siteSettings,
  type TenantSettings,
} from './tenants.schemas.js';

const SLUG = /^[a-z0-9][a-z0-9-]{1,39}$/;
export const PUBLISHABLE_KEY_PREFIX = 'pk_';
const newPublishableKey = () => `${PUBLISHABLE_KEY_PREFIX}${newToken()}`;

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
  const currency = input.currency ?? 'USD';
  if (!isCurrency(currency)) throw tenantErrors.invalidCurrency(currency);
  return db.transaction().execute(async (trx) => {
    if (await tenantsRepository.findTenantBySlug(trx, input.slug)) throw tenantErrors.slugTaken(input.slug);
    const tenant = await tenantsRepository.insertTenant(trx, {
      id: newId(),
      slug: input.slug,
      name: input.name,
      // Customers' totalSpent counts orders in this currency (docs/orders.md).
      reportingCurrency: currency,
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
      defaultCurrency: currency,
      countryCode: input.countryCode === undefined ? 'US' : input.countryCode,
      publishableKey: newPublishableKey(),
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

// ---- Sites -------------------------------------------------------------------------------

export const listSites = (ctx: RequestContext) => tenantsRepository.listSites(ctx);

/**
 * The site an email to a customer speaks for when no shopper request names one (an admin
 * action): the customer's own site when it is in their customer set, else the set's first site.
 */
export async function emailSiteFor(
  ctx: RequestContext,
  customer: { customerSetId: string; originSiteId: string | null },
) {
  const sites = (await listSites(ctx)).filter((s) => s.customerSetId === customer.customerSetId);
  const site = sites.find((s) => s.id === customer.originSiteId) ?? sites[0];
  if (!site) throw new Error(`Customer set ${customer.customerSetId} has no site to send from.`);
  return { id: site.id, name: site.name, settings: siteSettings(site.settings) };
}

/** A site of this tenant; another tenant's site id is "not found". */
export async function getSite(ctx: RequestContext, id: string) {
  const site = await tenantsRepository.findSite(ctx, id);
  if (!site) throw tenantErrors.siteNotFound();
  return site;
}

/** The settings of one site of this tenant, defaults filled in. */
export async function siteSettingsOf(ctx: RequestContext, siteId: string): Promise<SiteSettings> {
  const row = await tenantsRepository.findSiteSettings(ctx, siteId);
  if (!row) throw tenantErrors.siteNotFound();
  return siteSettings(row.settings);
}

type Plain = Record<string, unknown>;
const isPlain = (value: unknown): value is Plain =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** TypeBox's checker reads `Nullable`'s `type: [T, "null"]` as plain T; null is fine there. */
const allowsNull = (schema: unknown) => {
  const type = (schema as { type?: unknown }).type;
  return Array.isArray(type) && type.includes('null');
};

/** `patch` laid over `stored` at every level; a field left out keeps its stored value. */
function mergeSettings(stored: Plain, patch: Plain): Plain {
  const out: Plain = { ...stored };
  for (const [name, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    out[name] = isPlain(value) ? mergeSettings(isPlain(out[name]) ? out[name] : {}, value) : value;
  }
  return out;
}

/**
 * Lays a settings patch over the stored (sparse) settings and checks the result as a whole.
 * What is stored stays sparse: a setting nobody chose follows the default, also a later one.
 */
function mergeAndCheckSettings(stored: unknown, patch: Plain | undefined, errors: FieldErrors): Plain {
  // A setting that no longer exists is dropped rather than failing every later change.
  const merged = Value.Clean(
    SiteSettingsPatchSchema,
    mergeSettings(isPlain(stored) ? stored : {}, patch ?? {}),
  );
  const settings = siteSettings(merged);
  const seen = new Set<string>();
  for (const error of Value.Errors(SiteSettingsSchema, settings)) {
    if (error.value === null && allowsNull(error.schema)) continue;
    const path = `/settings${error.path}`;
    if (!seen.has(path)) errors.add(path, error.message);
    seen.add(path);
  }
  const { firstLockMinutes, maxLockMinutes } = settings.lockout;
  if (seen.size === 0 && maxLockMinutes < firstLockMinutes) {
    errors.add('/settings/lockout/maxLockMinutes', `must be at least firstLockMinutes (${firstLockMinutes})`);
  }
  return merged as Plain;
}

function checkName(value: string, errors: FieldErrors) {
  const name = value.trim();
  if (!name) errors.add('/name', 'must not be empty');
  else if (!isSingleLine(name)) errors.add('/name', SINGLE_LINE_MESSAGE);
  return name;
}

/** Trims and upper-cases currency and country, and checks them against ISO 4217 and 3166-1. */
function checkSiteFields(input: SitePatch, errors: FieldErrors): Omit<SiteChanges, 'settings'> {
  const out: Omit<SiteChanges, 'settings'> = {};
  if (input.name !== undefined) {
    out.name = checkName(input.name, errors);
  }
  if (input.defaultCurrency !== undefined) {
    out.defaultCurrency = input.defaultCurrency.trim().toUpperCase();
    if (!isCurrency(out.defaultCurrency))
      errors.add('/defaultCurrency', 'must be an ISO 4217 currency code, e.g. USD');
  }
  if (input.countryCode !== undefined) {
    out.countryCode = input.countryCode?.trim().toUpperCase() || null;
    if (out.countryCode && !isCountry(out.countryCode))
      errors.add('/countryCode', 'must be a two-letter ISO 3166-1 country code, e.g. US');
  }
  return out;
}

async function checkCustomerSetId(ctx: RequestContext, id: string | undefined, errors: FieldErrors) {
  if (id !== undefined && !(await tenantsRepository.findCustomerSet(ctx, id)))
    errors.add('/customerSetId', 'is not a customer set of this tenant');
}

/** A site's fields as the audit log diffs them (its publishable key is rotated, not diffed). */
const SITE_FIELDS = ['code', 'name', 'customerSetId', 'defaultCurrency', 'countryCode', 'settings'] as const;

/** Adds a site with a new publishable key, in the given customer set or the default one. */
export async function createSite(ctx: RequestContext, input: SiteCreate): Promise<SiteRow> {
  const errors = new FieldErrors();
  const code = input.code.trim();
  if (!SLUG.test(code)) errors.add('/code', 'must be 2-40 lowercase letters, digits and dashes');
  const fields = checkSiteFields(input, errors);
  const settings = mergeAndCheckSettings({}, input.settings, errors);
  await checkCustomerSetId(ctx, input.customerSetId, errors);
  errors.throwIfAny();
  const customerSetId = input.customerSetId ?? (await tenantsRepository.defaultCustomerSet(ctx)).id;
  const row = await tenantsRepository
    .insertSite(ctx, {
      id: newId(),
      customerSetId,
      code,
      name: fields.name ?? input.name,
      defaultCurrency: fields.defaultCurrency ?? 'USD',
      countryCode: fields.countryCode ?? null,
      publishableKey: newPublishableKey(),
      settings,
    })
    .catch((error: unknown) => {
      if (violatedUniqueIndex(error) === 'sites_tenant_id_code_key') throw tenantErrors.siteCodeTaken(code);
      throw error;
    });
  await recordChange(ctx, {
    action: 'site.created',
    subjectType: 'site',
    subjectId: row.id,
    data: { changes: fieldChanges(null, row, SITE_FIELDS) },
  });
  return row;
}

/**
 * Changes a site. `settings` is merged field by field onto the stored settings, and the
 * result must be valid as a whole (e.g. the longest lock is not shorter than the first).
 */
export async function updateSite(ctx: RequestContext, id: string, patch: SitePatch): Promise<SiteRow> {
  const { row, oldKey } = await inTransaction(ctx, async (trx) => {
    const current = await tenantsRepository.findSite(trx, id, { forUpdate: true });
    if (!current) throw tenantErrors.siteNotFound();
    const errors = new FieldErrors();
    const changes: SiteChanges = checkSiteFields(patch, errors);
    if (patch.settings) changes.settings = mergeAndCheckSettings(current.settings, patch.settings, errors);
    await checkCustomerSetId(trx, patch.customerSetId, errors);
    errors.throwIfAny();
    if (patch.customerSetId) changes.customerSetId = patch.customerSetId;
    const row = await tenantsRepository.updateSite(trx, id, changes);
    if (!row) throw tenantErrors.siteNotFound();
    const diff = fieldChanges(current, row, SITE_FIELDS);
    if (diff.length > 0)
      await recordChange(trx, {
        action: 'site.updated',
        subjectType: 'site',
        subjectId: id,
        data: { changes: diff },
      });
    return { row, oldKey: current.publishableKey };
  });
  // After the commit, so no storefront lookup in this process can remember the old row again.
  forgetSiteKey(oldKey);
  return row;
}

/** Gives the site a new publishable key; the old one stops working at once. */
export async function rotatePublishableKey(ctx: RequestContext, id: string): Promise<SiteRow> {
  const { row, oldKey } = await inTransaction(ctx, async (trx) => {
    const current = await tenantsRepository.findSite(trx, id, { forUpdate: true });
    if (!current) throw tenantErrors.siteNotFound();
    const row = await tenantsRepository.updateSite(trx, id, { publishableKey: newPublishableKey() });
    if (!row) throw tenantErrors.siteNotFound();
    await recordChange(trx, { action: 'site.key_rotated', subjectType: 'site', subjectId: id });
    return { row, oldKey: current.publishableKey };
  });
  forgetSiteKey(oldKey);
  return row;
}

/**
 * Sites by publishable key, remembered briefly: every storefront request names its site, and
 * this saves that query on almost all of them. A rotation or change clears the entry in this
 * process at once; other processes may accept an old key or read old settings for
 * SITE_KEY_TTL_MS more. Unknown keys are not remembered, so guessing fills no memory.
 */
const SITE_KEY_TTL_MS = 2_000;
const sitesByKey = new TtlCache<string, StorefrontSite>({ ttlMs: SITE_KEY_TTL_MS, max: 10_000 });

const forgetSiteKey = (key: string) => sitesByKey.delete(key);

/**
 * The site a storefront request names with `X-Site-Key`, or null for an unknown key. Called on
 * every storefront request: one query on the unique key index, or none when remembered. The
 * answer is shared between callers; treat it as read-only.
 */
export async function findSiteByPublishableKey(db: Database, key: string): Promise<StorefrontSite | null> {
  if (!key.startsWith(PUBLISHABLE_KEY_PREFIX) || key.length > 100) return null;
  const hit = sitesByKey.get(key);
  if (hit) return hit;
  const before = sitesByKey.generation;
  const row = await tenantsRepository.findSiteByPublishableKey(db, key);
  if (!row) return null;
  const settings = siteSettings(row.settings);
  Object.freeze(settings.lockout);
  const site: StorefrontSite = Object.freeze({ ...row, settings: Object.freeze(settings) });
  if (before === sitesByKey.generation) sitesByKey.set(key, site);
  return site;
}

// ---- Customer sets -----------------------------------------------------------------------

export type CustomerSetRow = Awaited<ReturnType<typeof tenantsRepository.listCustomerSetsWithSites>>[number];

export const defaultCustomerSet = (ctx: RequestContext) => tenantsRepository.defaultCustomerSet(ctx);

export const findCustomerSet = (ctx: RequestContext, id: string) =>
  tenantsRepository.findCustomerSet(ctx, id);

/** The tenant's customer sets, default first, each with the ids of its sites. */
export const listCustomerSets = (ctx: RequestContext) => tenantsRepository.listCustomerSetsWithSites(ctx);

export async function getCustomerSet(ctx: RequestContext, id: string): Promise<CustomerSetRow> {
  const [row] = await tenantsRepository.listCustomerSetsWithSites(ctx, id);
  if (!row) throw tenantErrors.customerSetNotFound();
  return row;
}

/** A customer set by its code (the CLI names sets by code). */
export async function getCustomerSetByCode(ctx: RequestContext, code: string) {
  const set = await tenantsRepository.findCustomerSetByCode(ctx, code);
  if (!set) throw tenantErrors.customerSetNotFound(code);
  return set;
}

/** Adds an empty customer set: its customers and logins are apart from every other set's. */
export async function createCustomerSet(
  ctx: RequestContext,
  input: CustomerSetCreate,
): Promise<CustomerSetRow> {
  const errors = new FieldErrors();
  const code = input.code.trim();
  if (!SLUG.test(code)) errors.add('/code', 'must be 2-40 lowercase letters, digits and dashes');
  const name = checkName(input.name, errors);
  errors.throwIfAny();
  const row = await tenantsRepository
    .insertCustomerSet(ctx, { id: newId(), code, name, isDefault: false })
    .catch((error: unknown) => {
      if (violatedUniqueIndex(error) === 'customer_sets_tenant_id_code_key')
        throw tenantErrors.customerSetCodeTaken(code);
      throw error;
    });
  await recordChange(ctx, {
    action: 'customerSet.created',
    subjectType: 'customerSet',
    subjectId: row.id,
    data: { changes: fieldChanges(null, row, ['code', 'name']) },
  });
  return { ...row, siteIds: [] };
}

export async function updateCustomerSet(
  ctx: RequestContext,
  id: string,
  patch: CustomerSetPatch,
): Promise<CustomerSetRow> {
  const errors = new FieldErrors();
  const name = checkName(patch.name, errors);
  errors.throwIfAny();
  return inTransaction(ctx, async (trx) => {
    const before = await getCustomerSet(trx, id);
    if (!(await tenantsRepository.updateCustomerSet(trx, id, { name })))
      throw tenantErrors.customerSetNotFound();
    const after = await getCustomerSet(trx, id);
    const changes = fieldChanges(before, after, ['name']);
    if (changes.length > 0)
      await recordChange(trx, {
        action: 'customerSet.updated',
        subjectType: 'customerSet',
        subjectId: id,
        data: { changes },
      });
    return after;
  });
}

/** The tenant's own settings. */
export async function getTenantSettings(ctx: RequestContext): Promise<TenantSettings> {
  return tenantSettingsRepository.find(ctx);
}

/** Changes the tenant's settings; the audit log records `settings.updated` with the diff. */
export async function updateTenantSettings(
  ctx: RequestContext,
  patch: Partial<TenantSettings>,
): Promise<TenantSettings> {
  return inTransaction(ctx, async (trx) => {
    const before = await tenantSettingsRepository.find(trx);
    const after = await tenantSettingsRepository.update(trx, patch);
    const changes = fieldChanges(before, after, ['auditRetentionDays']);
    if (changes.length > 0)
      await recordChange(trx, {
        action: 'settings.updated',
        subjectType: 'settings',
        subjectId: ctx.tenantId,
        data: { changes },
      });
    return after;
  });
}

/** Every tenant with its audit retention in days, for the retention job (src/worker). */
export const auditRetentions = (db: Database) => tenantSettingsRepository.retentions(db);
