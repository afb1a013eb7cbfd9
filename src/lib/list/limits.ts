/**
 * The bounds every list shares. Kept apart from the list builder, which needs Node (Buffer), so
 * the admin app can compile the list schemas that state them.
 */

/** A list sorts by at most this many fields (each with its index). */
export const MAX_SORT_KEYS = 4;

/** `includeTotal` counts exactly up to this many rows, and reports a lower bound above. */
export const TOTAL_CAP = 10_000;
