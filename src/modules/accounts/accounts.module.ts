import type { ModuleManifest } from '../../lib/module.js';
import { accountAdminRoutes } from './account-admin.routes.js';
import { storeAuthRoutes } from './accounts.routes.js';
import { accountsCustomerData } from './customer-data.service.js';

export const accountsModule: ModuleManifest = {
  name: 'accounts',
  tags: [
    {
      name: 'storefront auth',
      description:
        'Storefront API: shopper registration, sign-in and password recovery. Name the site with X-Site-Key.',
    },
    { name: 'accounts', description: "Admin actions on customers' accounts and their timeline." },
  ],
  adminRoutes: (setup) => [accountAdminRoutes({ shopperSignIn: setup.features.mode !== 'oms' })],
  storeRoutes: (setup) => [storeAuthRoutes(setup.shopperSessions)],
  customerData: accountsCustomerData,
};
