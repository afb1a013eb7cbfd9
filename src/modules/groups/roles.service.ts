import { inTransaction, type RequestContext } from '../../lib/context.js';
import { violatedUniqueIndex } from '../../lib/db-errors.js';
import { FieldErrors } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { Page } from '../../lib/list/list-builder.js';
import { paginate } from '../../lib/list/paginate.js';
import { trimmedOrNull } from '../../lib/text.js';
import { iso } from '../../lib/time.js';
import { lockCustomerRows, requireCustomer } from '../customers/customer-records.service.js';
import { recordChange, recordEvent } from '../events/events.service.js';
import { fieldChanges } from '../events/field-changes.js';
import { listSites } from '../tenants/tenants.service.js';
import { groupErrors } from './groups.errors.js';
import { roleList, rolesRepository } from './roles.repository.js';
import {
  type EffectiveRole,
  MAX_DIRECT_ROLES,
  type Role,
  type RoleAssignmentInput,
  type RoleInput,
  type RoleListQuery,
  type RolePatch,
} from './roles.schemas.js';

type RoleRecord = NonNullable<Awaited<ReturnType<typeof rolesRepository.find>>>;

const roleToApi = (row: RoleRecord): Role => ({
  id: row.id,
  code: row.code,
  name: row.name,
  description: row.description,
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
});

const rethrowUnique = (error: unknown): never => {
  if (violatedUniqueIndex(error) === 'roles_code') throw groupErrors.roleCodeTaken();
  throw error;
};

/** A name trimmed; blank is a 400 at /name. */
export function requiredName(value: string, errors: FieldErrors): string {
  const trimmed = value.trim();
  if (!trimmed) errors.add('/name', 'must not be blank');
  return trimmed;
}

/** The tenant's roles, a page at a time (by code unless sorted otherwise). */
export function listRoles(ctx: RequestContext, query: RoleListQuery): Promise<Page<Role>> {
  return paginate(
    roleList,
    query,
    (window) => rolesRepository.list(ctx, window),
    (rows) => rows.map(roleToApi),
  );
}

async function requireRole(ctx: RequestContext, id: string): Promise<RoleRecord> {
  const row = await rolesRepository.find(ctx, id);
  if (!row) throw groupErrors.roleNotFound();
  return row;
}

export const getRole = async (ctx: RequestContext, id: string) => roleToApi(await requireRole(ctx, id));

/** A new role; its code is unique in the tenant whatever its case (409 `role.code_taken`). */
export async function createRole(ctx: RequestContext, input: RoleInput): Promise<Role> {
  const errors = new FieldErrors();
  const name = requiredName(input.name, errors);
  errors.throwIfAny();
  return inTransaction(ctx, async (trx) => {
    const row = await rolesRepository
      .insert(trx, { id: newId(), code: input.code, name, description: trimmedOrNull(input.description) })
      .catch(rethrowUnique);
    const role = roleToApi(row);
    await recordRoleChange(trx, 'role.created', null, role);
    return role;
  });
}

export async function updateRole(ctx: RequestContext, id: string, patch: RolePatch): Promise<Role> {
  const errors = new FieldErrors();
  const changes: { code?: string; name?: string; description?: string | null } = {};
  if (patch.code !== undefined) changes.code = patch.code;
  if (patch.name !== undefined) changes.name = requiredName(patch.name, errors);
  if (patch.description !== undefined) changes.description = trimmedOrNull(patch.description);
  errors.throwIfAny();
  return inTransaction(ctx, async (trx) => {
    const before = await rolesRepository.find(trx, id);
    const row = await rolesRepository.update(trx, id, changes).catch(rethrowUnique);
    if (!before || !row) throw groupErrors.roleNotFound();
    const role = roleToApi(row);
    await recordRoleChange(trx, 'role.updated', roleToApi(before), role);
    return role;
  });
}

/**
 * Deletes the role: the groups that bundle it and the customers who hold it directly lose it
 * at once (cascade), without an event per customer.
 */
export async function deleteRole(ctx: RequestContext, id: string): Promise<void> {
  await inTransaction(ctx, async (trx) => {
    const before = await rolesRepository.find(trx, id);
    if (!before || !(await rolesRepository.delete(trx, id))) throw groupErrors.roleNotFound();
    await recordRoleChange(trx, 'role.deleted', roleToApi(before), null);
  });
}

