import type { ModuleManifest } from '../../lib/module.js';
import { customersCustomerData } from './customer-data.service.js';
import { customerMergesRoutes } from './customer-merges.routes.js';
import { customerPrivacyRoutes } from './customer-privacy.routes.js';
import { customerTagsRoutes } from './customer-tags.routes.js';
import { customersRoutes } from './customers.routes.js';

export const customersModule: ModuleManifest = {
  name: 'customers',
  core: true,
  tags: [
    { name: 'customers', description: 'Customer records.' },
    { name: 'tags', description: "Customers' tags, one at a time, and the tenant's tags for completion." },
  ],
  adminRoutes: (setup) => [
    customersRoutes(setup.customerFilters),
    customerTagsRoutes,
    customerMergesRoutes,
    customerPrivacyRoutes(setup.customerData),
  ],
  customerData: customersCustomerData,
};
