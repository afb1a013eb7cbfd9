import type { ModuleManifest } from '../../lib/module.js';
import { wishlistsCustomerData } from './customer-data.service.js';
import { customerWishlistsRoutes, myWishlistsRoutes } from './wishlists.routes.js';

export const wishlistsModule: ModuleManifest = {
  name: 'wishlists',
  tags: [
    {
      name: 'wish lists',
      description: "Storefront API: the signed-in shopper's wish lists; admins read a customer's.",
    },
  ],
  adminRoutes: [customerWishlistsRoutes],
  storeRoutes: [myWishlistsRoutes],
  customerData: wishlistsCustomerData,
};
