import { DomainError } from '../errors.js';

/**
 * A filter that cannot be parsed, or that does not fit the attributes of the resource it is applied
 * to. `position` is the 0-based offset in the filter text of the token at fault, so clients can point
 * at it; the message repeats it for people reading logs or the CLI.
 */
export class FilterError extends DomainError {
  constructor(
    readonly position: number,
    detail: string,
  ) {
    const message = `Invalid filter at position ${position}: ${detail}`;
    super('invalid', 'filter.invalid', message, [{ path: '/filter', message, in: 'query' }]);
    this.name = 'FilterError';
  }
}
