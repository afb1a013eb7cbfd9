import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { groupKeys } from '../api/group-keys';
import {
  assignRole,
  endMembership,
  listCustomerRoles,
  listMemberships,
  putMembership,
  unassignRole,
} from '../api/groups-api';

/** A customer's memberships and effective roles (roles change with memberships, so both refresh together). */
export function useCustomerBelonging(customerId: string) {
  const memberships = useQuery({
    queryKey: groupKeys.memberships(customerId),
    queryFn: ({ signal }) => listMemberships(customerId, signal),
  });
  const roles = useQuery({
    queryKey: groupKeys.customerRoles(customerId),
    queryFn: ({ signal }) => listCustomerRoles(customerId, signal),
  });
  return { memberships, roles };
}

type Change =
  | { kind: 'join'; groupId: string; validTo: string | null }
  | { kind: 'leave'; groupId: string }
  | { kind: 'assign'; roleId: string; siteId: string | null }
  | { kind: 'unassign'; roleId: string; siteId: string | null };

/** Adds or ends a membership, assigns or takes a role; then reads the customer's holdings again. */
export function useChangeBelonging(customerId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (change: Change) => {
      if (change.kind === 'join')
        await putMembership(customerId, change.groupId, { validTo: change.validTo });
      if (change.kind === 'leave') await endMembership(customerId, change.groupId);
      if (change.kind === 'assign') await assignRole(customerId, change.roleId, change.siteId);
      if (change.kind === 'unassign') await unassignRole(customerId, change.roleId, change.siteId);
    },
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: groupKeys.memberships(customerId) }),
        queryClient.invalidateQueries({ queryKey: groupKeys.customerRoles(customerId) }),
      ]),
  });
}
