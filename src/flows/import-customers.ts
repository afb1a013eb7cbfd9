import { setImmediate } from 'node:timers/promises';
import { parse } from 'csv-parse';
import { inTransaction, type RequestContext } from '../lib/context.js';
import { unsafeCell } from '../lib/csv.js';
import { type FileFormat, MARKETING_COLUMN, readHeader } from '../lib/customer-file-columns.js';
import { DomainError } from '../lib/errors.js';
import { newId } from '../lib/ids.js';
import {
  afterBulkWrite,
  checkImportRow,
  type ImportMatch,
  type ImportMode,
  type ImportProblem,
  type ImportRow,
  importCustomerBatch,
} from '../modules/customers/customer-import.service.js';
import type { JobRun } from '../modules/jobs/job-handlers.js';
import type { Job } from '../modules/jobs/jobs.schemas.js';
import {
  createJob,
  deleteJobFile,
  type RowError,
  readJobFile,
  recordJobErrors,
  writeJobFile,
} from '../modules/jobs/jobs.service.js';
import { recordImportedConsents } from '../modules/marketing/consent.service.js';
import { importNewsletter } from '../modules/marketing/newsletters.service.js';
import { rowFromCells, rowFromJson } from './customer-columns.js';

/** An import that writes this many rows or more refreshes the planner's statistics at its end. */
const BULK_ANALYZE_ROWS = 10_000;

/** The parser is fed this much at a time (see csvRows). */
const PARSE_SLICE_BYTES = 64 * 1024;

/**
 * Checking rows is CPU work on the thread that also drives the batch in flight: after this many
 * rows the loop lets the event loop run, so a statement's answer waits at most that long for
 * the next statement to go out (100 rows are about 5 ms).
 */
const ROWS_BETWEEN_YIELDS = 100;

/** Imports take files up to this size (1 GiB). */
export const importLimits = { maxBytes: 1024 ** 3, batchRows: 2000 };

export function configureImports(settings: Partial<typeof importLimits>) {
  Object.assign(importLimits, settings);
}

export interface ImportParams {
  mode: ImportMode;
  match: ImportMatch;
  dryRun: boolean;
  /** csv (Clientele's or Shopify's columns, told apart by the header) or ndjson. */
  format: 'csv' | 'ndjson';
  /** The newsletter "Accepts Email Marketing" signs up to (importNewsletter's default when absent). */
  newsletterId?: string;
}

const tooLarge = () =>
  new DomainError(
    'rule_broken',
    'import.too_large',
    `An import file may be at most ${importLimits.maxBytes} bytes.`,
  );

/**
 * Stores the uploaded file (streamed into 1 MiB parts: nothing holds the whole file) and queues
 * its import. The job exists only once the file is whole, so no worker reads half an upload;
 * an upload that fails leaves no parts behind.
 */
export async function startImport(
  ctx: RequestContext,
  body: AsyncIterable<Uint8Array | string>,
  params: ImportParams,
): Promise<Job> {
  // Resolved now: a bad id is a 404 before the upload, and the job keeps the newsletter it started with.
  const newsletter = await importNewsletter(ctx, params.newsletterId);
  const id = newId();
  let size: number;
  try {
    size = await writeJobFile(ctx, id, 'input', body, { maxBytes: importLimits.maxBytes, tooLarge });
  } catch (error) {
    await deleteJobFile(ctx, id, 'input');
    throw error;
  }
  return createJob(ctx, { id, kind: 'import', params: { ...params, newsletter, size } });
}

/** Where a run resumes: the byte after the last committed batch, its line, and the tallies. */
interface ImportCheckpoint {
  offset: number;
  line: number;
  header: string[] | null;
  created: number;
  updated: number;
  failed: number;
  duplicates: number;
  done: number;
}

interface ParsedRow {
  row: ImportRow | null;
  /** Byte offset just after the row, and the file line it ends on. */
  end: number;
  endLine: number;
  problems: ImportProblem[];
}

/** A row with the customers' rules applied (checkImportRow), or null when it did not parse. */
type CheckedRow = ParsedRow & { checked: ReturnType<typeof checkImportRow> | null };

