import { useQuery } from '@tanstack/react-query';
import { groupKeys } from '../api/group-keys';
import { listRoles } from '../api/groups-api';

/** The tenant's customer roles, by code. */
export function useRoles() {
  return useQuery({ queryKey: groupKeys.roles(), queryFn: ({ signal }) => listRoles(signal) });
}
