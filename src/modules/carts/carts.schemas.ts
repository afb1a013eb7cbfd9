import { type Static, Type } from '@sinclair/typebox';
import { Currency, Int32, MinorUnits, Nullable, SingleLine, Timestamp, Uuid } from '../../http/schemas.js';
import { ListQuery, PageOf, type SortSpec } from '../../lib/list/list-query.js';

export const MAX_CART_LINES = 500;

const sku = SingleLine({ minLength: 1, maxLength: 100, description: "The product's stock-keeping unit." });
const name = SingleLine({
  minLength: 1,
  maxLength: 300,
  description: 'Product name as the shopper saw it.',
});
const quantity = Int32({ minimum: 1, maximum: 100_000 });
const unitPrice = MinorUnits({ minimum: 0, description: 'Price of one unit in minor units (e.g. cents).' });

export const CartLineInputSchema = Type.Object(
  { sku, name, quantity, unitPrice },
  { additionalProperties: false, title: 'CartLineInput' },
);

export const CartPutSchema = Type.Object(
  {
    siteId: Uuid({ description: 'The site of the checkout.' }),
    customerId: Type.Optional(
      Nullable(
        Uuid({
          description:
            "The shopper's customer, or null (or absent) for an anonymous cart. A guest that a registered customer took over stands for that customer.",
        }),
      ),
    ),
    currency: Currency(),
    lines: Type.Array(CartLineInputSchema, {
      maxItems: MAX_CART_LINES,
      description: 'Every line of the cart; they replace the stored ones. An empty cart is never abandoned.',
    }),
    lastActivityAt: Type.Optional(
      Timestamp({
        description:
          'When the shopper last touched the cart; defaults to now. At most 5 minutes ahead of the server clock.',
      }),
    ),
  },
  { additionalProperties: false, title: 'CartPut' },
);
export type CartPut = Static<typeof CartPutSchema>;

export const CartConvertSchema = Type.Object(
  { orderId: Uuid({ description: 'The order the cart became (an order of this tenant).' }) },
  { additionalProperties: false, title: 'CartConvert' },
);
export type CartConvert = Static<typeof CartConvertSchema>;

export const CartLineSchema = Type.Object(
  {
    sku,
    name,
    quantity,
    unitPrice,
    total: MinorUnits({ minimum: 0, description: 'quantity × unitPrice, in minor units.' }),
  },
  { additionalProperties: false, title: 'CartLine' },
);

const cartFields = {
  id: Uuid({ description: "The checkout's own id for the cart." }),
  siteId: Uuid(),
  customerId: Nullable(Uuid({ description: 'Null for an anonymous cart.' })),
  currency: Currency(),
  subtotal: MinorUnits({ minimum: 0, description: 'Sum of the line totals, in minor units.' }),
  lineCount: Int32({ minimum: 0, maximum: MAX_CART_LINES, description: 'How many lines the cart has.' }),
  lastActivityAt: Timestamp(),
  convertedOrderId: Nullable(Uuid({ description: 'The order the cart became, once bought.' })),
  convertedAt: Nullable(Timestamp()),
  reminderSentAt: Nullable(
    Timestamp({ description: 'When the one reminder email about this cart was queued, if it was.' }),
  ),
  abandoned: Type.Boolean({
    description:
      "Has lines, no order, and no activity for the site's abandonment window (site setting `abandonmentHours`).",
  }),
  createdAt: Timestamp(),
  updatedAt: Timestamp(),
};

export const CartSchema = Type.Object(
  { ...cartFields, lines: Type.Array(CartLineSchema, { maxItems: MAX_CART_LINES }) },
  { additionalProperties: false, title: 'Cart' },
);
export type Cart = Static<typeof CartSchema>;

/** The abandoned-carts page's sort: carts.repository.ts maps each field to its SQL. */
export const abandonedCartSort = {
  fields: ['lastActivityAt', 'value', 'currency'],
  default: '-lastActivityAt',
  defaultMeaning: 'most recently abandoned first',
  note: '`value` compares amounts within one currency: without a `currency` filter, `value` sorts by currency first (in the same direction), so carts of different currencies are never compared.',
  examples: ['-value', 'lastActivityAt'],
} as const satisfies SortSpec;
export type AbandonedCartSortField = (typeof abandonedCartSort.fields)[number];

export const CustomerCartsQuerySchema = ListQuery({});
export type CustomerCartsQuery = Static<typeof CustomerCartsQuerySchema>;

export const CartPageSchema = PageOf(CartSchema, { title: 'CartPage' });

export const AbandonedCartsQuerySchema = ListQuery(
  {
    siteId: Type.Optional(Uuid({ description: 'Only carts of this site.' })),
    currency: Type.Optional(Currency({ description: 'Only carts in this currency (ISO 4217, e.g. `EUR`).' })),
  },
  { sort: abandonedCartSort },
);
export type AbandonedCartsQuery = Static<typeof AbandonedCartsQuerySchema>;

export const AbandonedCartSchema = Type.Object(
  {
    id: Uuid(),
    site: Type.Object(
      { id: Uuid(), code: Type.String({ maxLength: 40 }), name: Type.String({ maxLength: 200 }) },
      { additionalProperties: false },
    ),
    customer: Nullable(
      Type.Object(
        {
          id: Uuid(),
          firstName: Nullable(Type.String({ maxLength: 100 })),
          lastName: Nullable(Type.String({ maxLength: 100 })),
          email: Nullable(Type.String({ maxLength: 254 })),
        },
        { additionalProperties: false },
      ),
      { description: 'Null for an anonymous cart.' },
    ),
    currency: cartFields.currency,
    value: MinorUnits({ minimum: 0, description: 'The cart subtotal, in minor units of `currency`.' }),
    lineCount: cartFields.lineCount,
    lastActivityAt: cartFields.lastActivityAt,
    abandonedAt: Timestamp({ description: "When the site's abandonment window ran out." }),
    reminderSentAt: cartFields.reminderSentAt,
  },
  { additionalProperties: false, title: 'AbandonedCart' },
);
export type AbandonedCart = Static<typeof AbandonedCartSchema>;

export const AbandonedCartPageSchema = PageOf(AbandonedCartSchema, { title: 'AbandonedCartPage' });
