import { type Static, Type } from '@sinclair/typebox';
import { SingleLine, StringEnum, Timestamp, Uuid } from '../../http/schemas.js';
import { ListQuery, PageOf, type SortSpec } from '../../lib/list/list-query.js';

/** The most definitions a tenant keeps: every customer write checks its values against them all. */
export const MAX_DEFINITIONS = 100;
export const MAX_OPTIONS = 200;
/** Longest text value when a definition sets no `maxLength`. */
export const DEFAULT_TEXT_MAX = 1000;
export const TEXT_MAX = 10_000;
export const PATTERN_MAX = 200;

/**
 * A code is camelCase letters and digits, like the API's own fields: it is a key of the
 * customer's `attributes` object and a filter name (`attributes.<code>`), and the database
 * layer turns snake_case keys into camelCase, so an underscore would not survive a read.
 */
export const CODE_PATTERN = '^[a-z][a-zA-Z0-9]{0,39}$';
export const ATTRIBUTE_TYPES = ['text', 'number', 'date', 'boolean', 'enum', 'multiEnum'] as const;

const code = Type.String({
  pattern: CODE_PATTERN,
  maxLength: 40,
  description:
    "The key in a customer's `attributes` and the filter name `attributes.<code>`: a lower-case letter, then letters and digits (camelCase), up to 40. Unique in the tenant; cannot change.",
  examples: ['loyaltyTier'],
});
const label = SingleLine({
  minLength: 1,
  maxLength: 100,
  description: 'What people read.',
  examples: ['Loyalty tier'],
});
const type = StringEnum(ATTRIBUTE_TYPES, {
  description:
    'The type of the values; cannot change (values of the old type would no longer fit). `date` values are ISO 8601 dates or date-times, kept as UTC date-times; `multiEnum` values are lists of option values.',
  examples: ['enum'],
});

export const AttributeOptionSchema = Type.Object(
  {
    value: SingleLine({ minLength: 1, maxLength: 100, description: 'What is stored and filtered on.' }),
    label: SingleLine({ minLength: 1, maxLength: 200, description: 'What people read.' }),
  },
  { additionalProperties: false, title: 'AttributeOption' },
);

const bound = (description: string) =>
  Type.Unsafe<number | string>({ type: ['number', 'string'], maxLength: 40, description });

export const AttributeValidationSchema = Type.Object(
  {
    min: Type.Optional(bound('Least value: a number for `number`, an ISO 8601 date for `date`.')),
    max: Type.Optional(bound('Greatest value: a number for `number`, an ISO 8601 date for `date`.')),
    minLength: Type.Optional(
      Type.Integer({ format: 'int32', minimum: 0, maximum: TEXT_MAX, description: 'Shortest `text`.' }),
    ),
    maxLength: Type.Optional(
      Type.Integer({
        format: 'int32',
        minimum: 1,
        maximum: TEXT_MAX,
        description: `Longest \`text\` (${DEFAULT_TEXT_MAX} unless set).`,
      }),
    ),
    pattern: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: PATTERN_MAX,
        description:
          'A JavaScript regular expression a `text` value must match somewhere (anchor it with ^ and $ to match the whole). Nested quantifiers such as `(a+)+` are refused: they can take exponential time.',
        examples: ['^[A-Z]{2}-\\d{4}$'],
      }),
    ),
  },
  { additionalProperties: false, title: 'AttributeValidation' },
);
export type AttributeValidation = Static<typeof AttributeValidationSchema>;

/** The settable fields; `code` and `type` only on create. */
const changeable = {
  label,
  options: Type.Array(AttributeOptionSchema, {
    maxItems: MAX_OPTIONS,
    description:
      'The choices of an `enum` or `multiEnum` (at least one, values unique); none for other types.',
  }),
  validation: AttributeValidationSchema,
  required: Type.Boolean({
    description:
      'An admin creating a customer must give a value, and no write may remove it. Customers made before, or by storefront registration and checkout, are not refused for lacking it.',
  }),
  shopperVisible: Type.Boolean({ description: 'Shown to the shopper in GET /store/v1/me.' }),
  shopperEditable: Type.Boolean({
    description: 'The shopper may change it through PATCH /store/v1/me; needs `shopperVisible`.',
  }),
  indexed: Type.Boolean({
    description:
      'Keeps an index on the values, so that `sort=attributes.<code>` works on the customer list and filters on it stay fast at any size. Not for `multiEnum`.',
  }),
};

