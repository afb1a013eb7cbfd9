import { type Static, type TOptional, type TProperties, type TSchema, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { SiteRow } from '../../db/types.js';
import { Int32, Nullable, SingleLine, Timestamp, Uuid } from '../../http/schemas.js';

/** How many failed sign-ins lock an account, and for how long. */
const lockoutPolicy = {
  maxFailures: Int32({
    minimum: 1,
    maximum: 100,
    default: 5,
    description: 'Consecutive failed sign-ins that lock the account.',
  }),
  firstLockMinutes: Int32({
    minimum: 1,
    maximum: 1440,
    default: 15,
    description: 'Length of the first lock; each further lockout doubles it.',
  }),
  maxLockMinutes: Int32({
    minimum: 1,
    maximum: 43200,
    default: 1440,
    description: 'The longest a lock lasts, however many lockouts came before.',
  }),
};

/**
 * What a store configures per site. Stored as jsonb on the site; every field has a default, so
 * a site created before a setting existed reads the default. Services read settings only
 * through `siteSettings()`, never as literals of their own.
 */
export const SiteSettingsSchema = Type.Object(
  {
    guestCheckout: Type.Boolean({ default: true, description: 'Shoppers may check out without an account.' }),
    autoRegister: Type.Boolean({
      default: false,
      description:
        'Checkout without sign-in creates a registered customer and emails an invite to set a password.',
    }),
    companyDetailsRequired: Type.Boolean({
      default: false,
      description: 'Registration on this site requires a company name.',
    }),
    lockout: Type.Object(lockoutPolicy, {
      // Spelled out (not `{}`) so the OpenAPI default is itself a valid lockout policy.
      default: Value.Default(Type.Object(lockoutPolicy), {}),
      additionalProperties: false,
      description: 'Lockout after consecutive failed sign-ins.',
    }),
    abandonmentHours: Int32({
      minimum: 1,
      maximum: 8760,
      default: 24,
      description: 'A cart with no activity for this long is abandoned.',
    }),
    cartReminders: Type.Boolean({
      default: false,
      description: 'Send one reminder email per abandoned cart',
    }),
    storefrontUrl: Nullable(
      Type.String({
        maxLength: 500,
        pattern: '^https?://[^\\s]+$',
        default: null,
        description:
          'Base of the links in emails (reset, invite, confirm email), e.g. `https://shop.example.com`.',
      }),
    ),
  },
  { additionalProperties: false, title: 'SiteSettings' },
);
export type SiteSettings = Static<typeof SiteSettingsSchema>;

/** A site's settings with every default filled in. */
export function siteSettings(stored: unknown): SiteSettings {
  const value = Value.Default(SiteSettingsSchema, structuredClone(stored ?? {})) as SiteSettings;
  value.lockout = Value.Default(
    SiteSettingsSchema.properties.lockout,
    value.lockout ?? {},
  ) as SiteSettings['lockout'];
  return value;
}

export const SiteSchema = Type.Object(
  {
    id: Uuid(),
    code: Type.String({ maxLength: 40 }),
    name: Type.String({ maxLength: 200 }),
    customerSetId: Uuid(),
    defaultCurrency: Type.String({ pattern: '^[A-Z]{3}$', maxLength: 3, description: 'ISO 4217 code.' }),
    countryCode: Nullable(
      Type.String({ maxLength: 2, description: 'Default region for phone numbers (ISO 3166-1 alpha-2).' }),
    ),
    publishableKey: Type.String({
      maxLength: 100,
      description:
        'Names the site to the storefront API (`X-Site-Key`). Not a secret: it ships in storefront pages.',
    }),
    settings: SiteSettingsSchema,
    createdAt: Timestamp(),
    updatedAt: Timestamp(),
  },
  { title: 'Site', additionalProperties: false },
);
export type Site = Static<typeof SiteSchema>;

/** The same field with its `default` dropped: a patch must not fill in what the caller left out. */
function withoutDefault<T extends TSchema>(schema: T): T {
  const { default: _default, ...rest } = schema as T & { default?: unknown };
  return rest as T;
}
function optionalWithoutDefaults<T extends TProperties>(properties: T) {
  return Object.fromEntries(
    Object.entries(properties).map(([name, schema]) => [name, Type.Optional(withoutDefault(schema))]),
  ) as { [K in keyof T]: TOptional<T[K]> };
}

const { lockout: _lockout, ...topLevelSettings } = SiteSettingsSchema.properties;

/**
 * Some site settings: what is sent replaces the stored value, what is left out keeps it, at
 * every level (`{lockout: {maxFailures: 3}}` keeps the other lockout fields).
 */
export const SiteSettingsPatchSchema = Type.Object(
  {
    ...optionalWithoutDefaults(topLevelSettings),
    lockout: Type.Optional(
      Type.Object(optionalWithoutDefaults(lockoutPolicy), {
        additionalProperties: false,
        description:
          'Lockout after failed sign-ins; a lock lasts firstLockMinutes, doubling per lockout up to maxLockMinutes.',
      }),
    ),
  },
  { additionalProperties: false, title: 'SiteSettingsPatch' },
);
export type SiteSettingsPatch = Static<typeof SiteSettingsPatchSchema>;

const siteFields = {
  name: SingleLine({ minLength: 1, maxLength: 200, description: 'Shown to admins and in emails.' }),
  customerSetId: Uuid({
    description:
      'The customer set the site belongs to: sites in one set share shopper logins. Defaults to the default set.',
  }),
  defaultCurrency: Type.String({
    maxLength: 3,
    description: 'ISO 4217 currency code, e.g. `EUR`. Defaults to `USD`.',
  }),
  countryCode: Nullable(
    Type.String({
      maxLength: 2,
      description:
        'ISO 3166-1 alpha-2 country, e.g. `DE`: the default region for phone numbers. Defaults to none.',
    }),
  ),
  settings: SiteSettingsPatchSchema,
};

export const SiteCreateSchema = Type.Object(
  {
    code: Type.String({
      maxLength: 40,
      description:
        'Short name unique in the tenant: 2-40 lowercase letters, digits and dashes, e.g. `shop-eu`.',
    }),
    name: siteFields.name,
    customerSetId: Type.Optional(siteFields.customerSetId),
    defaultCurrency: Type.Optional(siteFields.defaultCurrency),
    countryCode: Type.Optional(siteFields.countryCode),
    settings: Type.Optional(siteFields.settings),
  },
  { additionalProperties: false, title: 'SiteCreate' },
);
export type SiteCreate = Static<typeof SiteCreateSchema>;

export const SitePatchSchema = Type.Partial(Type.Object(siteFields), {
  additionalProperties: false,
  minProperties: 1,
  title: 'SitePatch',
});
export type SitePatch = Static<typeof SitePatchSchema>;

export const CustomerSetSchema = Type.Object(
  {
    id: Uuid(),
    code: Type.String({ maxLength: 40 }),
    name: Type.String({ maxLength: 200 }),
    isDefault: Type.Boolean({ description: 'The set new sites and customers join unless told otherwise.' }),
    siteIds: Type.Array(Uuid(), { maxItems: 1000, description: 'The sites in this set, ordered by code.' }),
    createdAt: Timestamp(),
    updatedAt: Timestamp(),
  },
  { title: 'CustomerSet', additionalProperties: false },
);
export type CustomerSet = Static<typeof CustomerSetSchema>;

export const CustomerSetCreateSchema = Type.Object(
  {
    code: Type.String({
      maxLength: 40,
      description: 'Short name unique in the tenant: 2-40 lowercase letters, digits and dashes.',
    }),
    name: SingleLine({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false, title: 'CustomerSetCreate' },
);
export type CustomerSetCreate = Static<typeof CustomerSetCreateSchema>;

export const CustomerSetPatchSchema = Type.Object(
  { name: SingleLine({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false, title: 'CustomerSetPatch' },
);
export type CustomerSetPatch = Static<typeof CustomerSetPatchSchema>;

/** A site as the storefront sees it: its row (with tenantId) and its settings, defaults filled. */
export type StorefrontSite = Readonly<Omit<SiteRow, 'settings'> & { settings: SiteSettings }>;

/** The tenant's own settings (not a site's): how long the audit log keeps its entries. */
export const TenantSettingsSchema = Type.Object(
  {
    auditRetentionDays: Int32({
      minimum: 1,
      maximum: 3650,
      description:
        'Days the audit log (and so every timeline) keeps an entry; the worker deletes older ones. Default 365.',
    }),
  },
  { title: 'TenantSettings' },
);
export type TenantSettings = Static<typeof TenantSettingsSchema>;
export const TenantSettingsPatchSchema = Type.Partial(TenantSettingsSchema, {
  title: 'TenantSettingsPatch',
  additionalProperties: false,
  minProperties: 1,
});
