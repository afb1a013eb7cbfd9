import type { ModuleManifest } from '../../lib/module.js';
import { startCartReminderJob } from '../../worker/cart-reminder-job.js';
import { cartsRoutes } from './carts.routes.js';
import { cartsCustomerData } from './customer-data.service.js';

export const cartsModule: ModuleManifest = {
  name: 'carts',
  tags: [
    {
      name: 'carts',
      description: "Carts reported by the store's checkout, and the tenant's abandoned carts.",
    },
  ],
  adminRoutes: [cartsRoutes],
  jobs: [{ name: 'cart reminders', start: startCartReminderJob }],
  customerData: cartsCustomerData,
};
