import { type Static, Type } from '@sinclair/typebox';
import { Int32, Int64, MultiLine, Nullable, SingleLine, Timestamp, Uuid } from '../../http/schemas.js';
import { CountedPageOf, FilterParam, ListQuery, type SortSpec } from '../../lib/list/list-query.js';
import { AccountSummarySchema } from '../accounts/accounts.schemas.js';
import { AddressInputSchema, AddressSchema } from '../addresses/addresses.schemas.js';
import {
  CODE_PATTERN,
  CustomerAttributesInputSchema,
  CustomerAttributesSchema,
} from '../attributes/attributes.schemas.js';
import { MAX_TAG_LENGTH, MAX_TAGS, TagsSchema } from './customer-tags.schemas.js';

const text = (maxLength: number, description: string) => Nullable(SingleLine({ maxLength, description }));

/** Writable customer fields: one definition serves create (POST) and change (PATCH). */
const writable = {
  isRegistered: Type.Boolean({
    description: 'Registered customers sign in; guests exist per purchase and may share an email.',
  }),
  enabled: Type.Boolean({ description: 'A disabled customer cannot sign in or be used at checkout.' }),
  firstName: text(100, 'Given name.'),
  lastName: text(100, 'Family name.'),
  email: Nullable(Type.String({ format: 'email', maxLength: 254, description: 'Email address.' })),
  phone: Nullable(
    Type.String({
      maxLength: 32,
      description: "Phone number; stored in E.164. Without a +country prefix the site's country is assumed.",
    }),
  ),
  companyName: text(200, 'Company name.'),
  organizationId: text(64, 'Company registration number.'),
  taxId: text(64, 'Tax registration ID (e.g. VAT number).'),
  locale: Nullable(
    Type.String({
      maxLength: 35,
      pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$',
      description: 'Preferred language as a BCP 47 tag, e.g. `en-US`.',
    }),
  ),
  note: Nullable(MultiLine({ maxLength: 4000, description: 'Internal note, visible to admins only.' })),
  tags: TagsSchema(
    `Free labels, up to ${MAX_TAGS} of up to ${MAX_TAG_LENGTH} characters. Each is trimmed; a tag repeated in another case is kept once, as first spelled.`,
  ),
  externalId: text(128, "The customer's id in another system (ERP, old platform); unique per tenant."),
};

export const CustomerCreateSchema = Type.Composite(
  [
    Type.Partial(Type.Object(writable)),
    Type.Object({
      originSiteId: Type.Optional(
        Nullable(Uuid({ description: 'The site where the customer first appeared.' })),
      ),
      customerSetId: Type.Optional(
        Uuid({ description: "The customer set (shared shopper login); defaults to the origin site's set." }),
      ),
      addresses: Type.Optional(Type.Array(AddressInputSchema, { maxItems: 20 })),
      attributes: Type.Optional(CustomerAttributesInputSchema),
    }),
  ],
  {
    additionalProperties: false,
    title: 'CustomerCreate',
    // Said in words rather than as an `anyOf`: Ajv reports an unmet anyOf as four "is required"
    // errors plus one for the anyOf, where the service gives one message beside /lastName.
    description:
      'A customer needs at least one of `firstName`, `lastName`, `email` or `companyName` (non-empty); without any, the answer is 400 naming `/lastName`. A registered customer (`isRegistered: true`) also needs `email`.',
  },
);
export type CustomerCreate = Static<typeof CustomerCreateSchema>;

export const CustomerPatchSchema = Type.Partial(
  Type.Object({ ...writable, attributes: CustomerAttributesInputSchema }),
  {
    additionalProperties: false,
    minProperties: 1,

    title: 'CustomerPatch',
  },
);
export type CustomerPatch = Static<typeof CustomerPatchSchema>;

