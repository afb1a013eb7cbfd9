import { type Static, Type } from '@sinclair/typebox';
import { Int32, Nullable, SingleLine, Timestamp, Uuid } from '../../http/schemas.js';
import { MAX_FILTER_LENGTH } from '../../lib/filter/filter-parser.js';
import { ListQuery, PageOf, SortParam, type SortSpec } from '../../lib/list/list-query.js';
import { customerSort } from '../customers/customers.schemas.js';

const name = SingleLine({
  minLength: 1,
  maxLength: 100,
  examples: ['Lapsed VIPs'],
  description:
    "Unique, whatever its case, among the tenant's shared views and among each author's private ones.",
});
const shared = Type.Boolean({
  description:
    "True: the tenant's view, seen by every admin and changed by admins (admin role or higher). False: the author's own.",
});
const q = Nullable(
  Type.String({ maxLength: 200, examples: ['smith'], description: "The grid's search (`q`), or null." }),
);
const filter = Nullable(
  Type.String({
    maxLength: MAX_FILTER_LENGTH,
    examples: ['country eq "NZ" and tags co "vip"'],
    description:
      "The grid's filter (docs/api.md), checked when saved as the customer list checks it (a bad one is a 400 naming `/filter` with the position), or null.",
  }),
);
// The customer list's own `sort` parameter, without its default: a view without a sort keeps null.
const customerSortParam = SortParam(customerSort);
const sort = Nullable(
  Type.String({
    maxLength: 200,
    pattern: customerSortParam.pattern,
    examples: ['-totalSpent', 'lastName,-createdAt'],
    description: `The grid's sort, as the customer list takes it. ${customerSortParam.description} Null for the default; a field the tenant cannot sort by is a 400 naming \`/sort\`.`,
  }),
);
const ColumnSchema = Type.Object(
  {
    id: Type.String({
      minLength: 1,
      maxLength: 100,
      pattern: '^[A-Za-z][A-Za-z0-9_.]*$',
      examples: ['lastName', 'attributes.loyaltyTier'],
      description: "A grid column's id.",
    }),
    width: Type.Optional(Int32({ minimum: 40, maximum: 2000, description: 'Width in pixels.' })),
  },
  { additionalProperties: false, title: 'ViewColumn' },
);
const columns = Type.Array(ColumnSchema, {
  maxItems: 100,
  description: 'The columns shown, in order; empty for the grid default.',
});
const segmentId = Nullable(
  Uuid({ description: "A segment the view opens on (the grid's `segment`), or null. Must exist." }),
);

export const ViewCreateSchema = Type.Object(
  {
    name,
    shared: Type.Optional(shared),
    q: Type.Optional(q),
    filter: Type.Optional(filter),
    sort: Type.Optional(sort),
    columns: Type.Optional(columns),
    segmentId: Type.Optional(segmentId),
  },
  { additionalProperties: false, title: 'ViewCreate' },
);
export type ViewCreate = Static<typeof ViewCreateSchema>;

export const ViewPatchSchema = Type.Partial(
  Type.Object({ name, shared, q, filter, sort, columns, segmentId }),
  {
    additionalProperties: false,
    minProperties: 1,
    title: 'ViewPatch',
  },
);
export type ViewPatch = Static<typeof ViewPatchSchema>;

export const ViewSchema = Type.Object(
  {
    id: Uuid(),
    name: Type.String({ maxLength: 100 }),
    shared: Type.Boolean(),
    owner: Type.Object(
      {
        type: Type.String({ maxLength: 20, description: 'admin or apiKey.' }),
        id: Type.String({ maxLength: 100 }),
      },
      { description: 'Who saved the view.' },
    ),
    q: Nullable(Type.String({ maxLength: 200 })),
    filter: Nullable(Type.String({ maxLength: MAX_FILTER_LENGTH })),
    sort: Nullable(Type.String({ maxLength: 200 })),
    columns: Type.Array(ColumnSchema, { maxItems: 100 }),
    segmentId: Nullable(Uuid()),
    isDefault: Type.Boolean({ description: "True when this is the caller's default view." }),
    createdAt: Timestamp(),
    updatedAt: Timestamp(),
  },
  { additionalProperties: false, title: 'View' },
);
export type View = Static<typeof ViewSchema>;

export const viewSort = {
  fields: ['name'],
  default: 'name',
  defaultMeaning: 'A to Z by name, whatever the case',
} as const satisfies SortSpec;

export const ViewListQuerySchema = ListQuery({}, { sort: viewSort });
export type ViewListQuery = Static<typeof ViewListQuerySchema>;

export const ViewPageSchema = PageOf(ViewSchema, { title: 'ViewPage' });

export const DefaultViewSchema = Type.Object(
  {
    viewId: Nullable(
      Uuid({ description: 'A view the caller can see (shared, or their own), or null for no default.' }),
    ),
  },
  { additionalProperties: false, title: 'DefaultView' },
);
export type DefaultView = Static<typeof DefaultViewSchema>;
