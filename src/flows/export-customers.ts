import { stringify } from 'csv-stringify/sync';
import type { RequestContext } from '../lib/context.js';
import { safeCell } from '../lib/csv.js';
import {
  ADDRESS_COLUMNS,
  EXPORT_COLUMNS,
  SHOPIFY_HEADER,
  TAX_EXEMPT_TAG,
} from '../lib/customer-file-columns.js';
import type { CustomerFilterSource } from '../lib/module.js';
import { iso } from '../lib/time.js';
import {
  customersExportCopy,
  customersToExport,
  customersToExportCsv,
  type ExportedCustomer,
} from '../modules/customers/customer-import.service.js';
import type { JobRun } from '../modules/jobs/job-handlers.js';
import type { Job } from '../modules/jobs/jobs.schemas.js';
import { createJob, deleteJobFile, jobFileWriter } from '../modules/jobs/jobs.service.js';
import { segmentFilter } from '../modules/segments/segments.service.js';
import { jobCustomerFilters } from './job-customer-filters.js';

export interface ExportParams {
  format: 'csv' | 'ndjson' | 'shopify';
  /** A bulk export of chosen customers (up to 1,000): only these, with q/filter/segmentId if any. */
  ids?: string[];
  q?: string;
  filter?: string;
  segmentId?: string;
  columns?: string[];
}

/**
 * Queues an export. The filter and the segment are checked now, so a bad one is a 400 here
 * rather than a failed job later; the worker applies them again as they read when it runs.
 */
export async function startExport(
  ctx: RequestContext,
  params: ExportParams,
  moreFilters?: CustomerFilterSource,
): Promise<Job> {
  const within = params.segmentId
    ? await segmentFilter(ctx, params.segmentId, moreFilters, { path: '/segmentId', in: 'body' })
    : undefined;
  // Reading the first page checks the filter (a bad one throws its 400 naming the position).
  await customersToExport(ctx, params, moreFilters, within, 1).next();
  return createJob(ctx, { kind: 'export', params: { ...params } });
}

const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));

/** A customer as its JSON (NDJSON). */
function json(customer: ExportedCustomer) {
  const a = customer.defaultAddress as Record<string, unknown> | null;
  const address = a
    ? Object.fromEntries(ADDRESS_COLUMNS.map((c) => c.slice('address.'.length)).map((k) => [k, a[k] ?? null]))
    : null;
  return {
    id: customer.id,
    email: customer.email,
    firstName: customer.firstName,
    lastName: customer.lastName,
    phone: customer.phone,
    companyName: customer.companyName,
    organizationId: customer.organizationId,
    taxId: customer.taxId,
    locale: customer.locale,
    note: customer.note,
    tags: customer.tags,
    externalId: customer.externalId,
    isRegistered: customer.isRegistered,
    enabled: customer.enabled,
    createdAt: iso(customer.createdAt),
    address,
  };
}

/** Shopify's columns: the province without its country prefix, the tax-exempt tag as "yes". */
function shopify(customer: ExportedCustomer): string[] {
  const a = (customer.defaultAddress ?? {}) as Record<string, unknown>;
  const state = text(a.stateCode);
  const tags = customer.tags.filter((t) => t.toLowerCase() !== TAX_EXEMPT_TAG);
  return [
    text(customer.firstName),
    text(customer.lastName),
    text(customer.email),
    '',
    text(a.companyName),
    text(a.line1),
    text(a.line2),
    text(a.city),
    state.includes('-') ? state.slice(state.indexOf('-') + 1) : state,
    text(a.countryCode),
    text(a.postalCode),
    text(a.phone),
    text(customer.phone),
    '',
    tags.join(', '),
    text(customer.note),
    tags.length < customer.tags.length ? 'yes' : 'no',
  ];
}

/**
 * The export job: walks the matching customers a page at a time (keyset on id) and writes the
 * file in 1 MiB parts as it goes, so memory stays flat (and a download can follow it). CSV cells
 * are formula-safe. A cancel stops it after the page it is writing, without a file.
 */
export async function runExportJob(run: JobRun): Promise<Record<string, unknown>> {
  const params = run.job.params as unknown as ExportParams;
  const moreFilters = jobCustomerFilters();
  const within = params.segmentId
    ? await segmentFilter(run.ctx, params.segmentId, moreFilters, { path: '/segmentId', in: 'body' })
    : undefined;
  const columns =
    params.format === 'csv' && params.columns?.length
      ? EXPORT_COLUMNS.filter((c) => params.columns?.includes(c))
      : [...EXPORT_COLUMNS];
  // A run after a worker died writes the file again from its start: the file is the data as this
  // run reads it, and an earlier run's parts would clash with its own.
  await deleteJobFile(run.ctx, run.job.id, 'output');
  const out = jobFileWriter(run.ctx, run.job.id, 'output');
  if (params.format === 'csv') await out.write(stringify([columns]));
  if (params.format === 'shopify') await out.write(stringify([[...SHOPIFY_HEADER]]));
  let rows = 0;
  if (params.format === 'csv') {
    // Clientele's CSV is written by PostgreSQL: on a PostgreSQL server, COPY streamed straight into
    // the file (the fast path); on the embedded engine, a page at a time. The same bytes either way.
    const copy = await customersExportCopy(run.ctx, params, moreFilters, within, columns, run.signal);
    if (copy) {
      let lines = 0;
      try {
        for await (const chunk of copy.chunks) {
          if (run.signal.aborted) return { rows: lines };
          await out.write(chunk);
          // Progress by line ends: a cell holding a line break counts twice until the end's exact count.
          for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines++;
          run.progress({ done: lines, failed: 0 });
        }
      } catch (error) {
        // A cancel ends the COPY with an error: the job was cancelled, it did not fail.
        if (run.signal.aborted) return { rows: lines };
        throw error;
      }
      rows = copy.rows();
      run.progress({ done: rows, failed: 0 });
      const bytes = await out.close();
      return { rows, bytes, format: params.format };
    }
    for await (const page of customersToExportCsv(run.ctx, params, moreFilters, within, columns)) {
      if (run.signal.aborted) return { rows };
      await out.write(page.text);
      rows += page.rows;
      run.progress({ done: rows, failed: 0 });
    }
    const bytes = await out.close();
    return { rows, bytes, format: params.format };
  }
  for await (const page of customersToExport(run.ctx, params, moreFilters, within)) {
    if (run.signal.aborted) return { rows };
    if (params.format === 'ndjson') await out.write(page.map((c) => `${JSON.stringify(json(c))}\n`).join(''));
    else await out.write(stringify(page.map((c) => shopify(c).map(safeCell))));
    rows += page.length;
    run.progress({ done: rows, failed: 0 });
  }
  const bytes = await out.close();
  return { rows, bytes, format: params.format };
}
