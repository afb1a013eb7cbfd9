import type { FilterValue } from '@server/lib/filter/filter-parser.js';
import { formatRelativeDate, readRelativeDate } from '@server/lib/filter/relative-date.js';
import type { ChipOp, FilterChip } from './chips';
import { defaultValue, type FieldKind, takesValue } from './fields';
import { isRelativeDate, minorToMajor, moneyToMinor } from './values';

/** A condition being edited: the value as typed, read into a filter value only on Apply. */
export interface Draft {
  attr: string;
  op: ChipOp;
  text: string;
}

/** The text a value is edited as: "50.00" for 5000 cents, `now-30d` for a relative date. */
export function valueText(kind: FieldKind, value: FilterValue, currency: string): string {
  if (value === null) return '';
  if (isRelativeDate(value)) return formatRelativeDate(value);
  if (kind === 'money' && typeof value === 'number') return minorToMajor(value, currency);
  return String(value);
}

export const draftOf = (chip: FilterChip, kind: FieldKind, currency: string): Draft => ({
  attr: chip.attr,
  op: chip.op,
  text: valueText(kind, chip.value, currency),
});

/** A fresh draft for a field just picked: its first operator and a sensible starting value. */
export const freshDraft = (attr: string, kind: FieldKind, op: ChipOp, currency: string): Draft => ({
  attr,
  op,
  text: valueText(kind, defaultValue(kind), currency),
});

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The draft as a chip, or what the person must fix first (said next to the value). */
export function chipOfDraft(
  draft: Draft,
  kind: FieldKind,
  currency: string,
): { chip: FilterChip; error?: undefined } | { chip?: undefined; error: string } {
  const { attr, op } = draft;
  if (!takesValue(op)) return { chip: { attr, op, value: null } };
  const text = draft.text.trim();
  if (!text) return { error: 'Enter a value' };
  switch (kind) {
    case 'money': {
      const money = moneyToMinor(text, currency);
      return money.error !== undefined ? { error: money.error } : { chip: { attr, op, value: money.minor } };
    }
    case 'number': {
      const number = Number(text);
      return Number.isFinite(number) ? { chip: { attr, op, value: number } } : { error: 'Enter a number' };
    }
    case 'boolean':
      return { chip: { attr, op, value: text === 'true' } };
    case 'date': {
      if (DAY.test(text)) return { chip: { attr, op, value: text } };
      const anchor = /^[A-Za-z]+/.exec(text)?.[0] ?? '';
      try {
        const relative = readRelativeDate(text, 0, anchor.length);
        if (relative && relative.end === text.length) return { chip: { attr, op, value: relative.value } };
      } catch {
        // A relative date with a bad shift reads as no date at all.
      }
      return { error: 'Pick a date' };
    }
    default:
      return { chip: { attr, op, value: text } };
  }
}
