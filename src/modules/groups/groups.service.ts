import { inTransaction, type RequestContext } from '../../lib/context.js';
import { violatedUniqueIndex } from '../../lib/db-errors.js';
import { FieldErrors } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { Page } from '../../lib/list/list-builder.js';
import { paginate } from '../../lib/list/paginate.js';
import { trimmedOrNull } from '../../lib/text.js';
import { iso } from '../../lib/time.js';
import { recordChange } from '../events/events.service.js';
import { fieldChanges } from '../events/field-changes.js';
import { belongingFilterAttributes } from './customer-filters.repository.js';
import { groupErrors } from './groups.errors.js';
import { type GroupRecord, groupList, groupsRepository } from './groups.repository.js';
import type { Group, GroupInput, GroupListQuery, GroupPatch } from './groups.schemas.js';
import { requiredName, unknownRoleIds } from './roles.service.js';

const groupToApi = (row: GroupRecord): Group => ({
  id: row.id,
  code: row.code,
  name: row.name,
  description: row.description,
  roleIds: row.roleIds,
  reminderDays: row.reminderDays,
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
});

const rethrowUnique = (error: unknown): never => {
  if (violatedUniqueIndex(error) === 'groups_code') throw groupErrors.codeTaken();
  throw error;
};

/** 400 naming each role id that is not a role of this tenant. */
async function checkRoleIds(
  ctx: RequestContext,
  roleIds: readonly string[] | undefined,
  errors: FieldErrors,
) {
  if (!roleIds?.length) return;
  const unknown = new Set(await unknownRoleIds(ctx, roleIds));
  roleIds.forEach((id, i) => {
    if (unknown.has(id)) errors.add(`/roleIds/${i}`, 'is not a role of this tenant');
  });
}

/** The tenant's groups, a page at a time (by code unless sorted otherwise). */
export function listGroups(ctx: RequestContext, query: GroupListQuery): Promise<Page<Group>> {
  return paginate(
    groupList,
    query,
    (window) => groupsRepository.list(ctx, window),
    (rows) => rows.map(groupToApi),
  );
}

/** The group of this tenant; 404 `group.not_found` when there is none. */
export async function requireGroup(ctx: RequestContext, id: string): Promise<GroupRecord> {
  const row = await groupsRepository.find(ctx, id);
  if (!row) throw groupErrors.notFound();
  return row;
}

export const getGroup = async (ctx: RequestContext, id: string) => groupToApi(await requireGroup(ctx, id));

/** A new group bundling `roleIds`; its code is unique in the tenant whatever its case (409). */
export async function createGroup(ctx: RequestContext, input: GroupInput): Promise<Group> {
  const errors = new FieldErrors();
  const name = requiredName(input.name, errors);
  await checkRoleIds(ctx, input.roleIds, errors);
  errors.throwIfAny();
  return inTransaction(ctx, async (trx) => {
    const id = newId();
    await groupsRepository
      .insert(trx, {
        id,
        code: input.code,
        name,
        description: trimmedOrNull(input.description),
        reminderDays: input.reminderDays ?? null,
      })
      .catch(rethrowUnique);
    await groupsRepository.setRoles(trx, id, input.roleIds ?? []);
    const group = groupToApi(await requireGroup(trx, id));
    await recordGroupChange(trx, 'group.created', null, group);
    return group;
  });
}

/** Changes the fields sent; `roleIds` replaces the group's roles for every member at once. */
export async function updateGroup(ctx: RequestContext, id: string, patch: GroupPatch): Promise<Group> {
  const errors = new FieldErrors();
  const { roleIds, ...fields } = patch;
  const changes: { code?: string; name?: string; description?: string | null; reminderDays?: number | null } =
    {};
  if (fields.code !== undefined) changes.code = fields.code;
  if (fields.name !== undefined) changes.name = requiredName(fields.name, errors);
  if (fields.description !== undefined) changes.description = trimmedOrNull(fields.description);
  if (fields.reminderDays !== undefined) changes.reminderDays = fields.reminderDays;
  await checkRoleIds(ctx, roleIds, errors);
  errors.throwIfAny();
  return inTransaction(ctx, async (trx) => {
    const before = await groupsRepository.find(trx, id);
    if (!(await groupsRepository.update(trx, id, changes).catch(rethrowUnique))) throw groupErrors.notFound();
    if (roleIds) await groupsRepository.setRoles(trx, id, roleIds);
    const group = groupToApi(await requireGroup(trx, id));
    await recordGroupChange(trx, 'group.updated', before ? groupToApi(before) : null, group);
    return group;
  });
}

/**
 * Deletes the group with every membership of it (cascade). A group may have millions of
 * members, so no event is written per member; their timelines keep how they joined.
 */
export async function deleteGroup(ctx: RequestContext, id: string): Promise<void> {
  await inTransaction(ctx, async (trx) => {
    const before = await groupsRepository.find(trx, id);
    if (!before || !(await groupsRepository.delete(trx, id))) throw groupErrors.notFound();
    await recordGroupChange(trx, 'group.deleted', groupToApi(before), null);
  });
}

/** A group's entry in the audit log, with the fields that changed (none recorded: no entry for an update). */
async function recordGroupChange(
  ctx: RequestContext,
  action: `group.${string}`,
  before: Group | null,
  after: Group | null,
) {
  const changes = fieldChanges(before, after, ['code', 'name', 'description', 'roleIds', 'reminderDays']);
  if (action === 'group.updated' && changes.length === 0) return;
  const subjectId = (after ?? before)!.id;
  await recordChange(ctx, { action, subjectType: 'group', subjectId, data: { changes } });
}

/** `group` and `role` for the customer filter language (the module's customerFilters). */
export const belongingFilters = (ctx: RequestContext) => belongingFilterAttributes(ctx);
