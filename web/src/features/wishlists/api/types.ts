/** The wish lists API's shapes, taken from the server's TypeBox schemas (type-only imports). */
import type { Static } from '@sinclair/typebox';
import type {
  Wishlist as ServerWishlist,
  WishlistListSchema,
} from '../../../../../src/modules/wishlists/wishlists.schemas.js';

export type Wishlist = ServerWishlist;
export type WishlistList = Static<typeof WishlistListSchema>;
