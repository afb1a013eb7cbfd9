import {
  type SchemaOptions,
  type TInteger,
  type TObject,
  type TOptional,
  type TProperties,
  type TSchema,
  type TString,
  Type,
} from '@sinclair/typebox';
import { MAX_SORT_KEYS, TOTAL_CAP } from './limits.js';

/**
 * The query parameters every list shares, written once from what the list declares, so that
 * /openapi.json tells a generated client which values work (issue #10): `sort` gets a pattern
 * built from the list's sortable fields, a default and examples; `limit` and `cursor` the same
 * bounds everywhere.
 */
export interface SortSpec {
  /** The fields this list sorts by, as the API names them (the keys of its SortFields). */
  fields: readonly string[];
  /** The order when `sort` is absent, e.g. `-createdAt`. */
  default: string;
  /** What the default means to a reader, e.g. "newest first". */
  defaultMeaning: string;
  /** A note on particular fields, for the description. */
  note?: string;
  /** Typical values beside the default; without them, the first field either way. */
  examples?: readonly string[];
  /**
   * Fields the list adds per request (a tenant's indexed custom attributes): a regular
   * expression for their names, without anchors, and how the description names them.
   */
  openFields?: { pattern: string; shown: string };
}

/** Messages for the patterns built here, by pattern, for src/http/problem.ts to show. */
export const sortPatternMessages = new Map<string, string>();

/** `^[+-]?(?:a|b)(?:,[+-]?(?:a|b)){0,3}$`: up to MAX_SORT_KEYS of the fields, comma-separated. */
export function sortPattern(fields: readonly string[], openFields?: SortSpec['openFields']): string {
  // Field names are plain identifiers, so they go into the pattern as they are.
  const one = `[+-]?(?:${[...fields, ...(openFields ? [openFields.pattern] : [])].join('|')})`;
  const more = Math.min(fields.length + (openFields ? MAX_SORT_KEYS : 0), MAX_SORT_KEYS) - 1;
  return more > 0 ? `^${one}(?:,${one}){0,${more}}$` : `^${one}$`;
}

/** The `sort` query parameter of a list. */
export function SortParam(spec: SortSpec) {
  const pattern = sortPattern(spec.fields, spec.openFields);
  const most = Math.min(spec.fields.length, MAX_SORT_KEYS);
  const names = [...spec.fields, ...(spec.openFields ? [spec.openFields.shown] : [])];
  const message =
    most > 1
      ? `must be up to ${most} of ${names.join(', ')}, comma-separated, each with - in front for descending`
      : `must be ${spec.fields[0]}, with - in front for descending`;
  sortPatternMessages.set(pattern, message);
  const [first = ''] = spec.fields;
  const examples = [spec.default, ...(spec.examples ?? [first, `-${first}`])].filter(
    (value, i, all) => all.indexOf(value) === i,
  );
  return Type.String({
    maxLength: 200,
    pattern,
    default: spec.default,
    examples,
    description:
      (most > 1
        ? `Comma list of up to ${most} fields, \`-\` in front for descending: ${names.map((f) => `\`${f}\``).join(', ')}.`
        : `\`${first}\`, \`-\` in front for descending.`) +
      ` Default \`${spec.default}\` (${spec.defaultMeaning}).${spec.note ? ` ${spec.note}` : ''}`,
  });
}

/** The `limit` query parameter: 1 to 200 items a page, 50 unless asked. */
export const LimitParam = () =>
  Type.Integer({
    format: 'int32',
    minimum: 1,
    maximum: 200,
    default: 50,
    examples: [50, 200],
    description: 'Items a page, 1 to 200.',
  });

/** The `cursor` query parameter: the previous page's `nextCursor`, opaque. */
export const CursorParam = (maxLength = 4000) =>
  Type.String({ maxLength, description: 'The `nextCursor` of the previous page.' });

/** The `filter` query parameter, with examples of the list's own attributes. */
export const FilterParam = (examples: string[], options: SchemaOptions = {}) =>
  Type.String({ maxLength: 2000, examples, ...options });

