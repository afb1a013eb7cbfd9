import { DomainError } from '../../lib/errors.js';

export const webhookErrors = {
  notFound: () =>
    new DomainError('not_found', 'webhook.not_found', 'This tenant has no webhook with this id.'),
  deliveryNotFound: () =>
    new DomainError('not_found', 'webhook.delivery_not_found', 'This webhook has no delivery with this id.'),
  /** A disabled endpoint is sent nothing, retries and tests included, until it is enabled again. */
  disabled: () =>
    new DomainError(
      'conflict',
      'webhook.disabled',
      'This webhook is disabled; enable it (PATCH enabled: true) before sending to it.',
    ),
  /** A delivery still waiting for its attempt is not retried: it goes out on its own. */
  notRetryable: () =>
    new DomainError(
      'conflict',
      'webhook.delivery_pending',
      'This delivery has not been attempted yet; it is sent on its own.',
    ),
};
