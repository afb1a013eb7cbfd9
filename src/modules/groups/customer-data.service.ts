import type { CustomerDataHook } from '../../lib/module.js';
import { groupDataRepository } from './customer-data.repository.js';

/** Memberships and roles say things about the person (a trade account, staff pricing): an erasure ends them. */
export const groupsCustomerData: CustomerDataHook = {
  describe: "The customer's group memberships and directly assigned roles.",
  tables: ['group_members', 'customer_roles'],
  read: async (ctx, { customerId }) => {
    const [groups, roles] = await Promise.all([
      groupDataRepository.memberships(ctx, customerId),
      groupDataRepository.roles(ctx, customerId),
    ]);
    return { groups, roles };
  },
  erase: async (ctx, { customerId }) => ({
    group_members: await groupDataRepository.deleteMemberships(ctx, customerId),
    customer_roles: await groupDataRepository.deleteRoles(ctx, customerId),
  }),
};
