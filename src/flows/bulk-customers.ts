import type { AdminRole } from '../db/types.js';
import { hasRole, inSavepoint, inTransaction, type RequestContext } from '../lib/context.js';
import { DomainError, FieldErrors } from '../lib/errors.js';
import type { FilterNode } from '../lib/filter/filter-parser.js';
import type { CustomerFilterSource } from '../lib/module.js';
import { disableCustomer, enableCustomer } from '../modules/accounts/account-admin.service.js';
import { bulkErrors } from '../modules/bulk/bulk.errors.js';
import type {
  BulkAction,
  BulkCount,
  BulkParams,
  BulkRequest,
  BulkSelection,
} from '../modules/bulk/bulk.schemas.js';
import { checkCustomerFilter, countCustomers } from '../modules/customers/customer-filters.service.js';
import { customersToExport } from '../modules/customers/customer-import.service.js';
import { requireCustomer } from '../modules/customers/customer-records.service.js';
import { addCustomerTags, removeCustomerTags } from '../modules/customers/customer-tags.service.js';
import { requireGroup } from '../modules/groups/groups.service.js';
import { putMembership, removeMembership } from '../modules/groups/memberships.service.js';
import type { JobRun } from '../modules/jobs/job-handlers.js';
import type { Job } from '../modules/jobs/jobs.schemas.js';
import {
  createJob,
  deleteJobFile,
  jobFileWriter,
  type RowError,
  readJobFile,
  recordJobErrors,
} from '../modules/jobs/jobs.service.js';
import { segmentFilter } from '../modules/segments/segments.service.js';
import { startExport } from './export-customers.js';
import { jobCustomerFilters } from './job-customer-filters.js';
import { removeCustomer } from './remove-customer.js';

/**
 * The least role of each action: the role of the single-customer route that does the same
 * (tags and memberships: support; disable, enable, delete and export: admin).
 */
export const BULK_ACTION_ROLES: Record<BulkAction, AdminRole> = {
  addTags: 'support',
  removeTags: 'support',
  addToGroup: 'support',
  removeFromGroup: 'support',
  disable: 'admin',
  enable: 'admin',
  delete: 'admin',
  export: 'admin',
};

/** Customers changed per transaction (each with its savepoint); the checkpoint commits with them. */
export const bulkSettings = { batchSize: 100 };

/** A snapshot line: a UUID and a newline, so customer `n` starts at byte n * ID_BYTES. */
const ID_BYTES = 37;
const SNAPSHOT = 'selection';

interface BulkJobParams {
  action: Exclude<BulkAction, 'export'>;
  params: BulkParams;
  selection: BulkSelection;
}

interface BulkCheckpoint {
  /** Customers in the snapshot; null until it is written. */
  total: number | null;
  /** Snapshot lines handled (changed, unchanged or refused). */
  done: number;
  changed: number;
  unchanged: number;
  failed: number;
}

type Outcome = 'changed' | 'unchanged';

/** The 403 when the actor's role is below the action's (the route itself lets support in). */
function checkRole(ctx: RequestContext, action: BulkAction) {
  const needed = BULK_ACTION_ROLES[action];
  if (!hasRole(ctx.actor.role, needed)) throw bulkErrors.actionNeedsRole(action, needed);
}

/** The params each action needs, every missing one named at once (400). */
function checkParams(action: BulkAction, params: BulkParams) {
  const errors = new FieldErrors();
  if ((action === 'addTags' || action === 'removeTags') && !params.tags?.some((t) => t.trim()))
    errors.add('/params/tags', `${action} needs at least one tag that is not blank`);
  if ((action === 'addToGroup' || action === 'removeFromGroup') && !params.groupId)
    errors.add('/params/groupId', `${action} needs the group's id`);
  if (action === 'disable' && !params.reason?.trim()) errors.add('/params/reason', 'disable needs a reason');
  errors.throwIfAny();
}

/** The selection as a filter: ids alone, or q/filter/segmentId (checked: a bad one is a 400 here). */
async function selectionFilter(
  ctx: RequestContext,
  selection: BulkSelection,
  moreFilters: CustomerFilterSource,
): Promise<{ ids: string[] } | { q: string | null; filter: string | null; within: FilterNode | undefined }> {
  if (selection.ids) {
    if (selection.q !== undefined || selection.filter !== undefined || selection.segmentId !== undefined) {
      const errors = new FieldErrors();
      errors.add('/selection', 'give either ids or q/filter/segmentId, not both');
      errors.throwIfAny();
    }
    return { ids: [...new Set(selection.ids.map((id) => id.toLowerCase()))] };
  }
  const within = selection.segmentId
    ? await segmentFilter(ctx, selection.segmentId, moreFilters, { path: '/selection/segmentId', in: 'body' })
    : undefined;
  const filter = selection.filter?.trim() || null;
  if (filter) await checkCustomerFilter(ctx, filter, moreFilters);
  return { q: selection.q?.trim() || null, filter, within };
}

