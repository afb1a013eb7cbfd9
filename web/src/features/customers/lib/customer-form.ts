import { isApiError } from '@/api/client';
import { type FieldErrors, splitProblemByPath } from '@/api/field-errors';
import type { AttributeFormValue } from '@/features/attributes/components/CustomAttributeFields';
import { notifyError } from '@/lib/notify';
import type { Customer, CustomerInput } from '../api/types';

/** The customer's editable fields as form state: text fields are strings, '' meaning "not set". */
export interface CustomerFormValues {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  companyName: string;
  organizationId: string;
  taxId: string;
  locale: string;
  note: string;
  tags: string[];
  isRegistered: boolean;
  enabled: boolean;
  originSiteId: string | null;
  /** Custom attribute values by code; null or '' for none. */
  attributes: Record<string, AttributeFormValue>;
}

const textFields = [
  'firstName',
  'lastName',
  'email',
  'phone',
  'companyName',
  'organizationId',
  'taxId',
  'locale',
  'note',
] as const satisfies readonly (keyof CustomerFormValues)[];

export type CustomerTextField = (typeof textFields)[number];

export const customerFormFields: readonly string[] = [
  ...textFields,
  'tags',
  'isRegistered',
  'enabled',
  'originSiteId',
];

export const emptyCustomerForm: CustomerFormValues = {
  firstName: '',
  lastName: '',
  email: '',
  phone: '',
  companyName: '',
  organizationId: '',
  taxId: '',
  locale: '',
  note: '',
  tags: [],
  isRegistered: false,
  enabled: true,
  originSiteId: null,
  attributes: {},
};

export function toCustomerFormValues(customer: Customer): CustomerFormValues {
  const values = { ...emptyCustomerForm };
  for (const field of textFields) values[field] = customer[field] ?? '';
  return {
    ...values,
    tags: [...customer.tags],
    isRegistered: customer.isRegistered,
    enabled: customer.enabled,
    originSiteId: customer.originSiteId,
    attributes: { ...customer.attributes },
  };
}

const isBlank = (value: AttributeFormValue | undefined) =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** A typed value as the API takes it: text trimmed, blank as null. */
const attributeValue = (value: AttributeFormValue | undefined) =>
  isBlank(value) ? null : typeof value === 'string' ? value.trim() : (value as AttributeFormValue);

/** The body of `POST /customers`: blank fields are left out. */
export function toCreateInput(values: CustomerFormValues): CustomerInput {
  const input: CustomerInput = {
    isRegistered: values.isRegistered,
    enabled: values.enabled,
    tags: values.tags,
  };
  for (const field of textFields) {
    const value = values[field].trim();
    if (value) input[field] = value;
  }
  if (values.originSiteId) input.originSiteId = values.originSiteId;
  const attributes = Object.entries(values.attributes).filter(([, value]) => !isBlank(value));
  if (attributes.length > 0)
    input.attributes = Object.fromEntries(attributes.map(([code, value]) => [code, attributeValue(value)]));
  return input;
}

const sameTags = (a: string[], b: string[]) => a.length === b.length && a.every((tag, i) => tag === b[i]);

/** The body of `PATCH /customers/{id}`: only what changed; a cleared field is sent as null. */
export function diffCustomerForm(base: CustomerFormValues, values: CustomerFormValues): CustomerInput {
  const input: CustomerInput = {};
  for (const field of textFields) {
    const value = values[field].trim();
    if (value !== base[field].trim()) input[field] = value || null;
  }
  if (!sameTags(base.tags, values.tags)) input.tags = values.tags;
  if (base.isRegistered !== values.isRegistered) input.isRegistered = values.isRegistered;
  if (base.enabled !== values.enabled) input.enabled = values.enabled;
  if (base.originSiteId !== values.originSiteId) input.originSiteId = values.originSiteId;
  // Only the codes that changed; a cleared one is sent as null, which removes it.
  const attributes: NonNullable<CustomerInput['attributes']> = {};
  for (const code of new Set([...Object.keys(base.attributes), ...Object.keys(values.attributes)])) {
    const [before, after] = [attributeValue(base.attributes[code]), attributeValue(values.attributes[code])];
    if (JSON.stringify(before) !== JSON.stringify(after)) attributes[code] = after;
  }
  if (Object.keys(attributes).length > 0) input.attributes = attributes;
  return input;
}

