import { DomainError } from '../../lib/errors.js';

export const customerErrors = {
  notFound: () => new DomainError('not_found', 'customer.not_found', 'No such customer.'),
  tagNotFound: () =>
    new DomainError(
      'not_found',
      'customer.tag_not_found',
      'The customer has no such tag (compared without case).',
    ),
  emailTaken: () =>
    new DomainError(
      'conflict',
      'customer.email_taken',
      'A registered customer with this email already exists in this customer set.',
      [{ path: '/email', message: 'is already used by a registered customer', in: 'body' }],
    ),
  externalIdTaken: () =>
    new DomainError('conflict', 'customer.external_id_taken', 'Another customer has this external id.', [
      { path: '/externalId', message: 'is already used by another customer', in: 'body' },
    ]),
  cannotUnregister: () =>
    new DomainError(
      'rule_broken',
      'customer.cannot_unregister',
      'A registered customer cannot become a guest again; disable the account instead.',
      [{ path: '/isRegistered', message: 'cannot change from true to false', in: 'body' }],
    ),
  /** A field of the change needs a higher role than the route's (see `customerFieldRoles`). */
  fieldNeedsRole: (field: string, role: string) =>
    new DomainError(
      'forbidden',
      'auth.forbidden',
      `Changing \`${field}\` needs the ${role} role or higher.`,
      [{ path: `/${field}`, message: `needs the ${role} role or higher`, in: 'body' }],
    ),
  /** Records the store must keep; `holds` names each, as a field of the customer resource. */
  hasHistory: (holds: { path: string; message: string }[]) =>
    new DomainError(
      'conflict',
      'customer.has_history',
      `The customer has ${holds.map((h) => h.message).join(', ')}, which the store must keep, so it cannot be deleted. Disable the customer instead.`,
      holds,
    ),
  stale: () =>
    new DomainError(
      'precondition_failed',
      'customer.stale',
      'The customer was changed since you read it; reload it and apply your change again.',
    ),
  badEtag: () =>
    new DomainError('invalid', 'customer.invalid_etag', 'If-Match must be an etag returned by this API.', [
      { path: '/if-match', message: 'is not an etag of this API', in: 'header' },
    ]),
  /** A merged customer's id: it is gone, and the problem names the customer its data went into. */
  merged: (survivorId: string) =>
    new DomainError(
      'not_found',
      'customer.merged',
      `This customer was merged into customer ${survivorId}; its data is there now.`,
      [{ path: '/id', message: `was merged into ${survivorId}`, in: 'path' }],
    ),
  mergeSelf: () =>
    new DomainError('invalid', 'customer.merge_self', 'A customer cannot be merged into itself.', [
      { path: '/sourceId', message: 'is the customer being merged into', in: 'body' },
    ]),
  mergeSourceNotFound: () =>
    new DomainError(
      'not_found',
      'customer.merge_source_not_found',
      'No such customer to merge in this tenant.',
      [{ path: '/sourceId', message: 'is not a customer of this tenant', in: 'body' }],
    ),
  /** A registered customer's account cannot end up on a guest: merge the guest into it instead. */
  mergeRegisteredIntoGuest: () =>
    new DomainError(
      'conflict',
      'customer.merge_registered_into_guest',
      'A registered customer cannot be merged into a guest; merge the guest into the registered customer instead.',
      [{ path: '/sourceId', message: 'is registered and the survivor is a guest', in: 'body' }],
    ),
  /** An erased customer has nothing personal left to erase; its id stays for the orders and the audit log. */
  alreadyErased: (erasedAt: string) =>
    new DomainError(
      'conflict',
      'customer.already_erased',
      `This customer's personal data was erased at ${erasedAt}.`,
    ),
};
