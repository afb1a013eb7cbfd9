import { useQuery } from '@tanstack/react-query';
import { groupKeys } from '../api/group-keys';
import { listGroups } from '../api/groups-api';

/** The tenant's groups, by code. */
export function useGroups() {
  return useQuery({ queryKey: groupKeys.groups(), queryFn: ({ signal }) => listGroups(signal) });
}
