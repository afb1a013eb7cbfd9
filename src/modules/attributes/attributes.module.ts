import type { ModuleManifest } from '../../lib/module.js';
import { attributesRoutes } from './attributes.routes.js';
import { attributeFilters } from './attributes.service.js';

export const attributesModule: ModuleManifest = {
  name: 'attributes',
  tags: [
    {
      name: 'attributes',
      description:
        "Custom attributes: typed fields the tenant defines, carried in each customer's `attributes` and filtered as `attributes.<code>`.",
    },
  ],
  adminRoutes: [attributesRoutes],
  customerFilters: attributeFilters,
};
