import { type Static, Type } from '@sinclair/typebox';
import { Int32, SingleLine, Uuid } from '../../http/schemas.js';

/** How many tags one customer holds, at most (case-insensitive duplicates count once). */
export const MAX_TAGS = 100;
/** The longest tag, in characters. */
export const MAX_TAG_LENGTH = 64;
/** The most tags one completion answer lists. */
export const MAX_TAG_SUGGESTIONS = 100;

/** One tag as a request gives it: trimmed by the service, compared without case. */
export const TagSchema = (description = 'A free label; compared without case, kept as first spelled.') =>
  SingleLine({ minLength: 1, maxLength: MAX_TAG_LENGTH, description, examples: ['vip'] });

/** A customer's tags, on the customer resource and its tag routes. */
export const TagsSchema = (description: string) =>
  Type.Array(TagSchema(), { maxItems: MAX_TAGS, description, examples: [['vip', 'wholesale']] });

export const CustomerTagsInputSchema = Type.Object(
  {
    tags: Type.Array(TagSchema(), {
      minItems: 1,
      maxItems: MAX_TAGS,
      description: `Tags to add. Each is trimmed; one the customer already has (whatever its case) is left as it is. A customer holds at most ${MAX_TAGS}.`,
    }),
  },
  {
    additionalProperties: false,
    title: 'CustomerTagsInput',
    examples: [{ tags: ['vip', 'Wholesale'] }],
  },
);
export type CustomerTagsInput = Static<typeof CustomerTagsInputSchema>;

export const CustomerTagsSchema = Type.Object(
  {
    tags: TagsSchema("All the customer's tags after the change, in the order they were added."),
    etag: Type.String({ maxLength: 20, description: "The customer's new version, for If-Match on PATCH." }),
  },
  {
    additionalProperties: false,
    title: 'CustomerTags',
    examples: [{ tags: ['vip', 'Wholesale'], etag: '"4"' }],
  },
);
export type CustomerTags = Static<typeof CustomerTagsSchema>;

export const CustomerTagParams = Type.Object(
  {
    id: Uuid({ description: 'The customer id.' }),
    tag: TagSchema('The tag to remove, URL-encoded (`big%20spender`); matched without case.'),
  },
  { additionalProperties: false },
);

export const TagListQuerySchema = Type.Object(
  {
    q: Type.Optional(
      Type.String({
        maxLength: MAX_TAG_LENGTH,
        description:
          'Case-insensitive prefix of the tag (`vi` finds `VIP` and `vintage`); absent or blank lists all.',
        examples: ['vi'],
      }),
    ),
    limit: Type.Optional(
      Type.Integer({
        format: 'int32',
        minimum: 1,
        maximum: MAX_TAG_SUGGESTIONS,
        default: 20,
        examples: [20, MAX_TAG_SUGGESTIONS],
        description: `Tags to list, 1 to ${MAX_TAG_SUGGESTIONS}.`,
      }),
    ),
  },
  { additionalProperties: false },
);
export type TagListQuery = Static<typeof TagListQuerySchema>;

export const TagCountSchema = Type.Object(
  {
    tag: Type.String({ maxLength: MAX_TAG_LENGTH, description: 'The tag as first spelled in the tenant.' }),
    count: Int32({ minimum: 1, description: 'Customers holding it.' }),
  },
  { additionalProperties: false, title: 'TagCount' },
);

export const TagListSchema = Type.Object(
  { data: Type.Array(TagCountSchema, { maxItems: MAX_TAG_SUGGESTIONS }) },
  {
    additionalProperties: false,
    title: 'TagList',
    examples: [
      {
        data: [
          { tag: 'vip', count: 1250 },
          { tag: 'Vintage', count: 31 },
        ],
      },
    ],
  },
);
export type TagList = Static<typeof TagListSchema>;
