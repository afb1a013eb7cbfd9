import { DomainError } from '../../lib/errors.js';
import type { FilterError } from '../../lib/filter/filter-error.js';

export const segmentErrors = {
  notFound: () => new DomainError('not_found', 'segment.not_found', 'No such segment in this tenant.'),
  nameTaken: () =>
    new DomainError('conflict', 'segment.name_taken', 'Another segment has this name (whatever its case).', [
      { path: '/name', message: 'is the name of another segment', in: 'body' },
    ]),
  /** A saved filter that no longer compiles (an attribute another module defined is gone). */
  filterBroken: (error: FilterError, where: { path: string; in: 'query' | 'path' | 'body' }) =>
    new DomainError(
      'invalid',
      'segment.filter_invalid',
      `The segment's saved filter no longer applies: ${error.message}. Change the segment's filter.`,
      [{ ...where, message: `the segment's filter: ${error.detail}` }],
    ),
};
