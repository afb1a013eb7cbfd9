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
