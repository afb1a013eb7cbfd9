import { type Static, Type } from '@sinclair/typebox';
import { Int32, MultiLine, Nullable, SingleLine, Timestamp, Uuid } from '../../http/schemas.js';

export const MAX_LISTS_PER_CUSTOMER = 50;
export const MAX_ITEMS_PER_LIST = 500;

const name = SingleLine({
  minLength: 1,
  maxLength: 100,
  description: 'Unique among your wish lists, whatever its case.',
});
const itemFields = {
  name: SingleLine({ minLength: 1, maxLength: 300, description: 'Product name as the shopper saw it.' }),
  quantity: Int32({ minimum: 1, maximum: 9999, description: 'How many the shopper wishes for.' }),
  note: Nullable(MultiLine({ maxLength: 1000, description: "The shopper's note (size, colour, occasion)." })),
};

export const WishlistParams = Type.Object(
  { wishlistId: Uuid({ description: 'Wish list id.' }) },
  { additionalProperties: false },
);
export const WishlistItemParams = Type.Object(
  { wishlistId: Uuid({ description: 'Wish list id.' }), itemId: Uuid({ description: 'Item id.' }) },
  { additionalProperties: false },
);

export const WishlistInputSchema = Type.Object(
  { name },
  { additionalProperties: false, title: 'WishlistInput' },
);
export type WishlistInput = Static<typeof WishlistInputSchema>;

export const WishlistItemInputSchema = Type.Object(
  {
    sku: SingleLine({
      minLength: 1,
      maxLength: 100,
      description: "The product's stock-keeping unit; once per wish list.",
    }),
    name: itemFields.name,
    quantity: Type.Optional(Int32({ ...itemFields.quantity, default: 1 })),
    note: Type.Optional(itemFields.note),
  },
  { additionalProperties: false, title: 'WishlistItemInput' },
);
export type WishlistItemInput = Static<typeof WishlistItemInputSchema>;

export const WishlistItemPatchSchema = Type.Partial(Type.Object(itemFields), {
  additionalProperties: false,
  minProperties: 1,
  title: 'WishlistItemPatch',
});
export type WishlistItemPatch = Static<typeof WishlistItemPatchSchema>;

export const WishlistItemSchema = Type.Object(
  {
    id: Uuid(),
    sku: Type.String({ maxLength: 100 }),
    ...itemFields,
    createdAt: Timestamp(),
    updatedAt: Timestamp(),
  },
  { additionalProperties: false, title: 'WishlistItem' },
);
export type WishlistItem = Static<typeof WishlistItemSchema>;

export const WishlistSchema = Type.Object(
  {
    id: Uuid(),
    name: Type.String({ maxLength: 100 }),
    items: Type.Array(WishlistItemSchema, {
      maxItems: MAX_ITEMS_PER_LIST,
      description: 'Oldest first.',
    }),
    createdAt: Timestamp(),
    updatedAt: Timestamp({ description: 'Last change to the list or its items.' }),
  },
  { additionalProperties: false, title: 'Wishlist' },
);
export type Wishlist = Static<typeof WishlistSchema>;

export const WishlistListSchema = Type.Object(
  { data: Type.Array(WishlistSchema, { maxItems: MAX_LISTS_PER_CUSTOMER, description: 'Oldest first.' }) },
  { title: 'WishlistList' },
);
