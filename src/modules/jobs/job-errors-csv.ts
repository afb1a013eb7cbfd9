import { stringify } from 'csv-stringify/sync';
import type { RequestContext } from '../../lib/context.js';
import { safeCell } from '../../lib/csv.js';
import { jobErrorRows } from './jobs.service.js';

/** The import's errors report as CSV text, produced a page at a time; values are formula-safe. */
export async function* csvErrorReport(ctx: RequestContext, jobId: string): AsyncGenerator<string> {
  yield 'line,column,value,message\n';
  let lines: string[][] = [];
  for await (const row of jobErrorRows(ctx, jobId)) {
    lines.push([
      String(row.line),
      safeCell(row.columnName),
      safeCell(row.value ?? ''),
      safeCell(row.message),
    ]);
    if (lines.length === 1000) {
      yield stringify(lines);
      lines = [];
    }
  }
  if (lines.length > 0) yield stringify(lines);
}
