import { stringify } from 'csv-stringify/sync';
import { type RawBuilder, sql } from 'kysely';

/**
 * A spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return as a
 * formula (CSV injection, OWASP; DESIGN.md §5). Such a cell gets a leading apostrophe, which
 * spreadsheets show as text and which an import of our own CSV takes off again (unsafeCell).
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export const safeCell = (value: string): string => (FORMULA_START.test(value) ? `'${value}` : value);

/** The cell as it was before safeCell: the apostrophe in front of a formula start taken off. */
export const unsafeCell = (value: string): string =>
  value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;

/**
 * One formula-safe CSV line, RFC 4180 (csv-stringify: quoted when it holds a comma, quote or line
 * break, quotes doubled), ending in CRLF. Only strings are made safe: a number is never a formula.
 */
export function csvLine(cells: readonly (string | number | null | undefined)[]): string {
  return stringify([cells.map((cell) => (typeof cell === 'string' ? safeCell(cell) : (cell ?? '')))], {
    record_delimiter: 'windows',
  });
}

/**
 * `safeCell` written by PostgreSQL: a cell starting with a formula character gets the apostrophe.
 * ascii() is the first character's code, compared as integers (text comparisons go through the
 * collation). The codes: = + - @ tab CR.
 */
const sqlSafe = (x: RawBuilder<string | null>) =>
  sql<string | null>`(case when ascii(${x}) in (61, 43, 45, 64, 9, 13) then '''' || ${x} else ${x} end)`;

/**
 * A formula-safe cell for PostgreSQL's own CSV writer (COPY … WITH (FORMAT csv), which quotes
 * what needs quoting): empty text becomes NULL, so it is written empty and unquoted as the JS
 * export writes it, not as `""`.
 */
export const sqlCopyCell = (x: RawBuilder<string | null>): RawBuilder<string | null> =>
  sql<string | null>`nullif(${sqlSafe(x)}, '')`;

/**
 * The same cell as `safeCell` and `csvLine` make, written by PostgreSQL from a text expression
 * (the export's paged path on the embedded engine: the database formats a page of CSV in C, Node
 * only joins the pages): NULL is empty, a formula start gets the apostrophe, and a cell holding a
 * quote, comma, CR or LF is quoted with its quotes doubled (RFC 4180). strpos, not a regex: it is
 * evaluated per cell.
 */
export function sqlCsvCell(x: RawBuilder<string | null>): RawBuilder<string> {
  return sql<string>`(case when ${x} is null then ''
    when strpos(${x}, '"') > 0 or strpos(${x}, ',') > 0 or strpos(${x}, chr(10)) > 0 or strpos(${x}, chr(13)) > 0
      then '"' || replace(${sqlSafe(x)}, '"', '""') || '"'
    else ${sqlSafe(x)} end)`;
}

/** Cells joined into the part of a CSV line they make (`a,b,c`), by PostgreSQL. */
export const sqlCsvCells = (cells: readonly RawBuilder<string | null>[]): RawBuilder<string> =>
  cells.length === 0 ? sql<string>`''` : sql<string>`concat_ws(',', ${sql.join(cells.map(sqlCsvCell))})`;
