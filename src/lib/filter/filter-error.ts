import { DomainError } from '../errors.js';

/**
 * A filter that cannot be parsed, or that does not fit the attributes of the resource it is applied
 * to. `position` is the 0-based offset in the filter text of the token at fault, so clients can point
 * at it; the message repeats it for people reading logs or the CLI. The filter is a query parameter
 * unless `location` says it came in a body (a saved segment's).
 */
export class FilterError extends DomainError {
  constructor(
    readonly position: number,
    readonly detail: string,
    location: 'query' | 'body' = 'query',
  ) {
    const message = `Invalid filter at position ${position}: ${detail}`;
    super('invalid', 'filter.invalid', message, [{ path: '/filter', message, in: location }]);
    this.name = 'FilterError';
  }

  /** The same error for a filter sent in a request body. */
  inBody(): FilterError {
    return new FilterError(this.position, this.detail, 'body');
  }
}
