import type { ModuleManifest } from '../../lib/module.js';
import { tenantsRoutes } from './tenants.routes.js';

export const tenantsModule: ModuleManifest = {
  name: 'tenants',
  core: true,
  tags: [{ name: 'sites', description: "The tenant's sites and customer sets." }],
  adminRoutes: [tenantsRoutes],
};