/** The fields of which a customer needs at least one, so that people can tell them apart. */
const identityFields = ['firstName', 'lastName', 'email', 'companyName'] as const;

const IDENTITY_MESSAGE = 'Give at least one of first name, last name, email or company name.';

/**
 * The one rule the form checks before asking the server: a customer without a name, an email
 * or a company. The server names only `/lastName` for it; the rule is about all four fields,
 * so each of them says so.
 */
export function checkCustomerIdentity(values: CustomerFormValues): FieldErrors {
  if (identityFields.some((field) => values[field].trim() !== '')) return {};
  return Object.fromEntries(identityFields.map((field) => [field, IDENTITY_MESSAGE]));
}

const fieldLabels: Record<string, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  email: 'Email',
  phone: 'Phone',
  companyName: 'Company name',
  organizationId: 'Organization ID',
  taxId: 'Tax ID',
  locale: 'Locale',
  note: 'Note',
  tags: 'Tags',
  isRegistered: 'Registered',
  enabled: 'Enabled',
  originSiteId: 'Origin site',
};

/** One field two versions of the form disagree on, as the conflict notice shows it. */
export interface CustomerFieldChange {
  field: string;
  label: string;
  theirs: string;
  mine: string;
}

const shown = (value: AttributeFormValue | undefined): string => {
  if (value === undefined || value === null || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (Array.isArray(value)) return value.length > 0 ? value.join(', ') : '—';
  return String(value);
};

/**
 * The fields this edit changed (from `base`, where it started) that now read differently in
 * `theirs` (the version saved meanwhile): what "Keep mine" would write over.
 */
export function conflictingChanges(
  base: CustomerFormValues,
  mine: CustomerFormValues,
  theirs: CustomerFormValues,
  attributeLabel: (code: string) => string = (code) => code,
): CustomerFieldChange[] {
  const changed = diffCustomerForm(base, mine);
  const changes: CustomerFieldChange[] = [];
  for (const field of Object.keys(changed) as (keyof CustomerInput)[]) {
    if (field === 'attributes') continue;
    const key = field as keyof CustomerFormValues;
    changes.push({
      field,
      label: fieldLabels[field] ?? field,
      theirs: shown(theirs[key] as AttributeFormValue),
      mine: shown(mine[key] as AttributeFormValue),
    });
  }
  for (const code of Object.keys(changed.attributes ?? {})) {
    changes.push({
      field: `attributes/${code}`,
      label: attributeLabel(code),
      theirs: shown(theirs.attributes[code]),
      mine: shown(mine.attributes[code]),
    });
  }
  return changes;
}

/** `mine`'s changes from `base`, laid over `theirs`: what the form holds after "Keep mine". */
export function rebaseCustomerForm(
  base: CustomerFormValues,
  mine: CustomerFormValues,
  theirs: CustomerFormValues,
): CustomerFormValues {
  const changed = diffCustomerForm(base, mine);
  const merged: CustomerFormValues = { ...theirs, attributes: { ...theirs.attributes } };
  for (const field of Object.keys(changed) as (keyof CustomerFormValues)[]) {
    if (field !== 'attributes') Object.assign(merged, { [field]: mine[field] });
  }
  for (const code of Object.keys(changed.attributes ?? {}))
    merged.attributes[code] = mine.attributes[code] ?? null;
  return merged;
}

export function sameCustomerForm(a: CustomerFormValues, b: CustomerFormValues): boolean {
  return Object.keys(diffCustomerForm(a, b)).length === 0;
}

/**
 * Puts a failed save's field problems under the form's fields and reports the rest as a
 * notification. A taken registered email (409) belongs under the email field.
 */
export function reportCustomerFormError(error: unknown, setErrors: (errors: FieldErrors) => void) {
  if (!isApiError(error) || ![400, 409, 422].includes(error.status)) {
    notifyError(error);
    return;
  }
  // A custom attribute's problem sits under its own input (`attributes/<code>`).
  const attributePaths = error.errors
    .map((problem) => problem.path.slice(1))
    .filter((path) => /^attributes\/[^/]+$/.test(path));
  const { fields, other } = splitProblemByPath(error, [...customerFormFields, ...attributePaths]);
  if (error.code === 'customer.email_taken' && !fields.email) {
    fields.email = error.detail ?? 'A registered customer already uses this email.';
  }
  setErrors(fields);
  if (other.length > 0 || Object.keys(fields).length === 0) notifyError(error, other);
}
