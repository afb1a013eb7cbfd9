import { inTransaction, type RequestContext } from '../../lib/context.js';
import { violatedUniqueIndex } from '../../lib/db-errors.js';
import { FilterError } from '../../lib/filter/filter-error.js';
import type { FilterNode } from '../../lib/filter/filter-parser.js';
import { newId } from '../../lib/ids.js';
import { TOTAL_CAP } from '../../lib/list/limits.js';
import type { Page } from '../../lib/list/list-builder.js';
import { paginate } from '../../lib/list/paginate.js';
import type { CustomerFilterSource } from '../../lib/module.js';
import { iso } from '../../lib/time.js';
import { checkCustomerFilter, countCustomers, customerTotal } from '../customers/customer-filters.service.js';
import type { Customer } from '../customers/customers.schemas.js';
import { listCustomers } from '../customers/customers.service.js';
import { recordChange } from '../events/events.service.js';
import { fieldChanges } from '../events/field-changes.js';
import { segmentErrors } from './segments.errors.js';
import { type SegmentRecord, segmentList, segmentsRepository } from './segments.repository.js';
import {
  PREVIEW_SAMPLE_SIZE,
  type Segment,
  type SegmentCreate,
  type SegmentListQuery,
  type SegmentMembersQuery,
  type SegmentPatch,
  type SegmentPreview,
} from './segments.schemas.js';

/**
 * How far a preview counts exactly before it answers a lower bound: the grid's total cap. Tests
 * lower it to reach the lower bound without 10,000 customers.
 */
export const segmentPreview = { countCap: TOTAL_CAP };

export function configureSegmentPreview(settings: Partial<typeof segmentPreview>) {
  Object.assign(segmentPreview, settings);
}

