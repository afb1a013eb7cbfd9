import { type Static, Type } from '@sinclair/typebox';
import { CREDIT_KINDS } from '../../db/types.js';
import {
  Currency,
  MinorUnits,
  Nullable,
  SingleLine,
  StringEnum,
  Timestamp,
  Uuid,
} from '../../http/schemas.js';
import { ListQuery, PageOf } from '../../lib/list/list-query.js';

export const CreditEntryCreateSchema = Type.Object(
  {
    amount: MinorUnits({
      description:
        'Minor units (e.g. cents), not 0: positive issues credit, negative deducts it. A deduction larger than the balance is refused with 422 `credit.insufficient`.',
    }),
    currency: Currency(),
    reason: SingleLine({
      minLength: 1,
      maxLength: 500,
      description: 'Why, for the record (admins only; the shopper does not see it).',
    }),
    reference: Type.Optional(
      SingleLine({
        minLength: 1,
        maxLength: 200,
        description: 'Your reference, e.g. a support ticket or RMA number (admins only).',
      }),
    ),
    expiresAt: Type.Optional(
      Timestamp({
        description:
          'Issued credit only: when what is left of it expires (in the future). Without it the credit never expires.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type CreditEntryCreate = Static<typeof CreditEntryCreateSchema>;

export const CreditRedeemSchema = Type.Object(
  {
    orderId: Uuid({ description: 'The order the credit pays for; an order of this customer.' }),
    amount: MinorUnits({ minimum: 1, description: 'Minor units to spend, positive.' }),
    currency: Currency({ description: "ISO 4217 code; must be the order's currency." }),
  },
  { additionalProperties: false },
);
export type CreditRedeem = Static<typeof CreditRedeemSchema>;

export const CreditBalanceSchema = Type.Object(
  {
    currency: Currency(),
    balance: MinorUnits({ minimum: 0, description: 'Credit available, in minor units; never negative.' }),
  },
  { title: 'CreditBalance' },
);
export type CreditBalance = Static<typeof CreditBalanceSchema>;

export const CreditBalancesSchema = Type.Object(
  {
    balances: Type.Array(CreditBalanceSchema, {
      maxItems: 400,
      description: 'One per currency the customer ever had credit in, zero balances included, by currency.',
    }),
  },
  { title: 'CreditBalances' },
);

/** What an entry says to anyone who may read the customer's credit (shopper included). */
const entryFields = {
  id: Uuid(),
  kind: StringEnum(CREDIT_KINDS, {
    description:
      '`issue`: credit given; `deduct`: taken back by an admin; `redeem`: spent on an order; `return`: given back when that order was cancelled or refunded; `expire`: what was left of an issue when it expired.',
  }),
  amount: MinorUnits({ description: 'Signed minor units: positive adds to the balance, negative takes.' }),
  currency: Currency(),
  orderId: Nullable(Uuid({ description: 'The order of a `redeem` or `return`.' })),
  expiresAt: Nullable(Timestamp({ description: 'When what is left of this credit expires.' })),
  remaining: Nullable(
    MinorUnits({
      minimum: 0,
      description:
        'On `issue` and `return` entries: how much of this credit is not yet spent or expired; null on the others.',
    }),
  ),
  createdAt: Timestamp(),
};

export const CreditEntrySchema = Type.Object(
  {
    ...entryFields,
    reason: Type.String({ maxLength: 500 }),
    reference: Nullable(Type.String({ maxLength: 200 })),
    actor: Type.Object({
      type: Type.String({ maxLength: 20, description: '`admin`, `apiKey` or `system` (expiry, returns).' }),
      id: Type.String({ maxLength: 40 }),
    }),
  },
  { title: 'CreditEntry' },
);
export type CreditEntry = Static<typeof CreditEntrySchema>;

export const CreditEntryResultSchema = Type.Object(
  {
    entry: CreditEntrySchema,
    balance: CreditBalanceSchema,
  },
  { title: 'CreditEntryResult', description: 'The entry written and the balance right after it.' },
);
export type CreditEntryResult = Static<typeof CreditEntryResultSchema>;

export const CreditEntryPageSchema = PageOf(CreditEntrySchema, {
  title: 'CreditEntryPage',
  cursorMaxLength: 200,
});

export const CreditEntryQuerySchema = ListQuery(
  { currency: Type.Optional(Currency({ description: 'Only entries in this currency.' })) },
  { cursorMaxLength: 200 },
);
export type CreditEntryQuery = Static<typeof CreditEntryQuerySchema>;

/** The shopper's view of an entry: no admin's reason, reference or name. */
export const MyCreditEntrySchema = Type.Object(entryFields, { title: 'MyCreditEntry' });
export type MyCreditEntry = Static<typeof MyCreditEntrySchema>;

export const MyCreditEntryPageSchema = PageOf(MyCreditEntrySchema, {
  title: 'MyCreditEntryPage',
  cursorMaxLength: 200,
});

export const MyCreditSchema = Type.Object(
  {
    balances: CreditBalancesSchema.properties.balances,
    entries: MyCreditEntryPageSchema,
  },
  { title: 'MyCredit' },
);
export type MyCredit = Static<typeof MyCreditSchema>;
