import type { ModuleManifest } from '../../lib/module.js';
import { startMembershipJob } from '../../worker/membership-job.js';
import { groupsCustomerData } from './customer-data.service.js';
import { groupsRoutes } from './groups.routes.js';
import { belongingFilters } from './groups.service.js';
import { rolesRoutes } from './roles.routes.js';

export const groupsModule: ModuleManifest = {
  name: 'groups',
  tags: [
    {
      name: 'groups',
      description:
        'Customer groups: memberships that may expire and bundle customer roles, with a reminder email before they end.',
    },
    {
      name: 'customer roles',
      description:
        "Customer roles, held directly (on every site or one) or through groups: what a store gates restricted sections, products and discounts on. Not the admin users' roles.",
    },
  ],
  adminRoutes: [groupsRoutes, rolesRoutes],
  jobs: [{ name: 'membership ends', start: startMembershipJob }],
  customerFilters: belongingFilters,
  customerData: groupsCustomerData,
};
