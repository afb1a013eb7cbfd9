import { DomainError } from '../../lib/errors.js';
import { MAX_DEFINITIONS } from './attributes.schemas.js';

export const attributeErrors = {
  notFound: () => new DomainError('not_found', 'attribute.not_found', 'No such custom attribute.'),
  codeTaken: () =>
    new DomainError('conflict', 'attribute.code_taken', 'Another custom attribute has this code.', [
      { path: '/code', message: 'is the code of another custom attribute', in: 'body' },
    ]),
  tooMany: () =>
    new DomainError(
      'rule_broken',
      'attribute.too_many',
      `A tenant can define at most ${MAX_DEFINITIONS} custom attributes.`,
    ),
};
