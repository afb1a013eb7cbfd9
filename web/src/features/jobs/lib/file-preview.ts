/**
 * A preview of an import file read in the browser: its first rows and how the server will read
 * each column, by the server's own header reading (src/lib/customer-file-columns.ts, which imports
 * nothing and so bundles into the app).
 */
import { CLIENTELE_COLUMNS, READ_ONLY_COLUMNS, readHeader } from '@server/lib/customer-file-columns.js';

export const PREVIEW_ROWS = 20;
/** Bytes read for the preview: plenty for 20 rows, and a 1 GiB file is never read whole. */
const PREVIEW_BYTES = 512 * 1024;

/** Columns an export adds and an import reads past, beside the read-only ones the server lists. */
const READ_PAST = new Set<string>([...READ_ONLY_COLUMNS, 'countryCode', 'stateCode']);
const WRITABLE = new Set<string>(CLIENTELE_COLUMNS);

export type FileKind = 'clientele' | 'shopify' | 'ndjson';

export interface ColumnMapping {
  /** Where the column is in the file (0 first): its cells are at this index of each row. */
  position: number;
  name: string;
  /** The Clientele field the column fills, or null when it is read past. */
  field: string | null;
  /** `mapped`: read; `skipped`: known but read past; `unknown`: not a column Clientele reads. */
  state: 'mapped' | 'skipped' | 'unknown';
}

export interface FilePreview {
  kind: FileKind;
  columns: ColumnMapping[];
  /** The first rows' cells, in column order. */
  rows: string[][];
  /** Lines of the preview that could not be read (NDJSON that is not an object). */
  problems: string[];
}

export const isNdjson = (file: File) => /\.(ndjson|jsonl)$/i.test(file.name);

/** Splits CSV text into records (quoted fields may hold commas, quotes and newlines), up to `max`. */
export function parseCsv(text: string, max: number): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  while (i < source.length && records.length < max) {
    const char = source[i];
    if (quoted) {
      if (char === '"' && source[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (char === '"') quoted = false;
      else cell += char;
      i++;
      continue;
    }
    if (char === '"' && cell === '') quoted = true;
    else if (char === ',') {
      record.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && source[i + 1] === '\n') i++;
      record.push(cell);
      records.push(record);
      record = [];
      cell = '';
    } else cell += char;
    i++;
  }
  // The last record of a file without a final newline (a record cut by the preview's byte limit
  // is left out: only whole records are shown).
  if (records.length < max && i >= source.length && (cell !== '' || record.length > 0)) {
    record.push(cell);
    records.push(record);
  }
  return records;
}

/** How the server reads a CSV header: its own readHeader, so the preview cannot drift from it. */
export function mapCsvHeader(header: string[]): { kind: FileKind; columns: ColumnMapping[] } {
  const { format, names, fields, unknown } = readHeader(header);
  const unknownNames = new Set(unknown);
  const columns = names.map((name, position): ColumnMapping => {
    const field = fields[position] ?? null;
    if (field) return { position, name, field, state: 'mapped' };
    return { position, name, field: null, state: unknownNames.has(name) ? 'unknown' : 'skipped' };
  });
  return { kind: format, columns };
}

/** An NDJSON object's fields as Clientele's columns (its `address` object as address.<field>). */
function flatten(value: Record<string, unknown>): Record<string, string> {
  const cells: Record<string, string> = {};
  for (const [key, field] of Object.entries(value)) {
    if (key === 'address' && field && typeof field === 'object' && !Array.isArray(field)) {
      for (const [inner, part] of Object.entries(field)) cells[`address.${inner}`] = String(part ?? '');
    } else cells[key] = Array.isArray(field) ? field.join(', ') : String(field ?? '');
  }
  return cells;
}

/** Reads the start of a file and answers its first rows and how each column will be read. */
export async function previewFile(file: File): Promise<FilePreview> {
  const text = await file.slice(0, PREVIEW_BYTES).text();
  if (isNdjson(file)) {
    const problems: string[] = [];
    const objects: Record<string, string>[] = [];
    const lines = text.split(/\r?\n/);
    // The last line may be cut by the byte limit unless the whole file was read.
    const whole = file.size <= PREVIEW_BYTES;
    for (let n = 0; n < lines.length && objects.length < PREVIEW_ROWS; n++) {
      const line = lines[n]?.trim() ?? '';
      if (line === '' || (!whole && n === lines.length - 1)) continue;
      try {
        const value: unknown = JSON.parse(line);
        if (value && typeof value === 'object' && !Array.isArray(value))
          objects.push(flatten(value as Record<string, unknown>));
        else problems.push(`Line ${n + 1} is not a JSON object.`);
      } catch {
        problems.push(`Line ${n + 1} is not valid JSON.`);
      }
    }
    const names = [...new Set(objects.flatMap((object) => Object.keys(object)))];
    return {
      kind: 'ndjson',
      columns: names.map((name, position): ColumnMapping => {
        if (WRITABLE.has(name)) return { position, name, field: name, state: 'mapped' };
        return { position, name, field: null, state: READ_PAST.has(name) ? 'skipped' : 'unknown' };
      }),
      rows: objects.map((object) => names.map((name) => object[name] ?? '')),
      problems,
    };
  }
  const records = parseCsv(text, PREVIEW_ROWS + 1);
  const [header = [], ...rows] = records;
  const { kind, columns } = mapCsvHeader(header);
  return { kind, columns, rows, problems: [] };
}
