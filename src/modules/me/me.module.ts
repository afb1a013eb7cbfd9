import type { ModuleManifest } from '../../lib/module.js';
import { meRoutes } from './me.routes.js';
import { meErasureRoutes } from './me-erasure.routes.js';

export const meModule: ModuleManifest = {
  name: 'me',
  tags: [{ name: 'me', description: "Storefront API: the signed-in shopper's own account." }],
  storeRoutes: (setup) => [meRoutes, meErasureRoutes(setup.customerData)],
};
