/**
 * A spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return as a
 * formula (CSV injection, OWASP). Such a cell gets a leading apostrophe, which spreadsheets show
 * as text and which an import of our own CSV takes off again (unsafeCell).
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export const safeCell = (value: string): string => (FORMULA_START.test(value) ? `'${value}` : value);

/** The cell as it was before safeCell: the apostrophe in front of a formula start taken off. */
export const unsafeCell = (value: string): string =>
  value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
