import type { Site, SitePatch } from '../api/types';

/** A site's editable fields as form state; numbers are '' while their input is empty. */
export interface SiteFormValues {
  name: string;
  customerSetId: string;
  defaultCurrency: string;
  countryCode: string | null;
  guestCheckout: boolean;
  autoRegister: boolean;
  companyDetailsRequired: boolean;
  maxFailures: number | '';
  firstLockMinutes: number | '';
  maxLockMinutes: number | '';
  abandonmentHours: number | '';
  cartReminders: boolean;
  storefrontUrl: string;
}

export type SiteFormField = keyof SiteFormValues;

/** Where each field sits in the PATCH body, as the server names it in `errors[].path`. */
export const siteFieldPaths: Record<SiteFormField, string> = {
  name: 'name',
  customerSetId: 'customerSetId',
  defaultCurrency: 'defaultCurrency',
  countryCode: 'countryCode',
  guestCheckout: 'settings/guestCheckout',
  autoRegister: 'settings/autoRegister',
  companyDetailsRequired: 'settings/companyDetailsRequired',
  maxFailures: 'settings/lockout/maxFailures',
  firstLockMinutes: 'settings/lockout/firstLockMinutes',
  maxLockMinutes: 'settings/lockout/maxLockMinutes',
  abandonmentHours: 'settings/abandonmentHours',
  cartReminders: 'settings/cartReminders',
  storefrontUrl: 'settings/storefrontUrl',
};

export const numberFields = [
  'maxFailures',
  'firstLockMinutes',
  'maxLockMinutes',
  'abandonmentHours',
] as const satisfies readonly SiteFormField[];

export function toSiteFormValues(site: Site): SiteFormValues {
  const { settings } = site;
  return {
    name: site.name,
    customerSetId: site.customerSetId,
    defaultCurrency: site.defaultCurrency,
    countryCode: site.countryCode,
    guestCheckout: settings.guestCheckout,
    autoRegister: settings.autoRegister,
    companyDetailsRequired: settings.companyDetailsRequired,
    maxFailures: settings.lockout.maxFailures,
    firstLockMinutes: settings.lockout.firstLockMinutes,
    maxLockMinutes: settings.lockout.maxLockMinutes,
    abandonmentHours: settings.abandonmentHours,
    cartReminders: settings.cartReminders,
    storefrontUrl: settings.storefrontUrl ?? '',
  };
}

/**
 * The body of `PATCH /sites/{id}`: only what changed, settings nested as the server merges them.
 * Empty number inputs must be caught before (see `numberFields`).
 */
export function diffSiteForm(base: SiteFormValues, values: SiteFormValues): SitePatch {
  const patch: SitePatch = {};
  const settings: NonNullable<SitePatch['settings']> = {};
  const lockout: NonNullable<NonNullable<SitePatch['settings']>['lockout']> = {};
  const changed = (field: SiteFormField) => base[field] !== values[field];
  const number = (field: (typeof numberFields)[number]) => Number(values[field]);

  if (changed('name')) patch.name = values.name.trim();
  if (changed('customerSetId')) patch.customerSetId = values.customerSetId;
  if (changed('defaultCurrency')) patch.defaultCurrency = values.defaultCurrency.trim().toUpperCase();
  if (changed('countryCode')) patch.countryCode = values.countryCode;
  if (changed('guestCheckout')) settings.guestCheckout = values.guestCheckout;
  if (changed('autoRegister')) settings.autoRegister = values.autoRegister;
  if (changed('companyDetailsRequired')) settings.companyDetailsRequired = values.companyDetailsRequired;
  if (changed('abandonmentHours')) settings.abandonmentHours = number('abandonmentHours');
  if (changed('cartReminders')) settings.cartReminders = values.cartReminders;
  if (changed('storefrontUrl')) settings.storefrontUrl = values.storefrontUrl.trim() || null;
  if (changed('maxFailures')) lockout.maxFailures = number('maxFailures');
  if (changed('firstLockMinutes')) lockout.firstLockMinutes = number('firstLockMinutes');
  if (changed('maxLockMinutes')) lockout.maxLockMinutes = number('maxLockMinutes');

  if (Object.keys(lockout).length > 0) settings.lockout = lockout;
  if (Object.keys(settings).length > 0) patch.settings = settings;
  return patch;
}
