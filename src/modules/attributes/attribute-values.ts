import type { AttributeType } from '../../db/types.js';
import type { FieldErrors } from '../../lib/errors.js';
import { isSingleLine, unstorableText } from '../../lib/text.js';
import {
  type AttributeValidation,
  type CustomerAttributes,
  DEFAULT_TEXT_MAX,
  MAX_OPTIONS,
} from './attributes.schemas.js';

/** A definition as the value checks, filters and sort keys read it. */
export interface AttributeDefinition {
  id: string;
  code: string;
  label: string;
  type: AttributeType;
  options: { value: string; label: string }[];
  validation: AttributeValidation;
  required: boolean;
  shopperVisible: boolean;
  shopperEditable: boolean;
  indexed: boolean;
  createdAt: Date;
  updatedAt: Date;
}

type Value = CustomerAttributes[string];

const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?$/i;

/**
 * An ISO 8601 date or date-time as the UTC date-time it is stored as
 * (`2026-03-01T00:00:00.000Z`), or null when it is no real moment of years 0001–9999. One
 * spelling for every stored value makes text order time order, so the index on a date attribute
 * is a plain text index (a cast to timestamptz depends on the session's time zone and cannot be
 * indexed). A time without an offset is UTC.
 */
export function normaliseDate(text: string): string | null {
  const match = ISO_DATE.exec(text);
  if (!match) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', offset = 'Z'] = match;
  const [year, month, day] = [Number(y), Number(mo), Number(d)];
  const ms = Date.UTC(
    year,
    month - 1,
    day,
    Number(h),
    Number(mi),
    Number(s),
    Number(fraction.padEnd(3, '0').slice(0, 3)),
  );
  const local = new Date(ms);
  // Date.UTC rolls 30 February over into March: a real date reads back the same.
  if (
    local.getUTCDate() !== day ||
    local.getUTCMonth() !== month - 1 ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(s) > 59
  )
    return null;
  const sign = offset.toUpperCase() === 'Z' ? 0 : offset.startsWith('-') ? -1 : 1;
  const offsetMinutes = sign === 0 ? 0 : Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6));
  const utc = new Date(ms - sign * offsetMinutes * 60_000);
  const utcYear = utc.getUTCFullYear();
  if (utcYear < 1 || utcYear > 9999) return null;
  // toISOString writes years 0001–9999 with four digits, so the stored text sorts as time does.
  return utc.toISOString();
}

const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)\s*[+*{]/;

/**
 * Why a `pattern` cannot be used, or null. Patterns run on every write of the attribute (and a
 * shopper may write an editable one), so a pattern that can backtrack exponentially, a quantified
 * group holding a quantifier such as `(a+)+`, is refused; texts tested are also capped in length
 * (maxLength, at most DEFAULT_TEXT_MAX with a pattern).
 */
export function patternProblem(pattern: string): string | null {
  try {
    new RegExp(pattern, 'u');
  } catch {
    return 'is not a valid regular expression';
  }
  if (NESTED_QUANTIFIER.test(pattern))
    return 'must not repeat a group that holds a repetition, such as (a+)+: it can take exponential time';
  return null;
}

const compiled = new Map<string, RegExp>();
function regexOf(pattern: string): RegExp {
  let regex = compiled.get(pattern);
  if (!regex) {
    if (compiled.size >= 1000) compiled.clear();
    regex = new RegExp(pattern, 'u');
    compiled.set(pattern, regex);
  }
  return regex;
}

type Check = (definition: AttributeDefinition, value: unknown) => { value: Value } | { problem: string };

const ok = (value: Value) => ({ value });
const bad = (problem: string) => ({ problem });

function checkText(definition: AttributeDefinition, value: unknown) {
  if (typeof value !== 'string') return bad('must be a string');
  const text = value.trim();
  const { minLength = 1, maxLength = DEFAULT_TEXT_MAX, pattern } = definition.validation;
  const unstorable = unstorableText(text);
  if (unstorable) return bad(unstorable);
  if (!isSingleLine(text))
    return bad('must be one line, without control characters or bidirectional overrides');
  if (text.length === 0) return bad('must not be empty; send null to remove it');
  if (text.length < minLength) return bad(`must be at least ${minLength} characters`);
  if (text.length > maxLength) return bad(`must be at most ${maxLength} characters`);
  if (pattern && !regexOf(pattern).test(text)) return bad(`must match the pattern ${pattern}`);
  return ok(text);
}

function checkNumber(definition: AttributeDefinition, value: unknown) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return bad('must be a number');
  const { min, max } = definition.validation;
  if (typeof min === 'number' && value < min) return bad(`must be at least ${min}`);
  if (typeof max === 'number' && value > max) return bad(`must be at most ${max}`);
  return ok(value);
}

