import type { ModuleManifest } from '../../lib/module.js';
import { customersRoutes } from './customers.routes.js';

export const customersModule: ModuleManifest = {
  name: 'customers',
  core: true,
  tags: [{ name: 'customers', description: 'Customer records.' }],
  adminRoutes: (setup) => [customersRoutes(setup.customerFilters)],
  customerData: 'The customer record: names, email, phone, notes, tags, marketing consent and order metrics.',
};