/** CSV rows from `offset` on: BOM, quoted commas and newlines, CRLF or LF (csv-parse). */
async function* csvRows(
  run: JobRun,
  start: ImportCheckpoint,
): AsyncGenerator<ParsedRow | { header: string[] }> {
  const parser = parse({
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    record_delimiter: ['\r\n', '\n', '\r'],
  });
  const source = readJobFile(run.ctx, run.job.id, 'input', start.offset);
  const feed = (async () => {
    try {
      // csv-parse parses all it is given at once: a 1 MiB part would hold the event loop for
      // tens of milliseconds, and the batch in flight waits that long for its next statement.
      for await (const part of source)
        for (let at = 0; at < part.length; at += PARSE_SLICE_BYTES)
          if (!parser.write(part.subarray(at, at + PARSE_SLICE_BYTES)))
            await new Promise((r) => parser.once('drain', r));
      parser.end();
    } catch (error) {
      parser.destroy(error as Error);
    }
  })();
  let header = start.header;
  let read: ReturnType<typeof readHeader> | null = header ? readHeader(header) : null;
  for await (const { record, info } of parser as AsyncIterable<{
    record: string[];
    info: { bytes: number; lines: number };
  }>) {
    const end = start.offset + info.bytes;
    const endLine = start.line + info.lines;
    if (!header || !read) {
      header = record;
      read = readHeader(record);
      yield { header };
      continue;
    }
    const breaks = record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
    const line = endLine - breaks;
    const cells = read.format === 'clientele' ? record.map(unsafeCell) : record;
    yield {
      row: rowFromCells(line, read.fields, cells, read.format as FileFormat),
      end,
      endLine,
      problems: [],
    };
  }
  await feed;
}

/** NDJSON rows from `offset` on: one JSON object a line; a line that is not JSON is reported. */
async function* ndjsonRows(run: JobRun, start: ImportCheckpoint): AsyncGenerator<ParsedRow> {
  let offset = start.offset;
  let line = start.line;
  let rest: Buffer = Buffer.alloc(0);
  const one = (bytes: Buffer): ParsedRow | null => {
    offset += bytes.length + 1;
    line++;
    const text = bytes
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trim();
    if (text === '') return null;
    try {
      return { row: rowFromJson(line, JSON.parse(text)), end: offset, endLine: line, problems: [] };
    } catch {
      return {
        row: null,
        end: offset,
        endLine: line,
        problems: [{ line, path: '', message: 'is not a JSON object' }],
      };
    }
  };
  for await (const part of readJobFile(run.ctx, run.job.id, 'input', start.offset)) {
    rest = rest.length > 0 ? Buffer.concat([rest, part]) : part;
    let at = rest.indexOf(0x0a);
    while (at >= 0) {
      const parsed = one(rest.subarray(0, at));
      if (parsed) yield parsed;
      rest = rest.subarray(at + 1);
      at = rest.indexOf(0x0a);
    }
  }
  if (rest.length > 0) {
    const parsed = one(rest);
    if (parsed) yield { ...parsed, end: parsed.end - 1 };
  }
}

