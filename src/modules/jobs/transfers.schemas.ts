import { type Static, Type } from '@sinclair/typebox';
import { StringEnum, Uuid } from '../../http/schemas.js';
import { MAX_FILTER_LENGTH } from '../../lib/filter/filter-parser.js';

export const ImportQuerySchema = Type.Object(
  {
    mode: Type.Optional(
      StringEnum(['create', 'update', 'upsert'] as const, {
        default: 'create',
        description:
          '`create` adds every row (a row whose key exists is refused), `update` changes the matched customers only (a row matching none is refused), `upsert` does either.',
      }),
    ),
    match: Type.Optional(
      StringEnum(['email', 'externalId'] as const, {
        default: 'email',
        description:
          'Which column finds an existing customer (by email: the registered one, else the newest guest).',
      }),
    ),
    dryRun: Type.Optional(
      Type.Boolean({
        default: false,
        description: 'Check every row and count what would happen; write nothing.',
      }),
    ),
    newsletterId: Type.Optional(
      Uuid({
        description:
          'The newsletter the file\'s "Accepts Email Marketing" (`acceptsMarketing`) column signs up to or out of (consent records with source `import`). Default: the tenant\'s oldest default newsletter.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type ImportQuery = Static<typeof ImportQuerySchema>;

export const EXPORT_COLUMN_NAMES = [
  'id',
  'email',
  'firstName',
  'lastName',
  'phone',
  'companyName',
  'organizationId',
  'taxId',
  'locale',
  'note',
  'tags',
  'externalId',
  'isRegistered',
  'enabled',
  'address.firstName',
  'address.lastName',
  'address.companyName',
  'address.line1',
  'address.line2',
  'address.city',
  'address.postalCode',
  'address.countryCode',
  'address.stateCode',
  'address.phone',
  'createdAt',
  'ordersCount',
  'totalSpent',
  'lastOrderAt',
] as const;

export const ExportRequestSchema = Type.Object(
  {
    format: StringEnum(['csv', 'ndjson', 'shopify'] as const, {
      description:
        "`csv`: Clientele's columns (docs/import-export.md); `ndjson`: one JSON customer a line; `shopify`: Shopify's customer CSV.",
    }),
    q: Type.Optional(Type.String({ maxLength: 200, description: 'The grid’s search.' })),
    filter: Type.Optional(
      Type.String({
        maxLength: MAX_FILTER_LENGTH,
        examples: ['country eq "NZ"'],
        description: 'The customer filter.',
      }),
    ),
    segmentId: Type.Optional(Uuid({ description: "Only the segment's members." })),
    columns: Type.Optional(
      Type.Array(StringEnum(EXPORT_COLUMN_NAMES), {
        maxItems: EXPORT_COLUMN_NAMES.length,
        uniqueItems: true,
        description: 'For `csv`: the columns to write, in the file’s usual order; all when absent.',
      }),
    ),
  },
  {
    additionalProperties: false,
    title: 'ExportRequest',
    examples: [{ format: 'csv', filter: 'country eq "NZ"' }],
  },
);
export type ExportRequest = Static<typeof ExportRequestSchema>;