function checkDate(definition: AttributeDefinition, value: unknown) {
  const date = typeof value === 'string' ? normaliseDate(value) : null;
  if (!date) return bad('must be an ISO 8601 date or date-time, e.g. 2026-03-01 or 2026-03-01T09:30:00Z');
  const min = typeof definition.validation.min === 'string' ? normaliseDate(definition.validation.min) : null;
  const max = typeof definition.validation.max === 'string' ? normaliseDate(definition.validation.max) : null;
  if (min && date < min) return bad(`must be on or after ${min}`);
  if (max && date > max) return bad(`must be on or before ${max}`);
  return ok(date);
}

const optionList = (definition: AttributeDefinition) => definition.options.map((o) => o.value).join(', ');

function checkEnum(definition: AttributeDefinition, value: unknown) {
  if (typeof value !== 'string' || !definition.options.some((o) => o.value === value))
    return bad(`must be one of: ${optionList(definition)}`);
  return ok(value);
}

function checkMultiEnum(definition: AttributeDefinition, value: unknown) {
  if (!Array.isArray(value) || value.length > MAX_OPTIONS) return bad('must be a list of option values');
  const known = definition.options.map((o) => o.value);
  const unknown = value.filter((v) => typeof v !== 'string' || !known.includes(v));
  if (unknown.length > 0) return bad(`must hold only options of: ${optionList(definition)}`);
  if (new Set(value).size !== value.length) return bad('must not name an option twice');
  // Kept in the options' order, so equal choices are equal values.
  return ok(known.filter((option) => value.includes(option)));
}

const checks: Record<AttributeType, Check> = {
  text: checkText,
  number: checkNumber,
  date: checkDate,
  boolean: (_definition, value) => (typeof value === 'boolean' ? ok(value) : bad('must be true or false')),
  enum: checkEnum,
  multiEnum: checkMultiEnum,
};

/** What a write does to a customer's attributes: values to set and codes to remove. */
export interface AttributeChanges {
  set: CustomerAttributes;
  remove: string[];
}

export interface ValueCheckOptions {
  /** Required attributes must all be given (an admin creating a customer). */
  requireAll: boolean;
  /**
   * A shopper writes (PATCH /store/v1/me): only shopperEditable codes, and a code they cannot
   * see is refused as unknown, so its existence does not leak.
   */
  shopper?: boolean;
}

/**
 * Checks a write's `attributes` against the tenant's definitions and adds one error per bad code
 * (`/attributes/<code>`) to `errors`, so every bad attribute is named at once. `null` removes a
 * value, except a required one's.
 */
