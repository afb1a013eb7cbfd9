import type { FilterValue } from '@server/lib/filter/filter-parser.js';
import { DATE_ANCHORS, DATE_UNITS, type RelativeDate } from '@server/lib/filter/relative-date.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ChipOp, chipAtPosition, type FilterChip, printChips, readFilter } from './chips';
import { chipOfDraft, draftOf } from './draft';
import { moneyToMinor } from './values';

const withoutPositions = (chips: FilterChip[]) => chips.map(({ position: _, ...chip }) => chip);
const chipsOf = (text: string) => {
  const read = readFilter(text);
  if (read.kind !== 'chips') throw new Error(`not chips: ${read.kind}`);
  return withoutPositions(read.chips);
};

describe('reading a filter as chips', () => {
  it.each([
    ['', []],
    ['country eq "DE"', [{ attr: 'country', op: 'eq', value: 'DE' }]],
    [
      'country eq "DE" and totalSpent gt 5000',
      [
        { attr: 'country', op: 'eq', value: 'DE' },
        { attr: 'totalSpent', op: 'gt', value: 5000 },
      ],
    ],
    [
      'tags pr AND not (email pr)',
      [
        { attr: 'tags', op: 'pr', value: null },
        { attr: 'email', op: 'empty', value: null },
      ],
    ],
    [
      'lastOrderAt lt now-30d',
      [
        {
          attr: 'lastOrderAt',
          op: 'lt',
          value: { kind: 'relativeDate', anchor: 'now', shift: { sign: '-', amount: 30, unit: 'd' } },
        },
      ],
    ],
    // Parentheses around `and` change nothing: the chips stay one flat list.
    ['a eq 1 and (b eq 2 and c eq 3)', ['a', 'b', 'c'].map((attr, i) => ({ attr, op: 'eq', value: i + 1 }))],
  ] as [string, FilterChip[]][])('%j', (text, chips) => {
    expect(chipsOf(text)).toEqual(chips);
  });

  it.each(['country eq "DE" or country eq "AT"', 'not (tags eq "vip")', 'not (a pr and b pr)'])(
    'keeps %j as an expression',
    (text) => {
      expect(readFilter(text)).toEqual({ kind: 'expression' });
    },
  );

  it('says where a filter that does not parse goes wrong', () => {
    expect(readFilter('country eq "DE" and totalSpent gt')).toMatchObject({ kind: 'invalid', position: 33 });
  });

  it('finds the chip a server error points at', () => {
    const read = readFilter('country eq "DE" and lastOrderAt gt "soon" and tags pr');
    if (read.kind !== 'chips') throw new Error('not chips');
    expect(chipAtPosition(read.chips, 20)).toBe(1);
    expect(chipAtPosition(read.chips, 36)).toBe(1);
    expect(chipAtPosition(read.chips, 46)).toBe(2);
  });
});

describe('chips → expression → chips', () => {
  const attr = fc
    .stringMatching(/^[A-Za-z][A-Za-z0-9_.]{0,8}$/)
    .filter(
      (name) =>
        ![...['and', 'or', 'not'], ...DATE_ANCHORS.map((a) => a.toLowerCase())].includes(name.toLowerCase()),
    );
  const relativeDate: fc.Arbitrary<RelativeDate> = fc.record({
    kind: fc.constant('relativeDate' as const),
    anchor: fc.constantFrom(...DATE_ANCHORS),
    shift: fc.option(
      fc.record({
        sign: fc.constantFrom('+' as const, '-' as const),
        amount: fc.nat({ max: 999_999 }),
        unit: fc.constantFrom(...DATE_UNITS),
      }),
    ),
  });
  const value: fc.Arbitrary<FilterValue> = fc.oneof(
    fc.string({ unit: 'grapheme' }),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    relativeDate,
  );
  const chip: fc.Arbitrary<FilterChip> = fc.oneof(
    fc.record({
      attr,
      op: fc.constantFrom<ChipOp>('eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'),
      value,
    }),
    fc.record({ attr, op: fc.constantFrom<ChipOp>('pr', 'empty'), value: fc.constant(null) }),
  );

  it('gives the same chips back', () => {
    fc.assert(
      fc.property(fc.array(chip, { maxLength: 6 }), (chips) => {
        expect(chipsOf(printChips(chips))).toEqual(chips);
      }),
      { numRuns: 500 },
    );
  });

  it('prints what it read in one canonical spelling', () => {
    const text = 'COUNTRY EQ "DE" AND totalSpent GT 5000 and NOT ( tags PR )';
    expect(printChips(chipsOf(text))).toBe('COUNTRY eq "DE" and totalSpent gt 5000 and not (tags pr)');
  });
});

describe('typed values', () => {
  it('reads money in major units of the currency', () => {
    expect(moneyToMinor('50', 'USD')).toEqual({ minor: 5000 });
    expect(moneyToMinor('50.5', 'USD')).toEqual({ minor: 5050 });
    expect(moneyToMinor('1,250.00', 'USD')).toEqual({ minor: 125000 });
    expect(moneyToMinor('0', 'USD')).toEqual({ minor: 0 });
    expect(moneyToMinor('500', 'JPY')).toEqual({ minor: 500 });
    expect(moneyToMinor('0.001', 'USD').error).toBe('USD has at most 2 decimals');
    expect(moneyToMinor('fifty', 'USD').error).toBe('Enter an amount, e.g. 50.00');
  });

  it('turns a money draft into minor units and back', () => {
    const { chip } = chipOfDraft({ attr: 'totalSpent', op: 'gt', text: '50' }, 'money', 'USD');
    expect(chip).toEqual({ attr: 'totalSpent', op: 'gt', value: 5000 });
    expect(draftOf(chip!, 'money', 'USD').text).toBe('50.00');
  });

  it('keeps relative dates relative', () => {
    const { chip } = chipOfDraft({ attr: 'lastOrderAt', op: 'gt', text: 'now-30d' }, 'date', 'USD');
    expect(printChips([chip!])).toBe('lastOrderAt gt now-30d');
    expect(chipOfDraft({ attr: 'lastOrderAt', op: 'gt', text: 'soon' }, 'date', 'USD').error).toBe(
      'Pick a date',
    );
  });
});
