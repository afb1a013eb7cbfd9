import { DomainError } from '../../lib/errors.js';

export const addressErrors = {
  notFound: () => new DomainError('not_found', 'address.not_found', 'No such address for this customer.'),
};
