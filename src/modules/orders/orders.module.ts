import type { ModuleManifest } from '../../lib/module.js';
import { ordersCustomerData } from './customer-data.service.js';
import { myOrdersRoutes } from './my-orders.routes.js';
import { ordersRoutes } from './orders.routes.js';

export const ordersModule: ModuleManifest = {
  name: 'orders',
  tags: [
    { name: 'orders', description: 'Orders from the checkout, their status changes and purchase history.' },
  ],
  adminRoutes: [ordersRoutes],
  storeRoutes: [myOrdersRoutes],
  customerData: ordersCustomerData,
};
