import { apiRequest } from '@/api/client';
import type {
  EffectiveRole,
  Group,
  GroupInput,
  GroupPatch,
  Membership,
  MembershipInput,
  Role,
  RoleInput,
  RolePatch,
} from './types';

/** Pages this list gives at most (200 each): a tenant has tens of groups and roles, not thousands. */
const MAX_PAGES = 10;

/** Every item of a cursor-paged list, by code. */
async function allPages<T>(path: string, signal?: AbortSignal): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result: { data: T[]; nextCursor: string | null } = await apiRequest(path, {
      query: { limit: 200, cursor },
      signal,
    });
    items.push(...result.data);
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return items;
}

const groupPath = (id: string) => `/groups/${encodeURIComponent(id)}`;
const rolePath = (id: string) => `/roles/${encodeURIComponent(id)}`;
const customerPath = (id: string) => `/customers/${encodeURIComponent(id)}`;

export const listGroups = (signal?: AbortSignal) => allPages<Group>('/groups', signal);
export const createGroup = (input: GroupInput) =>
  apiRequest<Group>('/groups', { method: 'POST', body: input });
export const updateGroup = (id: string, patch: GroupPatch) =>
  apiRequest<Group>(groupPath(id), { method: 'PATCH', body: patch });

export const listRoles = (signal?: AbortSignal) => allPages<Role>('/roles', signal);
export const createRole = (input: RoleInput) => apiRequest<Role>('/roles', { method: 'POST', body: input });
export const updateRole = (id: string, patch: RolePatch) =>
  apiRequest<Role>(rolePath(id), { method: 'PATCH', body: patch });

export async function listMemberships(customerId: string, signal?: AbortSignal): Promise<Membership[]> {
  return (await apiRequest<{ data: Membership[] }>(`${customerPath(customerId)}/groups`, { signal })).data;
}

export const putMembership = (customerId: string, groupId: string, input: MembershipInput) =>
  apiRequest<Membership>(`${customerPath(customerId)}/groups/${encodeURIComponent(groupId)}`, {
    method: 'PUT',
    body: input,
  });

export const endMembership = (customerId: string, groupId: string) =>
  apiRequest<null>(`${customerPath(customerId)}/groups/${encodeURIComponent(groupId)}`, { method: 'DELETE' });

export async function listCustomerRoles(customerId: string, signal?: AbortSignal): Promise<EffectiveRole[]> {
  return (await apiRequest<{ data: EffectiveRole[] }>(`${customerPath(customerId)}/roles`, { signal })).data;
}

export const assignRole = (customerId: string, roleId: string, siteId: string | null) =>
  apiRequest<EffectiveRole>(`${customerPath(customerId)}/roles/${encodeURIComponent(roleId)}`, {
    method: 'PUT',
    body: { siteId },
  });

export const unassignRole = (customerId: string, roleId: string, siteId: string | null) =>
  apiRequest<null>(`${customerPath(customerId)}/roles/${encodeURIComponent(roleId)}`, {
    method: 'DELETE',
    query: { siteId },
  });