/**
 * How many customers the selection holds now, for the confirmation: ids as given (another
 * tenant's or a missing one is reported by the job as an error, never counted as found here,
 * so a count cannot tell which ids exist elsewhere), else the grid's bounded count (exact up to
 * 10,000).
 */
async function countSelection(
  ctx: RequestContext,
  selection: BulkSelection,
  moreFilters: CustomerFilterSource,
): Promise<BulkCount> {
  const chosen = await selectionFilter(ctx, selection, moreFilters);
  if ('ids' in chosen) return { count: chosen.ids.length, countIsLowerBound: false };
  const own = chosen.filter ? await checkCustomerFilter(ctx, chosen.filter, moreFilters) : null;
  const filter =
    chosen.within && own ? { kind: 'and' as const, left: chosen.within, right: own } : (chosen.within ?? own);
  const cap = 10_000;
  const counted = await countCustomers(ctx, { filter, q: chosen.q }, moreFilters, cap);
  if (counted === null) return { count: 0, countIsLowerBound: true };
  return counted > cap
    ? { count: cap, countIsLowerBound: true }
    : { count: counted, countIsLowerBound: false };
}

/**
 * A bulk action: checks the actor's role for the action, its params and the selection, then
 * answers the count (`dryRun`, which checks the role and the selection but not the params) or
 * queues the job. `export` queues an export job over the same selection (the chosen ids, or
 * q/filter/segmentId). The job's params keep the selection, not its members:
 * the members are taken once, as a snapshot, when the job starts (see runBulkJob).
 */
export async function startBulk(
  ctx: RequestContext,
  request: BulkRequest,
  moreFilters: CustomerFilterSource,
): Promise<{ count: BulkCount } | { job: Job }> {
  const params = request.params ?? {};
  checkRole(ctx, request.action);
  // A dry run counts the selection before the admin has filled in the action's fields.
  if (request.dryRun) return { count: await countSelection(ctx, request.selection, moreFilters) };
  checkParams(request.action, params);
  if (params.groupId) {
    try {
      await requireGroup(ctx, params.groupId);
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind !== 'not_found') throw error;
      throw new DomainError('invalid', 'validation.failed', 'The request has invalid fields.', [
        { path: '/params/groupId', message: 'no such group in this tenant', in: 'body' },
      ]);
    }
  }
  if (request.action === 'export') {
    const { ids, q, filter, segmentId } = request.selection;
    const job = await startExport(
      ctx,
      {
        format: params.format ?? 'csv',
        ...(ids !== undefined ? { ids } : {}),
        ...(q !== undefined ? { q } : {}),
        ...(filter !== undefined ? { filter } : {}),
        ...(segmentId !== undefined ? { segmentId } : {}),
        ...(params.columns ? { columns: params.columns } : {}),
      },
      moreFilters,
    );
    return { job };
  }
  const count = await countSelection(ctx, request.selection, moreFilters);
  const job = await createJob(ctx, {
    kind: 'bulk',
    params: { action: request.action, params, selection: request.selection },
    total: request.selection.ids ? count.count : null,
  });
  return { job };
}

/**
 * Writes the selection's members, in id order, into the job's file `selection` (one id a line,
 * 37 bytes each): the snapshot the job works through. Customers created or changed to match
 * after this are not touched; one deleted since is reported as not found.
 */
async function writeSnapshot(run: JobRun, selection: BulkSelection): Promise<number> {
  const moreFilters = jobCustomerFilters();
  await deleteJobFile(run.ctx, run.job.id, SNAPSHOT);
  const out = jobFileWriter(run.ctx, run.job.id, SNAPSHOT);
  const chosen = await selectionFilter(run.ctx, selection, moreFilters);
  let total = 0;
  if ('ids' in chosen) {
    await out.write(chosen.ids.map((id) => `${id}\n`).join(''));
    total = chosen.ids.length;
  } else {
    const query = { q: chosen.q, filter: chosen.filter };
    for await (const page of customersToExport(run.ctx, query, moreFilters, chosen.within)) {
      await out.write(page.map((c) => `${c.id}\n`).join(''));
      total += page.length;
      if (run.signal.aborted) break;
    }
  }
  await out.close();
  return total;
}