export const CustomerSchema = Type.Object(
  {
    id: Uuid(),
    customerSetId: Uuid(),
    originSiteId: Nullable(Uuid()),
    ...writable,
    countryCode: Nullable(
      Type.String({
        maxLength: 2,
        description: 'Country of the default billing address (ISO 3166-1 alpha-2).',
      }),
    ),
    stateCode: Nullable(
      Type.String({ maxLength: 10, description: 'State of the default billing address (ISO 3166-2).' }),
    ),
    ordersCount: Int32({ minimum: 0 }),
    totalSpent: Int64({ description: 'Total of orders in minor units of the reporting currency.' }),
    firstOrderAt: Nullable(Timestamp({ description: 'When the first order still counted was placed.' })),
    lastOrderAt: Nullable(Timestamp()),
    registeredCustomerId: Nullable(
      Uuid({
        description:
          'For a guest whose email later registered: the registered customer that took over its history.',
      }),
    ),
    attributes: CustomerAttributesSchema,
    erasedAt: Nullable(
      Timestamp({
        description:
          'When the personal data was erased (POST /admin/v1/customers/{id}/erase): the record stays for the orders and the audit log, every personal field null.',
      }),
    ),
    account: Nullable(AccountSummarySchema, {
      description: 'Sign-in state of a registered customer; null for guests.',
    }),
    createdAt: Timestamp(),
    updatedAt: Timestamp(),
    etag: Type.String({ maxLength: 20, description: 'Send as If-Match with PATCH to refuse lost updates.' }),
  },
  { title: 'Customer', additionalProperties: false },
);
export type Customer = Static<typeof CustomerSchema>;

export const CustomerDetailSchema = Type.Composite(
  [CustomerSchema, Type.Object({ addresses: Type.Array(AddressSchema, { maxItems: 1000 }) })],
  {
    title: 'CustomerDetail',
  },
);
export type CustomerDetail = Static<typeof CustomerDetailSchema>;

/** The customer grid's sort: customers.repository.ts maps each field to its indexed SQL. */
export const customerSort = {
  fields: [
    'lastName',
    'firstName',
    'companyName',
    'email',
    'phone',
    'countryCode',
    'stateCode',
    'organizationId',
    'taxId',
    'site',
    'tags',
    'createdAt',
    'updatedAt',
    'enabled',
    'isRegistered',
    'ordersCount',
    'totalSpent',
    'lastOrderAt',
  ],
  default: 'lastName',
  defaultMeaning: 'A to Z by last name',
  note: 'Empty values sort first; ties are broken by id. `attributes.<code>` sorts by a custom attribute marked `indexed` (others are a 400).',
  examples: ['-totalSpent', 'lastName,-createdAt', 'attributes.loyaltyTier,lastName'],
  openFields: { pattern: `attributes\\.${CODE_PATTERN.slice(1, -1)}`, shown: 'attributes.<code>' },
} as const satisfies SortSpec;
export type CustomerSortField = (typeof customerSort.fields)[number];

export const CustomerListQuerySchema = ListQuery(
  {
    q: Type.Optional(
      Type.String({
        maxLength: 200,
        description: 'Case-insensitive substring of name, email, company or phone.',
      }),
    ),
    filter: Type.Optional(
      FilterParam(
        ['lastName sw "Sm" and (country eq "US" or tags co "vip")', 'ordersCount ge 3', 'email pr'],
        {
          description:
            'SCIM-style filter, e.g. `lastName sw "Sm" and (country eq "US" or tags co "vip")`. See docs/api.md.',
        },
      ),
    ),
    includeTotal: Type.Optional(
      Type.Boolean({ description: 'Add `total`, exact up to 10,000 and otherwise a lower bound.' }),
    ),
    segment: Type.Optional(
      Uuid({
        description:
          "A segment's id: only its members (whoever matches its filter now), combined with `q` and `filter`.",
      }),
    ),
  },
  { sort: customerSort },
);
export type CustomerListQuery = Static<typeof CustomerListQuerySchema>;

export const CustomerPageSchema = CountedPageOf(CustomerSchema, { title: 'CustomerPage' });

/** A row of the customer grid: the customer with the groups it belongs to now. */
export const CustomerGridRowSchema = Type.Composite(
  [
    CustomerSchema,
    Type.Object({
      groups: Type.Array(Type.String({ maxLength: 64 }), {
        maxItems: 500,
        description: 'Codes of the groups the customer is an active member of now (A to Z).',
        examples: [['vip', 'wholesale']],
      }),
    }),
  ],
  { title: 'CustomerGridRow', additionalProperties: false },
);
export type CustomerGridRow = Static<typeof CustomerGridRowSchema>;

export const CustomerGridPageSchema = CountedPageOf(CustomerGridRowSchema, { title: 'CustomerGridPage' });
