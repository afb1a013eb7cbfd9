import { type Static, Type } from '@sinclair/typebox';
import { MultiLine, Nullable, SingleLine, Timestamp, Uuid } from '../../http/schemas.js';
import { MAX_FILTER_LENGTH } from '../../lib/filter/filter-parser.js';
import { TOTAL_CAP } from '../../lib/list/limits.js';
import { ListQuery, PageOf, type SortSpec } from '../../lib/list/list-query.js';
import { CustomerSchema, customerSort } from '../customers/customers.schemas.js';

/** How many customers a preview shows beside its count. */
export const PREVIEW_SAMPLE_SIZE = 5;

const FILTER_EXAMPLES = [
  'lastOrderAt lt now-90d and ordersCount ge 1',
  'createdAt ge startOfMonth',
  'country eq "NZ" and tags co "vip"',
];

const filter = MultiLine({
  minLength: 1,
  maxLength: MAX_FILTER_LENGTH,
  examples: FILTER_EXAMPLES,
  description:
    'The customer filter (docs/api.md), kept as text: it is checked when saved and applied as it reads at every use, so `now-90d` moves with the clock. A bad filter is a 400 naming `/filter` with the position of the fault.',
});
const name = SingleLine({
  minLength: 1,
  maxLength: 100,
  examples: ['Lapsed buyers'],
  description: 'Unique in the tenant, whatever its case.',
});
const description = Nullable(
  MultiLine({
    maxLength: 1000,
    examples: ['Bought before, nothing in 90 days.'],
    description: 'What the segment is for.',
  }),
);

export const SegmentCreateSchema = Type.Object(
  { name, description: Type.Optional(description), filter },
  { additionalProperties: false, title: 'SegmentCreate' },
);
export type SegmentCreate = Static<typeof SegmentCreateSchema>;

export const SegmentPatchSchema = Type.Partial(Type.Object({ name, description, filter }), {
  additionalProperties: false,
  minProperties: 1,
  title: 'SegmentPatch',
});
export type SegmentPatch = Static<typeof SegmentPatchSchema>;

export const SegmentSchema = Type.Object(
  {
    id: Uuid(),
    name: Type.String({ maxLength: 100 }),
    description: Nullable(Type.String({ maxLength: 1000 })),
    filter: Type.String({ maxLength: MAX_FILTER_LENGTH }),
    createdBy: Type.Object(
      {
        type: Type.String({ maxLength: 20, description: 'admin, apiKey or system.' }),
        id: Type.String({ maxLength: 100 }),
      },
      { description: 'Who saved the segment first.' },
    ),
    createdAt: Timestamp(),
    updatedAt: Timestamp(),
  },
  { additionalProperties: false, title: 'Segment' },
);
export type Segment = Static<typeof SegmentSchema>;

export const segmentSort = {
  fields: ['name', 'createdAt'],
  default: 'name',
  defaultMeaning: 'A to Z by name, whatever the case',
  examples: ['-createdAt'],
} as const satisfies SortSpec;

export const SegmentListQuerySchema = ListQuery({}, { sort: segmentSort });
export type SegmentListQuery = Static<typeof SegmentListQuerySchema>;

export const SegmentPageSchema = PageOf(SegmentSchema, { title: 'SegmentPage' });

export const SegmentPreviewInputSchema = Type.Object(
  { filter },
  { additionalProperties: false, title: 'SegmentPreviewInput' },
);
export type SegmentPreviewInput = Static<typeof SegmentPreviewInputSchema>;

export const SegmentPreviewSchema = Type.Object(
  {
    count: Type.Integer({
      format: 'int32',
      minimum: 0,
      maximum: TOTAL_CAP,
      description: 'Customers matching now: exact up to 10,000, else a lower bound (see countIsLowerBound).',
    }),
    countIsLowerBound: Type.Boolean({
      description:
        'True when more customers may match than `count`: above 10,000, or when counting ran out of its time.',
    }),
    share: Nullable(
      Type.Number({
        minimum: 0,
        maximum: 1,
        description:
          "`count` as a fraction of the tenant's customers; null when the count is a lower bound or the tenant has none.",
      }),
    ),
    shareIsEstimate: Type.Boolean({
      description:
        "True when the tenant has more than 10,000 customers: the share then divides by the database's estimate of them.",
    }),
    sample: Type.Array(CustomerSchema, {
      maxItems: PREVIEW_SAMPLE_SIZE,
      description: `Up to ${PREVIEW_SAMPLE_SIZE} matching customers, in the grid's default order.`,
    }),
  },
  { additionalProperties: false, title: 'SegmentPreview' },
);
export type SegmentPreview = Static<typeof SegmentPreviewSchema>;

/** The members page takes the grid's paging: its sort, cursor, limit and includeTotal. */
export const SegmentMembersQuerySchema = ListQuery(
  {
    includeTotal: Type.Optional(
      Type.Boolean({ description: 'Add `total`, exact up to 10,000 and otherwise a lower bound.' }),
    ),
  },
  { sort: customerSort },
);
export type SegmentMembersQuery = Static<typeof SegmentMembersQuerySchema>;