/** A role's entry in the audit log (the role itself, not `role.assigned` on a customer). */
async function recordRoleChange(
  ctx: RequestContext,
  action: `role.${string}`,
  before: Role | null,
  after: Role | null,
) {
  const changes = fieldChanges(before, after, ['code', 'name', 'description']);
  if (action === 'role.updated' && changes.length === 0) return;
  const subjectId = (after ?? before)!.id;
  await recordChange(ctx, { action, subjectType: 'role', subjectId, data: { changes } });
}

/** The ids among `ids` that are not roles of this tenant. */
export async function unknownRoleIds(ctx: RequestContext, ids: readonly string[]): Promise<string[]> {
  const known = await rolesRepository.existing(ctx, ids);
  return ids.filter((id) => !known.has(id));
}

/**
 * Gives the customer a role directly, on every site or on one (`siteId`). Assigning it again is
 * no change. Answers the assignment and whether it is new; at most 500 per customer (422).
 */
export async function assignRole(
  ctx: RequestContext,
  customerId: string,
  roleId: string,
  input: RoleAssignmentInput,
): Promise<{ role: EffectiveRole; created: boolean }> {
  const siteId = input.siteId ?? null;
  return inTransaction(ctx, async (trx) => {
    await requireCustomer(trx, customerId);
    const role = await requireRole(trx, roleId);
    if (siteId !== null && !(await listSites(trx)).some((site) => site.id === siteId)) {
      const errors = new FieldErrors();
      errors.add('/siteId', 'is not a site of this tenant');
      errors.throwIfAny();
    }
    await lockCustomerRows(trx, [customerId]);
    if ((await rolesRepository.countAssignments(trx, customerId)) >= MAX_DIRECT_ROLES)
      throw groupErrors.tooManyRoles();
    const created = await rolesRepository.assign(trx, { id: newId(), customerId, roleId, siteId });
    if (created) await recordEvent(trx, customerId, 'role.assigned', { roleId, code: role.code, siteId });
    return {
      role: { roleId, code: role.code, name: role.name, siteId, source: 'direct' as const },
      created,
    };
  });
}

/**
 * Takes a directly assigned role away: the assignment on `siteId`, or every one of the role
 * when no site is named. Roles held through groups stay. 404 when there was none.
 */
export async function unassignRole(
  ctx: RequestContext,
  customerId: string,
  roleId: string,
  siteId: string | undefined,
): Promise<void> {
  await inTransaction(ctx, async (trx) => {
    await requireCustomer(trx, customerId);
    const role = await requireRole(trx, roleId);
    const removed = await rolesRepository.unassign(trx, customerId, roleId, siteId);
    if (removed.length === 0) throw groupErrors.assignmentNotFound();
    for (const site of removed)
      await recordEvent(trx, customerId, 'role.unassigned', { roleId, code: role.code, siteId: site });
  });
}

/** The customer's effective roles: direct assignments, then roles of groups active now. */
export async function listCustomerRoles(ctx: RequestContext, customerId: string): Promise<EffectiveRole[]> {
  await requireCustomer(ctx, customerId);
  const [direct, viaGroups] = await Promise.all([
    rolesRepository.direct(ctx, customerId),
    rolesRepository.throughGroups(ctx, customerId),
  ]);
  return [
    ...direct.map((r) => ({
      roleId: r.roleId,
      code: r.code,
      name: r.name,
      siteId: r.siteId,
      source: 'direct' as const,
    })),
    ...viaGroups.map((r) => ({
      roleId: r.roleId,
      code: r.code,
      name: r.name,
      siteId: null,
      source: 'group' as const,
      groupId: r.groupId,
    })),
  ];
}

/** The codes of the roles the customer holds on this site now (direct or through groups). */
export const roleCodesOnSite = (ctx: RequestContext, customerId: string, siteId: string) =>
  rolesRepository.codesOnSite(ctx, customerId, siteId);

/** A merge (src/flows/merge-customers.ts): role assignments the survivor lacks (same role, same site) move to it. */
export const moveRolesToCustomer = (ctx: RequestContext, fromId: string, toId: string) =>
  rolesRepository.moveAssignmentsToCustomer(ctx, fromId, toId);