/** The file's column a problem's path names, for the errors report. */
function columnOf(
  path: string,
  format: FileFormat | 'ndjson',
  header: readonly string[] | null,
  fields: readonly (string | null)[],
) {
  const field =
    path
      .replace(/^\//, '')
      .replace(/^address\//, 'address.')
      .split('/')[0] ?? '';
  if (format === 'ndjson' || !header) return field;
  const at = fields.indexOf(field);
  return at >= 0 ? (header[at] ?? field) : field;
}

/** The value the row had in that column, for the errors report. */
function cellValue(row: ImportRow | null, path: string): string | null {
  if (!row) return null;
  const [first, second] = path.replace(/^\//, '').split('/');
  const value =
    first === 'address'
      ? (row.address as Record<string, unknown> | null)?.[second ?? '']
      : first === MARKETING_COLUMN
        ? row.acceptsMarketing
        : (row.customer as Record<string, unknown>)[first ?? ''];
  if (value === undefined || value === null) return null;
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/**
 * The import job: reads the stored file from its checkpoint, checks every row with the
 * customers' rules, writes batches of `importLimits.batchRows` set-based, and commits each
 * batch with its errors and its checkpoint (byte offset and line after its last row) in one
 * transaction. A worker killed mid-batch loses only that batch's uncommitted work; the next run
 * starts after the last committed batch, so no row is written twice.
 */
export async function runImportJob(run: JobRun): Promise<Record<string, unknown>> {
  const params = run.job.params as unknown as ImportParams & {
    size: number;
    newsletter?: { id: string; code: string } | null;
  };
  const newsletter = params.newsletter ?? null;
  const consentText = `Imported from a customer file ("Accepts Email Marketing"), job ${run.job.id}`;
  const saved = run.job.checkpoint as ImportCheckpoint | null;
  const state: ImportCheckpoint = saved ?? {
    offset: 0,
    line: 0,
    header: null,
    created: 0,
    updated: 0,
    failed: 0,
    duplicates: 0,
    done: 0,
  };
  let header = state.header;
  let read = header ? readHeader(header) : null;
  let batch: CheckedRow[] = [];
  let headerErrors: RowError[] = [];

  const commit = async (batch: readonly CheckedRow[]) => {
    const last = batch[batch.length - 1];
    if (!last && headerErrors.length === 0) return;
    const good: ImportRow[] = [];
    const problems: ImportProblem[] = batch.flatMap((p) => p.problems);
    const rowsByLine = new Map<number, ImportRow>();
    for (const parsed of batch) {
      if (!parsed.row || !parsed.checked) continue;
      rowsByLine.set(parsed.row.line, parsed.row);
      if ('row' in parsed.checked) good.push(parsed.checked.row);
      else problems.push(...parsed.checked.problems);
    }
    const format: FileFormat | 'ndjson' =
      params.format === 'ndjson' ? 'ndjson' : (read?.format ?? 'clientele');
    await inTransaction(run.ctx, async (trx) => {
      const outcome = await importCustomerBatch(trx, good, {
        mode: params.mode,
        match: params.match,
        dryRun: params.dryRun,
        fileColumns:
          params.format === 'ndjson'
            ? fileColumnsOfJson(good)
            : (read?.fields.flatMap((f) => (f ? [f] : [])) ?? []),
      });
      const all = [...problems, ...outcome.problems];
      if (newsletter && !params.dryRun) {
        const refused = new Set(outcome.problems.map((p) => p.line));
        await recordImportedConsents(
          trx,
          newsletter,
          good.flatMap((row) =>
            typeof row.acceptsMarketing === 'boolean' && row.customer.email && !refused.has(row.line)
              ? [{ email: row.customer.email, accepts: row.acceptsMarketing }]
              : [],
          ),
          consentText,
        );
      }
      const seqs = new Map<number, number>();
      const errors: RowError[] = all
        .sort((a, b) => a.line - b.line)
        .map((p) => {
          const seq = seqs.get(p.line) ?? 0;
          seqs.set(p.line, seq + 1);
          return {
            line: p.line,
            seq,
            column: columnOf(p.path, format, header, read?.fields ?? []),
            value: cellValue(rowsByLine.get(p.line) ?? null, p.path),
            message: p.message,
          };
        });
      await recordJobErrors(trx, run.job.id, [...headerErrors, ...errors]);
      headerErrors = [];
      const failedLines = new Set(all.map((p) => p.line)).size;
      state.created += outcome.created;
      state.updated += outcome.updated;
      state.duplicates += outcome.duplicates;
      state.failed += failedLines;
      state.done += batch.length;
      if (last) {
        state.offset = last.end;
        state.line = last.endLine;
      }
      state.header = header;
      await run.checkpoint(trx, { ...state }, { done: state.done, failed: state.failed });
    });
  };

  let inFlight: Promise<void> = Promise.resolve();
  let sinceYield = 0;
  // The readers get a copy: `state` moves on with each commit, their start does not.
  const rows = params.format === 'ndjson' ? ndjsonRows(run, { ...state }) : csvRows(run, { ...state });
  for await (const item of rows) {
    if ('header' in item) {
      header = item.header;
      read = readHeader(header);
      // Unknown columns are read past; the report says so once, on the header's line, written
      // with the first batch (a run that dies before it reads the header again).
      headerErrors = read.unknown.map((name, seq) => ({
        line: 1,
        seq,
        column: name,
        value: null,
        message: 'is not a column Clientele reads; ignored',
      }));
      const marketing = read.fields.indexOf(MARKETING_COLUMN);
      if (marketing >= 0 && !newsletter)
        headerErrors.push({
          line: 1,
          seq: headerErrors.length,
          column: header[marketing] ?? MARKETING_COLUMN,
          value: null,
          message: 'no newsletter to sign up to (no site has a default newsletter); ignored',
        });
      continue;
    }
    // Each row is checked as it is read, so checking (here) and writing (PostgreSQL, in the
    // batch in flight) run at the same time; batches still commit one after the other, in order.
    batch.push({ ...item, checked: item.row ? checkImportRow(item.row) : null });
    // (On PGlite, in this thread, the writes are promise callbacks too: the gap is also what
    // lets the progress and lease timers run.)
    if (++sinceYield === ROWS_BETWEEN_YIELDS) {
      sinceYield = 0;
      await setImmediate();
    }
    if (batch.length >= importLimits.batchRows) {
      await inFlight;
      if (run.signal.aborted) break;
      inFlight = commit(batch);
      // Handled here so a failure waits for the await above instead of ending the process.
      inFlight.catch(() => {});
      batch = [];
    }
  }
  await inFlight;
  if (!run.signal.aborted) await commit(batch);
  // A big import changes what the planner should know (an export right after it read pages by
  // a seq scan and sort each, 8,700 rows/s at 1M, with the statistics of an empty table).
  if (!params.dryRun && state.created + state.updated >= BULK_ANALYZE_ROWS) await afterBulkWrite(run.ctx);
  return {
    created: state.created,
    updated: state.updated,
    failed: state.failed,
    duplicates: state.duplicates,
    rows: state.done,
    dryRun: params.dryRun,
    format: params.format === 'ndjson' ? 'ndjson' : (read?.format ?? 'clientele'),
  };
}

/** The fields an NDJSON batch names (an update changes those only). */
const fileColumnsOfJson = (rows: readonly ImportRow[]) => [
  ...new Set(rows.flatMap((row) => Object.keys(row.customer))),
];