export const AttributeCreateSchema = Type.Object(
  {
    code,
    type,
    ...Type.Partial(Type.Object(changeable)).properties,
    label,
  },
  {
    additionalProperties: false,
    title: 'AttributeCreate',
    examples: [
      {
        code: 'loyaltyTier',
        label: 'Loyalty tier',
        type: 'enum',
        options: [
          { value: 'gold', label: 'Gold' },
          { value: 'silver', label: 'Silver' },
        ],
        shopperVisible: true,
        indexed: true,
      },
    ],
  },
);
export type AttributeCreate = Static<typeof AttributeCreateSchema>;

export const AttributePatchSchema = Type.Partial(Type.Object(changeable), {
  additionalProperties: false,
  minProperties: 1,
  title: 'AttributePatch',
  description: '`code` and `type` cannot change: delete the attribute and define a new one.',
  examples: [{ label: 'Tier', indexed: false }],
});
export type AttributePatch = Static<typeof AttributePatchSchema>;

export const AttributeSchema = Type.Object(
  {
    id: Uuid(),
    code: Type.String({ maxLength: 40 }),
    type,
    label: Type.String({ maxLength: 100 }),
    options: changeable.options,
    validation: AttributeValidationSchema,
    required: Type.Boolean(),
    shopperVisible: Type.Boolean(),
    shopperEditable: Type.Boolean(),
    indexed: Type.Boolean(),
    createdAt: Timestamp(),
    updatedAt: Timestamp(),
  },
  { additionalProperties: false, title: 'Attribute' },
);
export type Attribute = Static<typeof AttributeSchema>;

export const attributeSort = {
  fields: ['code', 'createdAt'],
  default: 'code',
  defaultMeaning: 'A to Z by code',
  examples: ['-createdAt'],
} as const satisfies SortSpec;

export const AttributeListQuerySchema = ListQuery({}, { sort: attributeSort });
export type AttributeListQuery = Static<typeof AttributeListQuerySchema>;
export const AttributePageSchema = PageOf(AttributeSchema, { title: 'AttributePage' });

/** One custom attribute value as a customer carries it. */
const valueTypes = {
  type: ['string', 'number', 'boolean', 'array'],
  maxLength: TEXT_MAX,
  items: { type: 'string', maxLength: 100 },
  maxItems: MAX_OPTIONS,
};
type AttributeValue = string | number | boolean | string[];
/**
 * A stored value in an answer: `anyOf` rather than a type list, so that the serialiser writes a
 * list of options as a list (with a type list it would take the first type, string).
 */
const StoredValue = Type.Union([
  Type.String({ maxLength: TEXT_MAX }),
  Type.Number(),
  Type.Boolean(),
  Type.Array(Type.String({ maxLength: 100 }), { maxItems: MAX_OPTIONS }),
]);

/** A customer's custom attribute values by code (GET and the answers of writes). */
export const customerAttributesSchema = (
  description = 'Custom attribute values by code (GET/POST/PATCH /admin/v1/attributes define them): text, number, ISO 8601 UTC date-time, boolean, option value, or a list of option values.',
) =>
  Type.Record(Type.String({ pattern: CODE_PATTERN }), StoredValue, {
    maxProperties: MAX_DEFINITIONS,
    description,
    examples: [{ loyaltyTier: 'gold', shoeSize: 42 }],
  });
export const CustomerAttributesSchema = customerAttributesSchema();
export type CustomerAttributes = Record<string, AttributeValue>;

/** Custom attribute values in a write: each key is checked against its definition; `null` removes one. */
export const customerAttributesInputSchema = (
  description = 'Custom attribute values by code, each checked against its definition (400 naming `/attributes/<code>`). A change merges per code: codes left out stay as they are, `null` removes one.',
) =>
  Type.Record(
    Type.String({ pattern: CODE_PATTERN }),
    Type.Unsafe<AttributeValue | null>({ ...valueTypes, type: [...valueTypes.type, 'null'] }),
    { maxProperties: MAX_DEFINITIONS, description, examples: [{ loyaltyTier: 'gold', referrer: null }] },
  );
export const CustomerAttributesInputSchema = customerAttributesInputSchema();
export type CustomerAttributesInput = Record<string, AttributeValue | null>;
