import { type Static, Type } from '@sinclair/typebox';
import { ORDER_STATUSES, type OrderStatus } from '../../db/types.js';
import {
  Currency,
  Int32,
  MinorUnits,
  MultiLine,
  Nullable,
  SingleLine,
  StringEnum,
  Timestamp,
  Uuid,
} from '../../http/schemas.js';
import { CountedPageOf, ListQuery, PageOf, type SortSpec } from '../../lib/list/list-query.js';
import { postalAddressFields } from '../addresses/addresses.schemas.js';
import { MarketingConsentFields } from '../marketing/marketing.schemas.js';

const Status = (description: string) => StringEnum(ORDER_STATUSES, { description });

/** Most lines one order may have. */
export const MAX_ORDER_LINES = 500;
/** Most units of one line. */
export const MAX_LINE_QUANTITY = 100_000;

const text = (maxLength: number, description: string) => Nullable(SingleLine({ maxLength, description }));

/** An address as it was at checkout: a copy kept with the order, not a link to the address book. */
const addressFields = postalAddressFields;

export const OrderAddressInputSchema = Type.Object(
  {
    ...addressFields,
    firstName: Type.Optional(addressFields.firstName),
    lastName: Type.Optional(addressFields.lastName),
    companyName: Type.Optional(addressFields.companyName),
    line2: Type.Optional(addressFields.line2),
    postalCode: Type.Optional(addressFields.postalCode),
    stateCode: Type.Optional(addressFields.stateCode),
    phone: Type.Optional(addressFields.phone),
  },
  { additionalProperties: false, title: 'OrderAddressInput' },
);
export type OrderAddressInput = Static<typeof OrderAddressInputSchema>;

export const OrderAddressSchema = Type.Object(addressFields, {
  additionalProperties: false,
  title: 'OrderAddress',
});
export type OrderAddress = Static<typeof OrderAddressSchema>;

const lineFields = {
  sku: SingleLine({ minLength: 1, maxLength: 100, description: "The product's stock-keeping unit." }),
  name: SingleLine({ minLength: 1, maxLength: 500, description: 'The product name as sold.' }),
  quantity: Int32({ minimum: 1, maximum: MAX_LINE_QUANTITY }),
  unitPrice: MinorUnits({
    minimum: 0,
    description: 'Price of one unit before discount and tax, minor units.',
  }),
  discount: MinorUnits({ minimum: 0, description: 'Discount on the whole line, minor units.' }),
  tax: MinorUnits({ minimum: 0, description: 'Tax on the whole line, minor units.' }),
};

export const OrderLineInputSchema = Type.Object(
  {
    ...lineFields,
    discount: Type.Optional(lineFields.discount),
    tax: Type.Optional(lineFields.tax),
  },
  { additionalProperties: false, title: 'OrderLineInput' },
);

export const OrderCustomerDetailsSchema = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 254, description: "The shopper's email." }),
    firstName: Type.Optional(text(100, 'Given name.')),
    lastName: Type.Optional(text(100, 'Family name.')),
    phone: Type.Optional(
      Nullable(
        Type.String({
          maxLength: 32,
          description: "Phone; without a +country prefix the site's country is assumed.",
        }),
      ),
    ),
    ...MarketingConsentFields,
  },
  { additionalProperties: false, title: 'OrderCustomerDetails' },
);

export const OrderCreateSchema = Type.Object(
  {
    siteId: Uuid({ description: 'The site the order was placed on.' }),
    number: SingleLine({
      minLength: 1,
      maxLength: 64,
      description: "The store's order number; unique per site.",
    }),
    currency: Currency(),
    customerId: Type.Optional(
      Uuid({ description: 'The customer who bought, when known. Give this or `customer`, not both.' }),
    ),
    customer: Type.Optional(OrderCustomerDetailsSchema),
    lines: Type.Array(OrderLineInputSchema, { minItems: 1, maxItems: MAX_ORDER_LINES }),
    shippingTotal: Type.Optional(MinorUnits({ minimum: 0, description: 'Shipping charged, minor units.' })),
    total: MinorUnits({
      minimum: 0,
      description:
        'What the shopper paid, minor units. Must equal Σ(quantity × unitPrice) − Σdiscount + Σtax + shippingTotal.',
    }),
    billingAddress: Type.Optional(Nullable(OrderAddressInputSchema)),
    shippingAddress: Type.Optional(Nullable(OrderAddressInputSchema)),
    placedAt: Timestamp({ description: 'When the shopper placed the order (ISO 8601).' }),
  },
  { additionalProperties: false, title: 'OrderCreate' },
);
export type OrderCreate = Static<typeof OrderCreateSchema>;

export const OrderLineSchema = Type.Object(
  {
    lineNo: Int32({ minimum: 1, maximum: MAX_ORDER_LINES }),
    ...lineFields,
    total: MinorUnits({ minimum: 0, description: 'quantity × unitPrice − discount + tax.' }),
  },
  { additionalProperties: false, title: 'OrderLine' },
);

const orderFields = {
  id: Uuid(),
  siteId: Uuid(),
  customerId: Uuid({ description: 'The customer the order belongs to (a guest, or a registered customer).' }),
  number: Type.String({ maxLength: 64 }),
  status: Status(
    'Where the order is: placed → paid → fulfilled; or cancelled, refunded, partially_refunded.',
  ),
  currency: Currency(),
  subtotal: MinorUnits({ minimum: 0, description: 'Σ quantity × unitPrice.' }),
  discountTotal: MinorUnits({ minimum: 0 }),
  taxTotal: MinorUnits({ minimum: 0 }),
  shippingTotal: MinorUnits({ minimum: 0 }),
  total: MinorUnits({ minimum: 0 }),
  refundedTotal: MinorUnits({ minimum: 0, description: 'Refunded so far (partial refunds add up).' }),
  email: Nullable(Type.String({ maxLength: 254, description: 'The email the order was placed with.' })),
  placedAt: Timestamp(),
  createdAt: Timestamp(),
  updatedAt: Timestamp(),
};

