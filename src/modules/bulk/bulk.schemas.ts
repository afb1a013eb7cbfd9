import { type Static, Type } from '@sinclair/typebox';
import { Int32, SingleLine, StringEnum, Timestamp, Uuid } from '../../http/schemas.js';
import { MAX_FILTER_LENGTH } from '../../lib/filter/filter-parser.js';
import { TagSchema } from '../customers/customer-tags.schemas.js';
import { EXPORT_COLUMN_NAMES } from '../jobs/transfers.schemas.js';

/** Most ids a selection may name; "all matching" has no limit. */
export const MAX_BULK_IDS = 1000;
/** Most tags one bulk action adds or removes. */
export const MAX_BULK_TAGS = 20;

export const BULK_ACTIONS = [
  'addTags',
  'removeTags',
  'addToGroup',
  'removeFromGroup',
  'disable',
  'enable',
  'delete',
  'export',
] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

export const BulkSelectionSchema = Type.Object(
  {
    ids: Type.Optional(
      Type.Array(Uuid(), {
        minItems: 1,
        maxItems: MAX_BULK_IDS,
        description: `The customers, by id (at most ${MAX_BULK_IDS}). Give either ids or q/filter/segmentId.`,
      }),
    ),
    q: Type.Optional(SingleLine({ maxLength: 200, description: 'The grid’s search.' })),
    filter: Type.Optional(
      Type.String({
        maxLength: MAX_FILTER_LENGTH,
        examples: ['country eq "NZ"'],
        description: 'The customer filter.',
      }),
    ),
    segmentId: Type.Optional(Uuid({ description: "Only the segment's members." })),
  },
  {
    additionalProperties: false,
    title: 'BulkSelection',
    description:
      '`{ids}`, or every customer matching `q`, `filter` and `segmentId` (all customers when none is given), taken as a snapshot when the job starts.',
  },
);

export const BulkParamsSchema = Type.Object(
  {
    tags: Type.Optional(
      Type.Array(TagSchema(), {
        minItems: 1,
        maxItems: MAX_BULK_TAGS,
        description: 'addTags, removeTags: the tags (compared without case).',
      }),
    ),
    groupId: Type.Optional(Uuid({ description: 'addToGroup, removeFromGroup: the group.' })),
    validTo: Type.Optional(
      Timestamp({ description: 'addToGroup: when the memberships end (none when absent).' }),
    ),
    reason: Type.Optional(
      SingleLine({
        minLength: 1,
        maxLength: 500,
        description: 'disable: why, for the record (shown to admins only).',
      }),
    ),
    format: Type.Optional(
      StringEnum(['csv', 'ndjson', 'shopify'] as const, {
        description: 'export: the file format (csv when absent).',
      }),
    ),
    columns: Type.Optional(
      Type.Array(StringEnum(EXPORT_COLUMN_NAMES), {
        maxItems: EXPORT_COLUMN_NAMES.length,
        uniqueItems: true,
        description: 'export, csv: the columns to write.',
      }),
    ),
  },
  {
    additionalProperties: false,
    title: 'BulkParams',
    description: "The action's parameters; each action reads its own.",
  },
);

export const BulkRequestSchema = Type.Object(
  {
    action: StringEnum(BULK_ACTIONS, {
      description:
        'What to do to each selected customer, exactly as the single-customer route does it: `addTags`/`removeTags` (params.tags), `addToGroup` (params.groupId, params.validTo?)/`removeFromGroup` (params.groupId), `disable` (params.reason)/`enable`, `delete` (only customers holding nothing the store must keep), `export` (params.format, params.columns?; queues an export job).',
    }),
    params: Type.Optional(BulkParamsSchema),
    selection: BulkSelectionSchema,
    dryRun: Type.Optional(
      Type.Boolean({
        default: false,
        description:
          'Answer how many customers the selection holds now and change nothing (the role and the selection are checked, the params only when the action starts).',
      }),
    ),
  },
  {
    additionalProperties: false,
    title: 'BulkRequest',
    examples: [
      { action: 'addTags', params: { tags: ['vip'] }, selection: { filter: 'ordersCount ge 10' } },
      {
        action: 'disable',
        params: { reason: 'Fraud ring' },
        selection: { ids: ['0190b5a4-8a2e-7c3d-9f10-2b3c4d5e6f70'] },
        dryRun: true,
      },
    ],
  },
);
export type BulkRequest = Static<typeof BulkRequestSchema>;
export type BulkParams = Static<typeof BulkParamsSchema>;
export type BulkSelection = Static<typeof BulkSelectionSchema>;

export const BulkCountSchema = Type.Object(
  {
    count: Int32({
      minimum: 0,
      description: 'Customers the action would go to now.',
    }),
    countIsLowerBound: Type.Boolean({
      description: 'True when there are more than `count` (counted exactly up to 10,000).',
    }),
  },
  { title: 'BulkCount', examples: [{ count: 42, countIsLowerBound: false }] },
);
export type BulkCount = Static<typeof BulkCountSchema>;