/** The snapshot's ids from line `from`, `size` at a time, read a 1 MiB part at a time. */
async function* snapshotBatches(run: JobRun, from: number, size: number): AsyncGenerator<string[]> {
  let rest = '';
  let batch: string[] = [];
  for await (const part of readJobFile(run.ctx, run.job.id, SNAPSHOT, from * ID_BYTES)) {
    const lines = (rest + part.toString('latin1')).split('\n');
    rest = lines.pop() ?? '';
    for (const id of lines) {
      batch.push(id);
      if (batch.length === size) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield batch;
}

/** Does the action to one customer through its owner's service; answers whether it changed. */
async function applyAction(trx: RequestContext, job: BulkJobParams, customerId: string): Promise<Outcome> {
  const { params } = job;
  switch (job.action) {
    case 'addTags': {
      const before = await requireCustomer(trx, customerId);
      const after = await addCustomerTags(trx, customerId, params.tags ?? []);
      return after.tags.length === before.tags.length ? 'unchanged' : 'changed';
    }
    case 'removeTags':
      return (await removeCustomerTags(trx, customerId, params.tags ?? [])) ? 'changed' : 'unchanged';
    case 'addToGroup': {
      const input = params.validTo ? { validTo: params.validTo } : {};
      const { created } = await putMembership(trx, customerId, params.groupId as string, input);
      return created ? 'changed' : 'unchanged';
    }
    case 'removeFromGroup':
      try {
        await removeMembership(trx, customerId, params.groupId as string);
        return 'changed';
      } catch (error) {
        if (error instanceof DomainError && error.code === 'group.membership_not_found') return 'unchanged';
        throw error;
      }
    case 'disable': {
      // Disabling a disabled customer would end no session and only repeat the timeline entry.
      if (!(await requireCustomer(trx, customerId)).enabled) return 'unchanged';
      await disableCustomer(trx, customerId, params.reason ?? '');
      return 'changed';
    }
    case 'enable': {
      if ((await requireCustomer(trx, customerId)).enabled) return 'unchanged';
      await enableCustomer(trx, customerId);
      return 'changed';
    }
    case 'delete':
      await removeCustomer(trx, customerId);
      return 'changed';
  }
}

/** A refusal as a row of the job's error report: line = the customer's place in the snapshot. */
function refusal(line: number, customerId: string, error: unknown): RowError {
  if (!(error instanceof DomainError)) throw error;
  const detail = error.errors?.length ? `: ${error.errors.map((e) => e.message).join(', ')}` : '';
  return {
    line,
    seq: 0,
    column: 'customerId',
    value: customerId,
    message: `${error.code} ${error.message}${detail}`,
  };
}

/**
 * The bulk job. First it takes the snapshot of the selection (a job file of ids, written once:
 * a run that dies before the snapshot's checkpoint writes it again from scratch). Then it works
 * through it in batches: each batch is one transaction holding every customer's change (each in
 * its own savepoint, so a refusal undoes only that customer), its refusals in the error report,
 * and the checkpoint, so a resumed job starts after the last committed batch and never changes
 * a customer twice. Each change goes through the owning module's service, with its rules and
 * its one timeline entry, as the job's creator.
 */
export async function runBulkJob(run: JobRun): Promise<Record<string, unknown>> {
  const job = run.job.params as unknown as BulkJobParams;
  const saved = run.job.checkpoint as BulkCheckpoint | null;
  const state: BulkCheckpoint = saved ?? { total: null, done: 0, changed: 0, unchanged: 0, failed: 0 };
  const result = () => ({
    action: job.action,
    total: state.total,
    changed: state.changed,
    unchanged: state.unchanged,
    failed: state.failed,
  });
  if (state.total === null) {
    const total = await writeSnapshot(run, job.selection);
    if (run.signal.aborted) return result();
    state.total = total;
    await inTransaction(run.ctx, (trx) => run.checkpoint(trx, { ...state }, { done: 0, total, failed: 0 }));
  }
  for await (const ids of snapshotBatches(run, state.done, bulkSettings.batchSize)) {
    if (run.signal.aborted) break;
    await inTransaction(run.ctx, async (trx) => {
      const errors: RowError[] = [];
      const next = { ...state };
      for (const [i, id] of ids.entries()) {
        const line = state.done + i + 1;
        try {
          const outcome = await inSavepoint(trx, (item) => applyAction(item, job, id));
          next[outcome] += 1;
        } catch (error) {
          errors.push(refusal(line, id, error));
          next.failed += 1;
        }
      }
      next.done += ids.length;
      await recordJobErrors(trx, run.job.id, errors);
      await run.checkpoint(trx, { ...next }, { done: next.done, total: next.total, failed: next.failed });
      Object.assign(state, next);
    });
    run.progress({ done: state.done, total: state.total, failed: state.failed });
  }
  return result();
}