type PageParams = { limit: TOptional<TInteger>; cursor: TOptional<TString> };
type SortedPageParams = PageParams & { sort: TOptional<TString> };

/**
 * A list's query string: its own parameters (filters, search) first, then `sort` when the list
 * has one, `limit` and `cursor` (up to `cursorMaxLength`: a cursor holding text keys is longer).
 * Unknown parameters are refused.
 */
export function ListQuery<P extends TProperties>(
  own: P,
  options: { sort: SortSpec; cursorMaxLength?: number },
): TObject<P & SortedPageParams>;
export function ListQuery<P extends TProperties>(
  own: P,
  options?: { cursorMaxLength?: number },
): TObject<P & PageParams>;
export function ListQuery(own: TProperties, options: { sort?: SortSpec; cursorMaxLength?: number } = {}) {
  return Type.Object(
    {
      ...own,
      ...(options.sort ? { sort: Type.Optional(SortParam(options.sort)) } : {}),
      limit: Type.Optional(LimitParam()),
      cursor: Type.Optional(CursorParam(options.cursorMaxLength)),
    },
    { additionalProperties: false },
  );
}

/** `nextCursor`: a string, or null on the last page. */
const NextCursor = (maxLength: number) => Type.Unsafe<string | null>({ type: ['string', 'null'], maxLength });

export interface PageOptions {
  /** The schema's name in /openapi.json, e.g. `CustomerPage`. */
  title?: string;
  /** As the list's ListQuery: the longest cursor it gives out. */
  cursorMaxLength?: number;
}

const Partial = () =>
  Type.Optional(
    Type.Boolean({
      description:
        'Present and true when the service stopped looking before the page was full, to answer in bounded time: `data` holds the matches found so far (possibly none) and `nextCursor` continues the search. Keep fetching while it is true.',
    }),
  );

/** One page of a list: up to 200 items and the cursor of the next page. */
export function PageOf<T extends TSchema>(item: T, options: PageOptions = {}) {
  return Type.Object(
    {
      data: Type.Array(item, { maxItems: 200 }),
      nextCursor: NextCursor(options.cursorMaxLength ?? 4000),
    },
    options.title ? { title: options.title } : {},
  );
}

/** A page of a list whose search is a bounded walk (lib/list/plan.ts): it may be `partial`. */
export function SearchedPageOf<T extends TSchema>(item: T, options: PageOptions = {}) {
  return Type.Object(
    {
      data: Type.Array(item, { maxItems: 200 }),
      nextCursor: NextCursor(options.cursorMaxLength ?? 4000),
      partial: Partial(),
    },
    options.title ? { title: options.title } : {},
  );
}

/**
 * A page that can also carry the list's total (`includeTotal`): exact up to TOTAL_CAP, beyond it
 * the planner's estimate (`totalIsEstimate`), or a lower bound when even the count ran out of time.
 */
export function CountedPageOf<T extends TSchema>(item: T, options: PageOptions = {}) {
  return Type.Object(
    {
      data: Type.Array(item, { maxItems: 200 }),
      nextCursor: NextCursor(options.cursorMaxLength ?? 4000),
      partial: Partial(),
      total: Type.Optional(
        Type.Integer({
          format: 'int32',
          minimum: 0,
          maximum: 2_147_483_647,
          description: `Exact up to ${TOTAL_CAP.toLocaleString('en')}; beyond it see totalIsEstimate and totalIsLowerBound.`,
        }),
      ),
      totalIsEstimate: Type.Optional(
        Type.Boolean({
          description:
            '`total` is PostgreSQL\'s estimate, not a count: more than 10,000 match, about this many (say "about").',
        }),
      ),
      totalIsLowerBound: Type.Optional(
        Type.Boolean({ description: 'At least `total` match: the count ran out of time.' }),
      ),
    },
    options.title ? { title: options.title } : {},
  );
}
