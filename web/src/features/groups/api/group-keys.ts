/** Query keys of the groups feature; invalidating `all` refreshes groups, roles and customers' holdings. */
export const groupKeys = {
  all: ['groups'] as const,
  groups: () => [...groupKeys.all, 'groups'] as const,
  roles: () => [...groupKeys.all, 'roles'] as const,
  memberships: (customerId: string) => [...groupKeys.all, 'memberships', customerId] as const,
  customerRoles: (customerId: string) => [...groupKeys.all, 'customer-roles', customerId] as const,
};