function segmentToApi(row: SegmentRecord): Segment {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    filter: row.filter,
    createdBy: { type: row.createdByType, id: row.createdById },
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

const rethrowSegmentUnique = (error: unknown): never => {
  if (violatedUniqueIndex(error) === 'segments_name_unique') throw segmentErrors.nameTaken();
  throw error;
};

/** A filter sent in a body, checked against every attribute: a fault is a 400 naming /filter. */
async function checkedFilter(ctx: RequestContext, text: string, moreFilters?: CustomerFilterSource) {
  try {
    return await checkCustomerFilter(ctx, text, moreFilters);
  } catch (error) {
    throw error instanceof FilterError ? error.inBody() : error;
  }
}

async function requireSegment(ctx: RequestContext, id: string): Promise<SegmentRecord> {
  const row = await segmentsRepository.find(ctx, id);
  if (!row) throw segmentErrors.notFound();
  return row;
}

/** Saves a named filter; the filter must compile with the attributes the enabled modules give. */
export async function createSegment(
  ctx: RequestContext,
  input: SegmentCreate,
  moreFilters?: CustomerFilterSource,
): Promise<Segment> {
  await checkedFilter(ctx, input.filter, moreFilters);
  return inTransaction(ctx, async (trx) => {
    const row = await segmentsRepository
      .insert(trx, {
        id: newId(),
        name: input.name.trim(),
        description: input.description?.trim() || null,
        filter: input.filter,
      })
      .catch(rethrowSegmentUnique);
    await recordSegmentChange(trx, 'segment.created', null, row);
    return segmentToApi(row);
  });
}

export async function getSegment(ctx: RequestContext, id: string): Promise<Segment> {
  return segmentToApi(await requireSegment(ctx, id));
}

/** The tenant's segments, by name unless sorted otherwise, one page at a time. */
export function listSegments(ctx: RequestContext, query: SegmentListQuery): Promise<Page<Segment>> {
  return paginate(
    segmentList,
    query,
    (window) => segmentsRepository.list(ctx, window),
    (rows) => rows.map(segmentToApi),
  );
}

/** Changes the given fields; a new filter is checked as on creation. */
export async function updateSegment(
  ctx: RequestContext,
  id: string,
  patch: SegmentPatch,
  moreFilters?: CustomerFilterSource,
): Promise<Segment> {
  if (patch.filter !== undefined) await checkedFilter(ctx, patch.filter, moreFilters);
  const changes = {
    ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
    ...(patch.description !== undefined ? { description: patch.description?.trim() || null } : {}),
    ...(patch.filter !== undefined ? { filter: patch.filter } : {}),
  };
  return inTransaction(ctx, async (trx) => {
    const before = await segmentsRepository.find(trx, id);
    const row = await segmentsRepository.update(trx, id, changes).catch(rethrowSegmentUnique);
    if (!before || !row) throw segmentErrors.notFound();
    await recordSegmentChange(trx, 'segment.updated', before, row);
    return segmentToApi(row);
  });
}

export async function deleteSegment(ctx: RequestContext, id: string): Promise<void> {
  await inTransaction(ctx, async (trx) => {
    const before = await segmentsRepository.find(trx, id);
    if (!before || !(await segmentsRepository.delete(trx, id))) throw segmentErrors.notFound();
    await recordSegmentChange(trx, 'segment.deleted', before, null);
  });
}

/** A segment's entry in the audit log, with its name, description and filter before and after. */
async function recordSegmentChange(
  ctx: RequestContext,
  action: `segment.${string}`,
  before: SegmentRecord | null,
  after: SegmentRecord | null,
) {
  const changes = fieldChanges(before, after, ['name', 'description', 'filter']);
  if (action === 'segment.updated' && changes.length === 0) return;
  const subjectId = (after ?? before)!.id;
  await recordChange(ctx, { action, subjectType: 'segment', subjectId, data: { changes } });
}

/**
 * The segment's filter as a checked tree, for a list of its members: 404 for an unknown segment,
 * 400 naming `where` when its saved filter no longer compiles (an attribute it names is gone).
 */
export async function segmentFilter(
  ctx: RequestContext,
  id: string,
  moreFilters: CustomerFilterSource | undefined,
  where: { path: string; in: 'query' | 'path' | 'body' },
): Promise<FilterNode> {
  const segment = await requireSegment(ctx, id);
  try {
    return await checkCustomerFilter(ctx, segment.filter, moreFilters);
  } catch (error) {
    throw error instanceof FilterError ? segmentErrors.filterBroken(error, where) : error;
  }
}

/** The segment's members: whoever matches its filter now, paged exactly as the customer grid. */
export async function listSegmentMembers(
  ctx: RequestContext,
  id: string,
  query: SegmentMembersQuery,
  moreFilters?: CustomerFilterSource,
): Promise<Page<Customer>> {
  const filter = await segmentFilter(ctx, id, moreFilters, { path: '/id', in: 'path' });
  return listCustomers(ctx, query, moreFilters, filter);
}

/**
 * What a filter would select, for the segment editor: the count (exact up to the cap, else a
 * lower bound), its share of the tenant and the first few members in the grid's default order.
 * Every part is bounded: the count reads at most cap + 1 rows under the count's time limit, the
 * tenant's total the same or an estimate, and the sample is the grid's own planned read.
 */
export async function previewSegment(
  ctx: RequestContext,
  filterText: string,
  moreFilters?: CustomerFilterSource,
): Promise<SegmentPreview> {
  const filter = await checkedFilter(ctx, filterText, moreFilters);
  const cap = segmentPreview.countCap;
  const [counted, page, tenant] = await Promise.all([
    countCustomers(ctx, { filter }, moreFilters, cap),
    listCustomers(ctx, { limit: PREVIEW_SAMPLE_SIZE }, moreFilters, filter),
    customerTotal(ctx, cap),
  ]);
  const sample = page.data;
  if (counted === null || counted > cap) {
    const count = counted === null ? sample.length : cap;
    return { count, countIsLowerBound: true, share: null, shareIsEstimate: false, sample };
  }
  // A customer added between the two counts could make the share pass 1 for a moment.
  const share = tenant.total === 0 ? null : Math.min(1, counted / tenant.total);
  return {
    count: counted,
    countIsLowerBound: false,
    share,
    shareIsEstimate: share !== null && !tenant.exact,
    sample,
  };
}