/** An order in lists: no lines or addresses. */
export const OrderSummarySchema = Type.Object(orderFields, {
  additionalProperties: false,
  title: 'OrderSummary',
});
export type OrderSummary = Static<typeof OrderSummarySchema>;

export const OrderSchema = Type.Object(
  {
    ...orderFields,
    billingAddress: Nullable(OrderAddressSchema),
    shippingAddress: Nullable(OrderAddressSchema),
    lines: Type.Array(OrderLineSchema, { maxItems: MAX_ORDER_LINES }),
  },
  { additionalProperties: false, title: 'Order' },
);
export type Order = Static<typeof OrderSchema>;

const statusChangeFields = {
  // The enum lists null too: a nullable enum without it would refuse the null it allows.
  fromStatus: Type.Unsafe<OrderStatus | null>({
    type: ['string', 'null'],
    enum: [...ORDER_STATUSES, null],
    description: 'The status before; null for the first entry (placed).',
  }),
  toStatus: Status('The status after.'),
  amount: Nullable(MinorUnits({ minimum: 0, description: 'Amount refunded by this change, minor units.' })),
  createdAt: Timestamp(),
};

export const OrderStatusChangeSchema = Type.Object(
  {
    id: Uuid(),
    ...statusChangeFields,
    note: Nullable(Type.String({ maxLength: 1000 })),
    actor: Type.Object(
      {
        type: Type.String({ maxLength: 20, description: 'admin, apiKey, system, …' }),
        id: Type.String({ maxLength: 64 }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false, title: 'OrderStatusChange' },
);

export const OrderDetailSchema = Type.Composite(
  [
    OrderSchema,
    Type.Object({
      statusHistory: Type.Array(OrderStatusChangeSchema, {
        maxItems: 1000,
        description: 'Every status change, oldest first, with who made it.',
      }),
    }),
  ],
  { additionalProperties: false, title: 'OrderDetail' },
);
export type OrderDetail = Static<typeof OrderDetailSchema>;

/** What a shopper sees of an order: no admin notes, no actor ids. */
export const MyOrderSchema = Type.Composite(
  [
    OrderSchema,
    Type.Object({
      statusHistory: Type.Array(Type.Object(statusChangeFields, { additionalProperties: false }), {
        maxItems: 1000,
        description: 'Every status change, oldest first.',
      }),
    }),
  ],
  { additionalProperties: false, title: 'MyOrder' },
);
export type MyOrder = Static<typeof MyOrderSchema>;

export const OrderStatusChangeBodySchema = Type.Object(
  {
    status: Status('The new status; only allowed transitions are accepted (see docs/orders.md).'),
    amount: Type.Optional(
      MinorUnits({ minimum: 1, description: 'With `partially_refunded` only: the amount refunded now.' }),
    ),
    note: Type.Optional(MultiLine({ maxLength: 1000, description: 'Why, for the order history.' })),
  },
  { additionalProperties: false, title: 'OrderStatusChangeBody' },
);
export type OrderStatusChangeBody = Static<typeof OrderStatusChangeBodySchema>;

/** Order lists' sort: orders.repository.ts maps each field to its indexed SQL. */
export const orderSort = {
  fields: ['placedAt'],
  default: '-placedAt',
  defaultMeaning: 'newest first',
} as const satisfies SortSpec;
export type OrderSortField = (typeof orderSort.fields)[number];

const customerOrderFilters = {
  siteId: Type.Optional(Uuid({ description: 'Only orders of this site.' })),
  status: Type.Optional(Status('Only orders in this status.')),
  placedFrom: Type.Optional(Timestamp({ description: 'Only orders placed at or after this time.' })),
  placedTo: Type.Optional(Timestamp({ description: 'Only orders placed before this time.' })),
};

export const CustomerOrderListQuerySchema = ListQuery(customerOrderFilters, { sort: orderSort });
export type CustomerOrderListQuery = Static<typeof CustomerOrderListQuerySchema>;

export const OrderListQuerySchema = ListQuery(
  {
    q: Type.Optional(
      Type.String({
        maxLength: 254,
        description:
          "A fragment of the order number, the order's email or a first, last or company name on its billing or shipping address; any case, with or without accents. A common fragment may answer a `partial` page.",
      }),
    ),
    customerId: Type.Optional(Uuid({ description: "Only this customer's orders." })),
    ...customerOrderFilters,
    includeTotal: Type.Optional(
      Type.Boolean({
        description: "Add `total`: exact up to 10,000, beyond it PostgreSQL's estimate (`totalIsEstimate`).",
      }),
    ),
  },
  { sort: orderSort },
);
export type OrderListQuery = Static<typeof OrderListQuerySchema>;

export const MyOrderListQuerySchema = ListQuery({});
export type MyOrderListQuery = Static<typeof MyOrderListQuerySchema>;

export const OrderPageSchema = PageOf(OrderSummarySchema, { title: 'OrderPage' });
/** The tenant's order list, which can carry its total (`includeTotal`). */
export const CountedOrderPageSchema = CountedPageOf(OrderSummarySchema, { title: 'CountedOrderPage' });

export const MyOrderParams = Type.Object(
  { orderId: Uuid({ description: 'The order id.' }) },
  { additionalProperties: false },
);
