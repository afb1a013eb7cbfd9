/** The unique index a failed insert or update ran into, if that is why it failed. */
export function violatedUniqueIndex(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const { code, constraint } = error as { code?: string; constraint?: string };
  return code === '23505' ? (constraint ?? '') : null;
}

/** The CHECK constraint a failed insert or update broke, if that is why it failed. */
export function violatedCheck(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const { code, constraint } = error as { code?: string; constraint?: string };
  return code === '23514' ? (constraint ?? '') : null;
}

/** The foreign key a failed insert or update broke (the row it names is gone), if that is why it failed. */
export function violatedForeignKey(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const { code, constraint } = error as { code?: string; constraint?: string };
  return code === '23503' ? (constraint ?? '') : null;
}
