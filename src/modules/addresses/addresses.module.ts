import type { ModuleManifest } from '../../lib/module.js';
import { addressesRoutes } from './addresses.routes.js';
import { addressesCustomerData } from './customer-data.service.js';

export const addressesModule: ModuleManifest = {
  name: 'addresses',
  tags: [{ name: 'addresses', description: "A customer's addresses." }],
  adminRoutes: [addressesRoutes],
  customerData: addressesCustomerData,
};
