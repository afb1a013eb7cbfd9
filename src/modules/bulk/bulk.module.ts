import type { ModuleManifest } from '../../lib/module.js';
import { bulkRoutes } from './bulk.routes.js';

export const bulkModule: ModuleManifest = {
  name: 'bulk',
  tags: [
    {
      name: 'bulk',
      description:
        'Bulk actions on customers: tags, groups, disable, enable, delete and export for a list of ids or everything matching a view, run as jobs.',
    },
  ],
  adminRoutes: (setup) => [bulkRoutes(setup)],
};
