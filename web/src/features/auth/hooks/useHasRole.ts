import { useCallback } from 'react';
import type { AdminRole } from '../api/auth-api';
import { useSession } from './useSession';

const rank: Record<AdminRole, number> = { viewer: 0, support: 1, admin: 2, owner: 3 };

/**
 * Tells whether the signed-in admin has at least a role's rights, so pages offer only what the
 * server would allow (it checks again on every call).
 */
export function useHasRole(): (minimum: AdminRole) => boolean {
  const role = useSession().data?.role;
  return useCallback((minimum: AdminRole) => (role ? rank[role] >= rank[minimum] : false), [role]);
}
