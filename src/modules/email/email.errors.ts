import { DomainError } from '../../lib/errors.js';

export const emailErrors = {
  notFound: () => new DomainError('not_found', 'email.not_found', 'No such email in the mailbox.'),
};
