/**
 * Expected failures. Services throw these with a stable `code`; the HTTP layer maps the
 * `kind` to a status in one place (src/http/problem.ts) and the CLI prints the message.
 */
export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'precondition_failed'
  | 'rule_broken'
  | 'rate_limited'
  /** The service could not answer in time (a list's statement timeout); retrying may work. */
  | 'unavailable';

export interface FieldError {
  /** JSON Pointer to the offending field, e.g. `/email` or `/addresses/0/countryCode`. */
  path: string;
  message: string;
  /** Where the field is: body (default), query, path or header. */
  in?: 'body' | 'query' | 'path' | 'header';
}

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly errors?: FieldError[],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalid = (code: string, message: string, errors?: FieldError[]) =>
  new DomainError('invalid', code, message, errors);

/** Collects field errors while checking one input, then throws them together. */
export class FieldErrors {
  private readonly list: FieldError[] = [];
  add(path: string, message: string) {
    this.list.push({ path, message });
  }
  get size() {
    return this.list.length;
  }
  throwIfAny(code = 'validation.failed', message = 'The request has invalid fields.') {
    if (this.list.length > 0) throw invalid(code, message, this.list);
  }
}
