/**
 * Field-level diffs for the record of change (issue 16): `data.changes` of `customer.updated`,
 * `address.changed` and the changes of tenant resources. Field names are the API's (`email`,
 * `address.city`, `attributes.<code>`); values as the API shows them. Callers name the fields
 * that may appear, so a secret (a password hash, a token digest) is never diffed by accident.
 */
export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

/** A value as JSON keeps it: dates as ISO strings, undefined as null. */
function plain(value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  return value;
}

const same = (a: unknown, b: unknown) => JSON.stringify(plain(a)) === JSON.stringify(plain(b));

/**
 * The listed fields whose values differ between `before` and `after`, each named `prefix + field`.
 * A missing side (a creation or a removal) reads as null.
 */
export function fieldChanges<T extends object, K extends keyof T & string>(
  before: T | null | undefined,
  after: T | null | undefined,
  fields: readonly K[],
  prefix = '',
): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of fields) {
    const from = plain(before?.[field]);
    const to = plain(after?.[field]);
    if (!same(from, to)) changes.push({ field: `${prefix}${field}`, from, to });
  }
  return changes;
}

/** The changed keys of two JSON objects (custom attribute values), as `prefix + key`. */
export function recordChanges(
  before: Record<string, unknown> | null | undefined,
  after: Record<string, unknown> | null | undefined,
  prefix: string,
): FieldChange[] {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].sort();
  const changes: FieldChange[] = [];
  for (const key of keys) {
    const from = plain(before?.[key]);
    const to = plain(after?.[key]);
    if (!same(from, to)) changes.push({ field: `${prefix}${key}`, from, to });
  }
  return changes;
}
