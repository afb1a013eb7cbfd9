import { type ApiError, type FieldProblem, isApiError } from './client';

export type FieldErrors = Partial<Record<string, string>>;

/**
 * The server words a field's problem as a phrase that follows the field's name ("must be a
 * two-letter country code"); under the field the phrase stands alone, so it becomes a sentence.
 */
export function asSentence(message: string): string {
  const text = message.trim();
  if (!text) return text;
  const capitalised = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?…]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

const describeOther = (problem: FieldProblem) =>
  problem.path
    ? `${problem.path.replace(/^\//, '')}: ${asSentence(problem.message)}`
    : asSentence(problem.message);

export interface SplitProblem {
  /** Messages for fields the form shows, keyed by field name (first message wins). */
  fields: FieldErrors;
  /** Messages the form cannot place under a field. */
  other: string[];
}

/**
 * Sorts a problem's `errors` into the form's fields. `prefix` is the JSON Pointer of the form's
 * object inside the request body (e.g. `/addresses/0`), empty for a top-level form.
 */
export function splitProblem(error: ApiError, knownFields: readonly string[], prefix = ''): SplitProblem {
  const fields: FieldErrors = {};
  const other: string[] = [];
  for (const problem of error.errors) {
    const rest = problem.path.startsWith(`${prefix}/`) ? problem.path.slice(prefix.length + 1) : null;
    const field = rest?.split('/')[0];
    if (field && knownFields.includes(field)) {
      fields[field] ??= asSentence(problem.message);
    } else {
      other.push(describeOther(problem));
    }
  }
  return { fields, other };
}

/**
 * Like `splitProblem`, for forms whose fields sit at different depths of the body: each known
 * path (a JSON Pointer without the leading slash, e.g. `settings/lockout/maxFailures`) is a
 * field, and a problem at or below it lands under that field.
 */
export function splitProblemByPath(error: ApiError, knownPaths: readonly string[]): SplitProblem {
  const fields: FieldErrors = {};
  const other: string[] = [];
  for (const problem of error.errors) {
    const path = problem.path.replace(/^\//, '');
    const field = knownPaths.find((known) => path === known || path.startsWith(`${known}/`));
    if (field) fields[field] ??= asSentence(problem.message);
    else other.push(describeOther(problem));
  }
  return { fields, other };
}

/** A one-line explanation of any thrown value, for notifications and alerts. */
export function describeError(error: unknown): { title: string; message: string } {
  if (isApiError(error)) {
    return { title: error.title, message: error.detail ? asSentence(error.detail) : 'Please try again.' };
  }
  return { title: 'Something went wrong', message: error instanceof Error ? error.message : String(error) };
}
