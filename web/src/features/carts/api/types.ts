/** The carts API's shapes, taken from the server's TypeBox schemas (type-only imports). */

import type {
  AbandonedCartPageSchema,
  AbandonedCartsQuery,
  CartPageSchema,
  AbandonedCart as ServerAbandonedCart,
  Cart as ServerCart,
} from '@server/modules/carts/carts.schemas.js';
import type { Static } from '@sinclair/typebox';

export type Cart = ServerCart;
export type CartPage = Static<typeof CartPageSchema>;
export type AbandonedCart = ServerAbandonedCart;
export type AbandonedCartPage = Static<typeof AbandonedCartPageSchema>;
export type AbandonedCartFilters = Pick<AbandonedCartsQuery, 'siteId' | 'currency' | 'sort'>;
