import type { ModuleManifest } from '../../lib/module.js';
import { startCreditExpiryJob } from '../../worker/credit-expiry-job.js';
import { creditAdminRoutes, creditStoreRoutes } from './credit.routes.js';
import { creditCustomerData } from './customer-data.service.js';

export const creditModule: ModuleManifest = {
  name: 'credit',
  tags: [{ name: 'store credit', description: "A customer's store credit: balances and the ledger." }],
  adminRoutes: [creditAdminRoutes],
  storeRoutes: [creditStoreRoutes],
  jobs: [{ name: 'credit expiry', start: startCreditExpiryJob }],
  customerData: creditCustomerData,
};
