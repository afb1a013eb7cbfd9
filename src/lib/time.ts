/**
 * A moment as the API writes it: ISO 8601 in UTC. Rows come back from the drivers as Date (node-
 * postgres, PGlite) or, through raw SQL, as timestamptz text; both read the same here. Null stays
 * null, so a nullable column maps without a branch at every call.
 */
export function iso(value: Date | string): string;
export function iso(value: Date | string | null): string | null;
export function iso(value: Date | string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}
