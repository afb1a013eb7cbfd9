import type { ModuleManifest } from '../../lib/module.js';
import { segmentsRoutes } from './segments.routes.js';

export const segmentsModule: ModuleManifest = {
  name: 'segments',
  tags: [
    {
      name: 'segments',
      description:
        'Saved customer filters: a segment is whoever matches its filter now; preview a filter, page its members, or open it in the customer list (`segment=`).',
    },
  ],
  // A function of the setup: the filter is checked with every module's customer attributes.
  adminRoutes: (setup) => [segmentsRoutes(setup.customerFilters)],
};
