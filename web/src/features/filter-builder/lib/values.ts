import type { FilterValue } from '@server/lib/filter/filter-parser.js';
import type { RelativeDate } from '@server/lib/filter/relative-date.js';
import { countryName } from '@/lib/format';
import { currencyDigits, formatMoney, MAX_MINOR } from '@/lib/money';
import type { FieldKind } from './fields';

/**
 * The relative dates the picker offers. The filter language keeps them relative (`now-30d`), so a
 * saved view or segment "last order after 30 days ago" moves with the clock.
 */
export const RELATIVE_DATES: { text: string; label: string }[] = [
  { text: 'startOfDay', label: 'today' },
  { text: 'now-7d', label: '7 days ago' },
  { text: 'now-30d', label: '30 days ago' },
  { text: 'now-90d', label: '90 days ago' },
  { text: 'startOfWeek', label: 'the start of this week' },
  { text: 'startOfMonth', label: 'the start of this month' },
  { text: 'startOfYear', label: 'the start of this year' },
  { text: 'now-1y', label: '1 year ago' },
];

const ANCHOR_WORDS: Record<RelativeDate['anchor'], string> = {
  now: 'now',
  startOfDay: 'today',
  startOfWeek: 'the start of this week',
  startOfMonth: 'the start of this month',
  startOfYear: 'the start of this year',
};
const UNIT_WORDS = { h: 'hour', d: 'day', w: 'week', m: 'month', y: 'year' } as const;

export const isRelativeDate = (value: FilterValue): value is RelativeDate =>
  typeof value === 'object' && value !== null;

/** `now-30d` → "30 days ago"; `startOfMonth+1w` → "the start of this month + 1 week". */
export function describeRelativeDate(date: RelativeDate): string {
  const { shift } = date;
  if (!shift) return ANCHOR_WORDS[date.anchor];
  const amount = `${shift.amount} ${UNIT_WORDS[shift.unit]}${shift.amount === 1 ? '' : 's'}`;
  if (date.anchor === 'now') return shift.sign === '-' ? `${amount} ago` : `in ${amount}`;
  return `${ANCHOR_WORDS[date.anchor]} ${shift.sign === '-' ? '−' : '+'} ${amount}`;
}

/**
 * An amount typed in the tenant's currency ("50", "50.00") as the minor units the filter compares
 * (`totalSpent gt 5000`), or what is wrong with it. Zero is allowed: "more than 0" is a question.
 */
export function moneyToMinor(
  typed: string,
  currency: string,
): { minor: number; error?: undefined } | { minor?: undefined; error: string } {
  const match = /^(\d+)(?:\.(\d*))?$/.exec(typed.trim().replace(/,/g, ''));
  if (!match) return { error: 'Enter an amount, e.g. 50.00' };
  const digits = currencyDigits(currency);
  const decimals = (match[2] ?? '').replace(/0+$/, '');
  if (decimals.length > digits)
    return {
      error: digits === 0 ? `${currency} has no decimals` : `${currency} has at most ${digits} decimals`,
    };
  const minor = Number(match[1]) * 10 ** digits + Number(decimals.padEnd(digits, '0') || '0');
  if (minor > MAX_MINOR) return { error: 'The amount is too large' };
  return { minor };
}

/** Minor units back to the amount as typed in major units: 5000 → "50.00". */
export const minorToMajor = (minor: number, currency: string): string =>
  (minor / 10 ** currencyDigits(currency)).toFixed(currencyDigits(currency));

/** A chip's value in words: "Germany", "$50.00", "30 days ago", "yes". */
export function describeValue(
  kind: FieldKind,
  value: FilterValue,
  context: { currency: string; optionLabel?: (value: string) => string | undefined },
): string {
  if (value === null) return 'nothing';
  if (isRelativeDate(value)) return describeRelativeDate(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (kind === 'money' && typeof value === 'number') return formatMoney(value, context.currency);
  if (typeof value === 'number') return value.toLocaleString('en-US');
  if (kind === 'country') return countryName(value);
  return context.optionLabel?.(value) ?? value;
}
