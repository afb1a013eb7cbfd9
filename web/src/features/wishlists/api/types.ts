/** The wish lists API's shapes, taken from the server's TypeBox schemas (type-only imports). */

import type {
  Wishlist as ServerWishlist,
  WishlistListSchema,
} from '@server/modules/wishlists/wishlists.schemas.js';
import type { Static } from '@sinclair/typebox';

export type Wishlist = ServerWishlist;
export type WishlistList = Static<typeof WishlistListSchema>;
