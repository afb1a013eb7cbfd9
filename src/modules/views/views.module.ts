import type { ModuleManifest } from '../../lib/module.js';
import { viewsRoutes } from './views.routes.js';

export const viewsModule: ModuleManifest = {
  name: 'views',
  tags: [
    {
      name: 'views',
      description:
        "Saved views of the customer grid: its search, filter, sort, columns and segment under a name, private to their author or shared in the tenant, and each admin's default view.",
    },
  ],
  // A function of the setup: a view's filter is checked with every module's customer attributes.
  adminRoutes: (setup) => [viewsRoutes(setup.customerFilters)],
};
