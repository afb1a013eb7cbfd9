import type { FilterValue } from '@server/lib/filter/filter-parser.js';
import type { ChipOp } from './chips';

/** How a field's value is typed in and shown; it decides the operators offered. */
export type FieldKind =
  | 'text'
  | 'country'
  | 'number'
  | 'money'
  | 'date'
  | 'boolean'
  | 'tags'
  | 'group'
  | 'enum';

export interface FilterField {
  /** The attribute the filter names. */
  attr: string;
  label: string;
  kind: FieldKind;
  /** Where the field is listed in the field picker. */
  section: 'Customer' | 'Orders' | 'Belonging' | 'Marketing' | 'Custom attributes';
  /** An enum's choices. */
  options?: { value: string; label: string }[];
}

/** The customer's own fields and order metrics, as the customer list's filter names them (docs/api.md). */
export const CORE_FIELDS: FilterField[] = [
  { attr: 'firstName', label: 'First name', kind: 'text', section: 'Customer' },
  { attr: 'lastName', label: 'Last name', kind: 'text', section: 'Customer' },
  { attr: 'email', label: 'Email', kind: 'text', section: 'Customer' },
  { attr: 'phone', label: 'Phone', kind: 'text', section: 'Customer' },
  { attr: 'companyName', label: 'Company', kind: 'text', section: 'Customer' },
  { attr: 'country', label: 'Country', kind: 'country', section: 'Customer' },
  { attr: 'locale', label: 'Language', kind: 'text', section: 'Customer' },
  { attr: 'tags', label: 'Tag', kind: 'tags', section: 'Customer' },
  { attr: 'isRegistered', label: 'Registered', kind: 'boolean', section: 'Customer' },
  { attr: 'enabled', label: 'Enabled', kind: 'boolean', section: 'Customer' },
  { attr: 'createdAt', label: 'Created', kind: 'date', section: 'Customer' },
  { attr: 'ordersCount', label: 'Orders', kind: 'number', section: 'Orders' },
  { attr: 'totalSpent', label: 'Total spent', kind: 'money', section: 'Orders' },
  { attr: 'firstOrderAt', label: 'First order', kind: 'date', section: 'Orders' },
  { attr: 'lastOrderAt', label: 'Last order', kind: 'date', section: 'Orders' },
];

export const GROUP_FIELD: FilterField = {
  attr: 'group',
  label: 'Group',
  kind: 'group',
  section: 'Belonging',
};
export const CONSENT_FIELD: FilterField = {
  attr: 'acceptsMarketing',
  label: 'Accepts marketing',
  kind: 'boolean',
  section: 'Marketing',
};

/** The operators each kind offers, in words, in the order the picker lists them. */
const OPS: Record<FieldKind, ChipOp[]> = {
  text: ['eq', 'ne', 'co', 'sw', 'ew', 'empty', 'pr'],
  country: ['eq', 'ne', 'empty', 'pr'],
  number: ['eq', 'ne', 'gt', 'ge', 'lt', 'le'],
  money: ['gt', 'ge', 'lt', 'le', 'eq', 'ne'],
  date: ['lt', 'gt', 'le', 'ge', 'empty', 'pr'],
  boolean: ['eq', 'ne'],
  tags: ['eq', 'ne', 'co', 'sw', 'empty', 'pr'],
  group: ['eq', 'ne', 'empty', 'pr'],
  enum: ['eq', 'ne', 'empty', 'pr'],
};

const WORDS: Record<ChipOp, string> = {
  eq: 'is',
  ne: 'is not',
  co: 'contains',
  sw: 'starts with',
  ew: 'ends with',
  gt: 'more than',
  ge: 'at least',
  lt: 'less than',
  le: 'at most',
  pr: 'is not empty',
  empty: 'is empty',
};

const KIND_WORDS: Partial<Record<FieldKind, Partial<Record<ChipOp, string>>>> = {
  date: { lt: 'before', gt: 'after', le: 'on or before', ge: 'on or after' },
  tags: { eq: 'includes', ne: 'does not include', co: 'has one containing', sw: 'has one starting with' },
  group: { eq: 'is in', ne: 'is not in', empty: 'is in no group', pr: 'is in any group' },
};

export function operatorsFor(kind: FieldKind): ChipOp[] {
  return OPS[kind];
}

/** The operator in words for a field of this kind: "is", "before", "more than". */
export function operatorWords(kind: FieldKind, op: ChipOp): string {
  return KIND_WORDS[kind]?.[op] ?? WORDS[op];
}

export const takesValue = (op: ChipOp): boolean => op !== 'pr' && op !== 'empty';

/**
 * The field a filter names, matched as the server matches (case-insensitively; `countryCode` is
 * `country`). A name the builder does not know is shown as plain text, so no filter is refused.
 */
export function fieldFor(attr: string, fields: readonly FilterField[]): FilterField {
  const name = attr.toLowerCase() === 'countrycode' ? 'country' : attr.toLowerCase();
  const known = fields.find((field) => field.attr.toLowerCase() === name);
  return known ?? { attr, label: attr, kind: 'text', section: 'Customer' };
}

/** A value a field of this kind starts with when picked, so the form is never half-typed. */
export function defaultValue(kind: FieldKind): FilterValue {
  if (kind === 'boolean') return true;
  if (kind === 'date')
    return { kind: 'relativeDate', anchor: 'now', shift: { sign: '-', amount: 30, unit: 'd' } };
  return null;
}
