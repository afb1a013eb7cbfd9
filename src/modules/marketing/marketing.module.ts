import type { ModuleManifest } from '../../lib/module.js';
import { marketingCustomerData } from './customer-data.service.js';
import { marketingFilterAttributes } from './customer-filters.repository.js';
import { marketingRoutes } from './marketing.routes.js';
import { marketingStoreRoutes } from './marketing-store.routes.js';
import { unsubscribeRoutes } from './unsubscribe.routes.js';

export const marketingModule: ModuleManifest = {
  name: 'marketing',
  tags: [
    {
      name: 'marketing',
      description:
        'Marketing contacts (one per email address, made with every customer), newsletters, subscriptions in Shopify’s states, and append-only consent records that prove who agreed, when, to what wording and how. One-click unsubscribe (RFC 8058).',
    },
  ],
  adminRoutes: [marketingRoutes],
  storeRoutes: [marketingStoreRoutes],
  publicRoutes: [unsubscribeRoutes],
  customerFilters: marketingFilterAttributes,
  customerData: marketingCustomerData,
};
