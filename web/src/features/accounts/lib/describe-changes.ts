import type { TimelineEvent } from '../api/types';

type FieldChange = TimelineEvent['changes'][number];

/** Field names as an admin reads them; custom attributes and unknown fields show their own name. */
const LABELS: Record<string, string> = {
  email: 'Email',
  firstName: 'First name',
  lastName: 'Last name',
  phone: 'Phone',
  companyName: 'Company',
  organizationId: 'Organization ID',
  taxId: 'Tax ID',
  locale: 'Locale',
  note: 'Note',
  externalId: 'External ID',
  isRegistered: 'Registered',
  label: 'Label',
  line1: 'Address line 1',
  line2: 'Address line 2',
  city: 'City',
  postalCode: 'Postal code',
  countryCode: 'Country',
  stateCode: 'State',
  isDefaultBilling: 'Default billing',
  isDefaultShipping: 'Default shipping',
  name: 'Name',
  code: 'Code',
  description: 'Description',
  role: 'Role',
  roleIds: 'Roles',
  filter: 'Filter',
  auditRetentionDays: 'Audit retention (days)',
};

/** "First name", "City", "Custom attribute shoeSize" for `firstName`, `address.city`, `attributes.shoeSize`. */
export function fieldLabel(field: string): string {
  if (field.startsWith('attributes.')) return `Custom attribute ${field.slice('attributes.'.length)}`;
  const name = field.startsWith('address.') ? field.slice('address.'.length) : field;
  return LABELS[name] ?? name;
}

/** A value as one short phrase: text as it is, yes/no, lists joined, objects as JSON. */
export function formatValue(value: unknown): string {
  if (value === true) return 'yes';
  if (value === false) return 'no';
  if (Array.isArray(value)) return value.map(formatValue).join(', ') || 'none';
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

const isEmpty = (value: unknown) => value === null || value === undefined || value === '';

/** "Email changed from a@x to b@x", "Phone set to +1…", "Note removed (was …)". */
export function describeChange(change: FieldChange): string {
  const label = fieldLabel(change.field);
  if (isEmpty(change.from)) return `${label} set to ${formatValue(change.to)}`;
  if (isEmpty(change.to)) return `${label} removed (was ${formatValue(change.from)})`;
  return `${label} changed from ${formatValue(change.from)} to ${formatValue(change.to)}`;
}
