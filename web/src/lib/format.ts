const dateFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' });
const dateTimeFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' });
const numberFormat = new Intl.NumberFormat('en-US');
// The admin's own language first: a country reads best in the words its reader uses.
const regionNames = new Intl.DisplayNames(
  [
    // No navigator where the unit tests run (Node 20).
    ...(typeof navigator === 'undefined' ? [] : navigator.languages),
    'en',
  ],
  {
    type: 'region',
    fallback: 'none',
  },
);

export function formatDate(iso: string | null | undefined): string {
  return iso ? dateFormat.format(new Date(iso)) : '—';
}

export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dateTimeFormat.format(new Date(iso)) : '—';
}

export function formatCount(count: number): string {
  return numberFormat.format(count);
}

/** "1 customer", "1,234 customers", "10,000+ customers". */
export function formatTotal(count: number, noun: string, isLowerBound = false, isEstimate = false): string {
  if (isEstimate) return `about ${formatCount(roughly(count))} ${noun}s`;
  return `${formatCount(count)}${isLowerBound ? '+' : ''} ${count === 1 && !isLowerBound ? noun : `${noun}s`}`;
}

/** An estimate to two significant figures (1,234,567 → 1,200,000): more would claim a precision it has not. */
export function roughly(n: number): number {
  if (n < 100) return Math.round(n);
  const unit = 10 ** (Math.floor(Math.log10(n)) - 1);
  return Math.round(n / unit) * unit;
}

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** How long ago, in the largest whole unit: "3 days", "5 hours", "under a minute". */
export function formatAge(iso: string, now: number = Date.now()): string {
  const elapsed = Math.max(0, now - new Date(iso).getTime());
  for (const [unit, ms] of units) {
    const n = Math.floor(elapsed / ms);
    if (n >= 1) return `${formatCount(n)} ${unit}${n === 1 ? '' : 's'}`;
  }
  return 'under a minute';
}

/**
 * A country's name from its ISO 3166-1 code ("US" → "United States"), or `fallback` (else the code)
 * for a code the browser does not know.
 */
export function countryName(code: string, fallback?: string): string {
  try {
    // Upper case: a filter typed by hand may say "de"; DisplayNames would echo it back.
    return regionNames.of(code.toUpperCase()) ?? fallback ?? code;
  } catch {
    // DisplayNames throws on a code that is not well-formed (e.g. an empty one).
    return fallback ?? code;
  }
}
