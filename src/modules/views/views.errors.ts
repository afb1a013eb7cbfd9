import { DomainError } from '../../lib/errors.js';

export const viewErrors = {
  /** Also for another author's private view: it is not the caller's to see. */
  notFound: () => new DomainError('not_found', 'view.not_found', 'No such view for you in this tenant.'),
  nameTaken: () =>
    new DomainError(
      'conflict',
      'view.name_taken',
      'Another view in the same place has this name (whatever its case).',
      [{ path: '/name', message: 'is the name of another view', in: 'body' }],
    ),
  /** Shared views are the tenant's: only an admin (admin role or higher) saves, changes or deletes them. */
  sharedNeedsAdmin: () =>
    new DomainError(
      'forbidden',
      'view.shared_needs_admin',
      "Shared views are the tenant's: only an admin may save, change or delete them.",
    ),
  /** A view needs an author to belong to: the CLI and the worker (system) have none. */
  noAuthor: () =>
    new DomainError(
      'forbidden',
      'view.no_author',
      'Views belong to an admin user or an API key; this caller is neither.',
    ),
  segmentNotFound: () =>
    new DomainError('invalid', 'view.segment_not_found', 'No such segment in this tenant.', [
      { path: '/segmentId', message: 'is not a segment of this tenant', in: 'body' },
    ]),
  defaultNotFound: () =>
    new DomainError('invalid', 'view.default_not_found', 'No such view for you in this tenant.', [
      { path: '/viewId', message: 'is not a view you can see', in: 'body' },
    ]),
};
