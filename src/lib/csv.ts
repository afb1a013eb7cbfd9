import { stringify } from 'csv-stringify/sync';

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
