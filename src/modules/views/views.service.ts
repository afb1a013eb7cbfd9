import { hasRole, inTransaction, type RequestContext } from '../../lib/context.js';
import { violatedUniqueIndex } from '../../lib/db-errors.js';
import { DomainError } from '../../lib/errors.js';
import { FilterError } from '../../lib/filter/filter-error.js';
import { newId } from '../../lib/ids.js';
import type { Page } from '../../lib/list/list-builder.js';
import { paginate } from '../../lib/list/paginate.js';
import type { CustomerFilterSource } from '../../lib/module.js';
import { iso } from '../../lib/time.js';
import { checkCustomerFilter, checkCustomerSort } from '../customers/customer-filters.service.js';
import { getSegment } from '../segments/segments.service.js';
import { viewErrors } from './views.errors.js';
import {
  type ViewFields,
  type ViewOwner,
  type ViewRecord,
  viewList,
  viewsRepository,
} from './views.repository.js';
import type { DefaultView, View, ViewCreate, ViewListQuery, ViewPatch } from './views.schemas.js';

function viewToApi(row: ViewRecord): View {
  return {
    id: row.id,
    name: row.name,
    shared: row.shared,
    owner: { type: row.ownerType, id: row.ownerId },
    q: row.q,
    filter: row.filter,
    sort: row.sort,
    columns: row.columns,
    segmentId: row.segmentId,
    isDefault: row.isDefault,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

/** Views belong to an admin user or an API key; the CLI and the worker have no views. */
function ownerOf(ctx: RequestContext): ViewOwner {
  if (ctx.actor.type !== 'admin' && ctx.actor.type !== 'apiKey') throw viewErrors.noAuthor();
  return { type: ctx.actor.type, id: ctx.actor.id };
}

const rethrowViewUnique = (error: unknown): never => {
  const index = violatedUniqueIndex(error);
  if (index === 'saved_views_shared_name' || index === 'saved_views_private_name')
    throw viewErrors.nameTaken();
  throw error;
};

/**
 * Checks what a schema cannot, with the customer list's own checks so a saved view always opens:
 * the filter (400 naming /filter with the position), the sort (400 naming /sort) and the segment.
 */
async function checkViewFields(
  ctx: RequestContext,
  fields: Partial<ViewFields>,
  moreFilters?: CustomerFilterSource,
): Promise<void> {
  if (fields.filter?.trim()) {
    try {
      await checkCustomerFilter(ctx, fields.filter, moreFilters);
    } catch (error) {
      throw error instanceof FilterError ? error.inBody() : error;
    }
  }
  if (fields.sort?.trim()) {
    try {
      await checkCustomerSort(ctx, fields.sort);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'list.invalid_sort') {
        const errors = (error.errors ?? []).map((e) => ({ ...e, in: 'body' as const }));
        throw new DomainError(error.kind, error.code, error.message, errors);
      }
      throw error;
    }
  }
  if (fields.segmentId) {
    await getSegment(ctx, fields.segmentId).catch((error: unknown) => {
      throw error instanceof DomainError && error.kind === 'not_found' ? viewErrors.segmentNotFound() : error;
    });
  }
}

/** Empty text is no value: a view with `q: ""` opens the grid without a search. */
const orNull = (text: string | null | undefined) => (text?.trim() ? text : null);

async function requireView(ctx: RequestContext, owner: ViewOwner, id: string): Promise<ViewRecord> {
  const row = await viewsRepository.find(ctx, owner, id);
  if (!row) throw viewErrors.notFound();
  return row;
}

/** Saves the grid's state under a name: private to its author, or (admins only) shared in the tenant. */
export async function createView(
  ctx: RequestContext,
  input: ViewCreate,
  moreFilters?: CustomerFilterSource,
): Promise<View> {
  const owner = ownerOf(ctx);
  const fields: ViewFields = {
    name: input.name.trim(),
    shared: input.shared ?? false,
    q: orNull(input.q),
    filter: orNull(input.filter),
    sort: orNull(input.sort),
    columns: input.columns ?? [],
    segmentId: input.segmentId ?? null,
  };
  if (fields.shared && !hasRole(ctx.actor.role, 'admin')) throw viewErrors.sharedNeedsAdmin();
  await checkViewFields(ctx, fields, moreFilters);
  const id = newId();
  await viewsRepository.insert(ctx, owner, id, fields).catch(rethrowViewUnique);
  return viewToApi(await requireView(ctx, owner, id));
}

/** The caller's views: the tenant's shared ones and their own private ones, by name. */
export function listViews(ctx: RequestContext, query: ViewListQuery): Promise<Page<View>> {
  const owner = ownerOf(ctx);
  return paginate(
    viewList,
    query,
    (window) => viewsRepository.list(ctx, owner, window),
    (rows) => rows.map(viewToApi),
  );
}

export async function getView(ctx: RequestContext, id: string): Promise<View> {
  return viewToApi(await requireView(ctx, ownerOf(ctx), id));
}

/**
 * Changes the given fields. A private view is its author's to change; a shared one (or making one
 * shared) needs an admin. A shared view made private stays its author's, and stops being anyone
 * else's default.
 */
export async function updateView(
  ctx: RequestContext,
  id: string,
  patch: ViewPatch,
  moreFilters?: CustomerFilterSource,
): Promise<View> {
  const owner = ownerOf(ctx);
  return inTransaction(ctx, async (trx) => {
    const view = await requireView(trx, owner, id);
    if ((view.shared || patch.shared === true) && !hasRole(ctx.actor.role, 'admin')) {
      throw viewErrors.sharedNeedsAdmin();
    }
    const changes: Partial<ViewFields> = {
      ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
      ...(patch.shared !== undefined ? { shared: patch.shared } : {}),
      ...(patch.q !== undefined ? { q: orNull(patch.q) } : {}),
      ...(patch.filter !== undefined ? { filter: orNull(patch.filter) } : {}),
      ...(patch.sort !== undefined ? { sort: orNull(patch.sort) } : {}),
      ...(patch.columns !== undefined ? { columns: patch.columns } : {}),
      ...(patch.segmentId !== undefined ? { segmentId: patch.segmentId } : {}),
    };
    await checkViewFields(trx, changes, moreFilters);
    await viewsRepository.update(trx, id, changes).catch(rethrowViewUnique);
    if (view.shared && patch.shared === false) {
      await viewsRepository.dropOthersDefaults(trx, id, { type: view.ownerType, id: view.ownerId });
    }
    return viewToApi(await requireView(trx, owner, id));
  });
}

/** Deletes a view (shared ones: admins only); it stops being anyone's default. */
export async function deleteView(ctx: RequestContext, id: string): Promise<void> {
  const owner = ownerOf(ctx);
  const view = await requireView(ctx, owner, id);
  if (view.shared && !hasRole(ctx.actor.role, 'admin')) throw viewErrors.sharedNeedsAdmin();
  await viewsRepository.delete(ctx, id);
}

/** The view the caller's grid opens on: any view they can see, or null for none. */
export async function setDefaultView(ctx: RequestContext, input: DefaultView): Promise<DefaultView> {
  const owner = ownerOf(ctx);
  if (input.viewId !== null && !(await viewsRepository.find(ctx, owner, input.viewId))) {
    throw viewErrors.defaultNotFound();
  }
  await viewsRepository.setDefault(ctx, owner, input.viewId);
  return { viewId: input.viewId };
}
