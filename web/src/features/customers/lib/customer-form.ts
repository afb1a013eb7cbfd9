import { isApiError } from '@/api/client';
import { type FieldErrors, splitProblem } from '@/api/field-errors';
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
  };
}

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
  const { fields, other } = splitProblem(error, customerFormFields);
  if (error.code === 'customer.email_taken' && !fields.email) {
    fields.email = error.detail ?? 'A registered customer already uses this email.';
  }
  setErrors(fields);
  if (other.length > 0 || Object.keys(fields).length === 0) notifyError(error, other);
}
