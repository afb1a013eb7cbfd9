import { type Static, Type } from '@sinclair/typebox';
import { Currency, Int32, MinorUnits, Uuid } from '../../http/schemas.js';
import { CustomerDetailSchema, CustomerSchema } from './customers.schemas.js';

export const DUPLICATE_REASONS = ['email', 'phone', 'nameAndPostalCode'] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];

export const DuplicateCandidateSchema = Type.Object(
  {
    customer: CustomerSchema,
    reasons: Type.Array(Type.Unsafe<DuplicateReason>({ type: 'string', enum: [...DUPLICATE_REASONS] }), {
      minItems: 1,
      maxItems: 3,
      description:
        '`email`: the same email, whatever its case. `phone`: the same phone number (both kept in E.164). `nameAndPostalCode`: the same first and last name (whatever the case) and an address at the same postal code (spaces and case aside).',
    }),
    score: Int32({
      minimum: 1,
      maximum: 100,
      description:
        'How likely the two are one person: email 60, phone 30, name and postal code 30, added, at most 100.',
    }),
  },
  { additionalProperties: false, title: 'DuplicateCandidate' },
);
export type DuplicateCandidate = Static<typeof DuplicateCandidateSchema>;

export const DuplicateListSchema = Type.Object(
  {
    data: Type.Array(DuplicateCandidateSchema, {
      maxItems: 150,
      description: 'Most likely first (score, then newest). Each reason brings at most 50 candidates.',
    }),
  },
  { additionalProperties: false, title: 'DuplicateList' },
);

export const MergeInputSchema = Type.Object(
  {
    sourceId: Uuid({ description: 'The customer merged in and then deleted.' }),
    dryRun: Type.Optional(
      Type.Boolean({
        default: false,
        description: 'True: answer what would move and the resulting customer, and change nothing.',
      }),
    ),
  },
  { additionalProperties: false, title: 'MergeInput' },
);
export type MergeInput = Static<typeof MergeInputSchema>;

const count = (description: string) => Int32({ minimum: 0, description });

export const MergeMovedSchema = Type.Object(
  {
    orders: count('Orders moved (order metrics are counted again).'),
    carts: count('Carts moved.'),
    wishlists: count('Wish lists moved whole.'),
    wishlistsMerged: count("Wish lists poured into the survivor's list of the same name."),
    creditEntries: count('Store-credit ledger entries moved (the ledger is kept as it was).'),
    creditBalances: Type.Array(
      Type.Object(
        { currency: Currency(), amountMinor: MinorUnits({ minimum: 0 }) },
        { additionalProperties: false },
      ),
      { maxItems: 200, description: "Balances added to the survivor's, per currency." },
    ),
    addresses: count('Addresses moved.'),
    addressesDeduplicated: count('Addresses dropped because the survivor has the same one.'),
    tags: count('Tags the survivor did not have.'),
    groups: count('Group memberships moved (a group both were in keeps the survivor’s membership).'),
    roles: count('Role assignments moved (one the survivor holds already stays the survivor’s).'),
    notes: count('Notes moved.'),
    timelineEvents: count('Timeline entries moved.'),
    attributes: count('Custom attributes the survivor had no value for.'),
    fields: Type.Array(Type.String({ maxLength: 40 }), {
      maxItems: 20,
      description: 'Fields the survivor had no value for and took from the source, e.g. `phone`.',
    }),
  },
  { additionalProperties: false, title: 'MergeMoved' },
);
export type MergeMoved = Static<typeof MergeMovedSchema>;

export const MergeResultSchema = Type.Object(
  {
    dryRun: Type.Boolean({ description: 'True when nothing was changed.' }),
    sourceId: Uuid(),
    moved: MergeMovedSchema,
    survivor: CustomerDetailSchema,
  },
  { additionalProperties: false, title: 'MergeResult' },
);
export type MergeResult = Static<typeof MergeResultSchema>;
