import { FilterError } from './filter-error.js';

/** The moments a relative date counts from, as the filter language spells them. */
export const DATE_ANCHORS = ['now', 'startOfDay', 'startOfWeek', 'startOfMonth', 'startOfYear'] as const;
export type DateAnchor = (typeof DATE_ANCHORS)[number];

/** Hours, days, weeks, months, years. */
export const DATE_UNITS = ['h', 'd', 'w', 'm', 'y'] as const;
export type DateUnit = (typeof DATE_UNITS)[number];

/**
 * A date relative to the moment a filter is compiled (`now-90d`, `startOfMonth`): it stays text
 * in a saved segment, so "customers seen in the last 90 days" moves with the clock. `shift` keeps
 * its sign apart from its amount, so `now-0d` writes back as it was written.
 */
export interface RelativeDate {
  kind: 'relativeDate';
  anchor: DateAnchor;
  shift: { sign: '+' | '-'; amount: number; unit: DateUnit } | null;
}

const ANCHOR_BY_LOWER = new Map<string, DateAnchor>(DATE_ANCHORS.map((a) => [a.toLowerCase(), a]));
/** A shift written right after the anchor, without spaces: `-90d`, `+2w`. */
const SHIFT = /([+-])(\d+)([A-Za-z_.][A-Za-z0-9_.]*)?/y;
/** Larger amounts only spell dates out of range, and would lose digits as numbers. */
const MAX_AMOUNT_DIGITS = 9;

export const isRelativeDate = (value: unknown): value is RelativeDate =>
  typeof value === 'object' && value !== null && (value as RelativeDate).kind === 'relativeDate';

/**
 * Reads a relative date whose anchor word (`now`, `startOfMonth`…, any case) starts at `start`
 * and ends at `wordEnd`; undefined when the word is no anchor. Throws a FilterError pointing at
 * the unit or amount of a shift it cannot read (`now-90x`).
 */
export function readRelativeDate(
  input: string,
  start: number,
  wordEnd: number,
): { value: RelativeDate; end: number } | undefined {
  const anchor = ANCHOR_BY_LOWER.get(input.slice(start, wordEnd).toLowerCase());
  if (!anchor) return undefined;
  SHIFT.lastIndex = wordEnd;
  const match = SHIFT.exec(input);
  if (!match) return { value: { kind: 'relativeDate', anchor, shift: null }, end: wordEnd };
  const [whole, sign, digits = '', unit] = match;
  const unitAt = wordEnd + 1 + digits.length;
  if (digits.length > MAX_AMOUNT_DIGITS) {
    throw new FilterError(
      wordEnd + 1,
      `the amount ${digits} in "${input.slice(start, unitAt)}" is too large`,
    );
  }
  if (!unit || !(DATE_UNITS as readonly string[]).includes(unit)) {
    const found = unit ? `"${unit}"` : 'nothing';
    throw new FilterError(
      unitAt,
      `expected a unit (${DATE_UNITS.join(', ')}: hours, days, weeks, months, years) after "${input.slice(start, unitAt)}", found ${found}`,
    );
  }
  return {
    value: {
      kind: 'relativeDate',
      anchor,
      shift: { sign: sign as '+' | '-', amount: Number(digits), unit: unit as DateUnit },
    },
    end: wordEnd + whole.length,
  };
}

/** `now-90d`, `startOfMonth`: the canonical spelling, which readRelativeDate reads back. */
export function formatRelativeDate(date: RelativeDate): string {
  const { shift } = date;
  return shift ? `${date.anchor}${shift.sign}${shift.amount}${shift.unit}` : date.anchor;
}

const DAY_MS = 86_400_000;

function anchorDate(anchor: DateAnchor, now: Date): Date {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const d = now.getUTCDate();
  switch (anchor) {
    case 'now':
      return new Date(now.getTime());
    case 'startOfDay':
      return new Date(Date.UTC(y, m, d));
    case 'startOfWeek':
      // Weeks start on Monday (ISO 8601); getUTCDay() counts from Sunday = 0.
      return new Date(Date.UTC(y, m, d) - ((now.getUTCDay() + 6) % 7) * DAY_MS);
    case 'startOfMonth':
      return new Date(Date.UTC(y, m, 1));
    case 'startOfYear':
      return new Date(Date.UTC(y, 0, 1));
  }
}

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const daysIn = (year: number, month: number) =>
  month === 1 ? (isLeap(year) ? 29 : 28) : [31, 0, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month]!;

/** Moves by calendar months, keeping the time of day and clamping the day (31 March - 1m = 28/29 February). */
function addMonths(date: Date, months: number): Date {
  const total = date.getUTCFullYear() * 12 + date.getUTCMonth() + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const moved = new Date(date.getTime());
  // setUTCFullYear, not Date.UTC, which reads years 0 to 99 as 1900 to 1999.
  moved.setUTCFullYear(year, month, Math.min(date.getUTCDate(), daysIn(year, month)));
  return moved;
}

/** Years 1 to 9999: what the API's timestamps (and ISO 8601's four digits) can say. */
const EARLIEST = new Date(0).setUTCFullYear(1, 0, 1);
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * The instant a relative date stands for at `now`, in UTC: days are 24 hours, weeks start on
 * Monday, months and years are calendar ones with the day clamped to the target month. Null
 * when it falls outside years 1 to 9999.
 */
export function resolveRelativeDate(date: RelativeDate, now: Date): Date | null {
  const base = anchorDate(date.anchor, now);
  const { shift } = date;
  if (!shift) return base;
  const n = shift.sign === '-' ? -shift.amount : shift.amount;
  let moved: Date;
  switch (shift.unit) {
    case 'h':
      moved = new Date(base.getTime() + n * 3_600_000);
      break;
    case 'd':
      moved = new Date(base.getTime() + n * DAY_MS);
      break;
    case 'w':
      moved = new Date(base.getTime() + n * 7 * DAY_MS);
      break;
    case 'm':
      moved = addMonths(base, n);
      break;
    case 'y':
      moved = addMonths(base, n * 12);
      break;
  }
  const time = moved.getTime();
  return Number.isNaN(time) || time < EARLIEST || time > LATEST ? null : moved;
}