export function checkAttributeValues(
  definitions: readonly AttributeDefinition[],
  input: Record<string, unknown> | undefined,
  options: ValueCheckOptions,
  errors: FieldErrors,
): AttributeChanges {
  const byCode = new Map(definitions.map((d) => [d.code, d]));
  const changes: AttributeChanges = { set: {}, remove: [] };
  // A body that failed its schema may hold anything here; the schema's own error names it.
  const given = typeof input === 'object' && input !== null && !Array.isArray(input) ? input : {};
  for (const [code, value] of Object.entries(given)) {
    const path = `/attributes/${code}`;
    const definition = byCode.get(code);
    if (!definition || (options.shopper && !definition.shopperVisible)) {
      errors.add(path, 'is not a custom attribute of this tenant');
      continue;
    }
    if (options.shopper && !definition.shopperEditable) {
      errors.add(path, 'cannot be changed by the shopper');
      continue;
    }
    if (value === null) {
      if (definition.required) errors.add(path, 'is required and cannot be removed');
      else changes.remove.push(code);
      continue;
    }
    const checked = checks[definition.type](definition, value);
    if ('problem' in checked) errors.add(path, checked.problem);
    else changes.set[code] = checked.value;
  }
  if (options.requireAll)
    for (const definition of definitions)
      if (definition.required && !Object.hasOwn(given, definition.code))
        errors.add(`/attributes/${definition.code}`, 'is required');
  return changes;
}

/** Why a definition's options and validation do not fit its type, as field errors. */
export function checkDefinition(
  definition: Pick<
    AttributeDefinition,
    'type' | 'options' | 'validation' | 'indexed' | 'shopperVisible' | 'shopperEditable'
  >,
  errors: FieldErrors,
) {
  const { type, options, validation } = definition;
  const choices = type === 'enum' || type === 'multiEnum';
  if (choices && options.length === 0) errors.add('/options', `must list at least one option for ${type}`);
  if (!choices && options.length > 0) errors.add('/options', `is only for enum and multiEnum, not ${type}`);
  const values = options.map((o) => o.value);
  if (new Set(values).size !== values.length) errors.add('/options', 'must not repeat an option value');
  const allowed: Record<AttributeType, string[]> = {
    text: ['minLength', 'maxLength', 'pattern'],
    number: ['min', 'max'],
    date: ['min', 'max'],
    boolean: [],
    enum: [],
    multiEnum: [],
  };
  for (const key of Object.keys(validation))
    if (!allowed[type].includes(key)) errors.add(`/validation/${key}`, `does not apply to ${type}`);
  for (const key of ['min', 'max'] as const) {
    const bound = validation[key];
    if (bound === undefined || !allowed[type].includes(key)) continue;
    if (type === 'number' && typeof bound !== 'number') errors.add(`/validation/${key}`, 'must be a number');
    if (type === 'date' && (typeof bound !== 'string' || !normaliseDate(bound)))
      errors.add(`/validation/${key}`, 'must be an ISO 8601 date or date-time');
  }
  checkRanges(type, validation, errors);
  if (definition.indexed && type === 'multiEnum')
    errors.add('/indexed', 'a multiEnum cannot be indexed: a set of options has no order to sort by');
  if (definition.shopperEditable && !definition.shopperVisible)
    errors.add('/shopperEditable', 'needs shopperVisible: a shopper cannot edit what they cannot see');
}

function checkRanges(type: AttributeType, validation: AttributeValidation, errors: FieldErrors) {
  const { min, max, minLength, maxLength, pattern } = validation;
  if (type === 'number' && typeof min === 'number' && typeof max === 'number' && min > max)
    errors.add('/validation/max', 'must not be less than min');
  if (type === 'date' && typeof min === 'string' && typeof max === 'string') {
    const [from, to] = [normaliseDate(min), normaliseDate(max)];
    if (from && to && from > to) errors.add('/validation/max', 'must not be before min');
  }
  if (type !== 'text') return;
  if (minLength !== undefined && maxLength !== undefined && minLength > maxLength)
    errors.add('/validation/maxLength', 'must not be less than minLength');
  if (pattern !== undefined) {
    const problem = patternProblem(pattern);
    if (problem) errors.add('/validation/pattern', problem);
    if ((maxLength ?? DEFAULT_TEXT_MAX) > DEFAULT_TEXT_MAX)
      errors.add('/validation/maxLength', `must be at most ${DEFAULT_TEXT_MAX} with a pattern`);
  }
}
