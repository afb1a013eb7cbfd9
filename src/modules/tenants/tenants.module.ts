import type { ModuleManifest } from '../../lib/module.js';
import { tenantSettingsRoutes } from './tenant-settings.routes.js';
import { tenantsRoutes } from './tenants.routes.js';

export const tenantsModule: ModuleManifest = {
  name: 'tenants',
  core: true,
  tags: [{ name: 'sites', description: "The tenant's sites, customer sets and settings." }],
  adminRoutes: [tenantsRoutes, tenantSettingsRoutes],
};
