import { DomainError } from '../../lib/errors.js';
import { MAX_MEMBERSHIPS } from './groups.schemas.js';
import { MAX_DIRECT_ROLES } from './roles.schemas.js';

export const groupErrors = {
  notFound: () => new DomainError('not_found', 'group.not_found', 'No such group in this tenant.'),
  codeTaken: () =>
    new DomainError('conflict', 'group.code_taken', 'Another group has this code.', [
      { path: '/code', message: 'is the code of another group (whatever its case)', in: 'body' },
    ]),
  membershipNotFound: () =>
    new DomainError('not_found', 'group.membership_not_found', 'The customer is not a member of this group.'),
  tooManyMemberships: () =>
    new DomainError(
      'rule_broken',
      'group.too_many_memberships',
      `A customer can hold at most ${MAX_MEMBERSHIPS} memberships (expired ones count until removed).`,
    ),
  roleNotFound: () => new DomainError('not_found', 'role.not_found', 'No such role in this tenant.'),
  roleCodeTaken: () =>
    new DomainError('conflict', 'role.code_taken', 'Another role has this code.', [
      { path: '/code', message: 'is the code of another role (whatever its case)', in: 'body' },
    ]),
  assignmentNotFound: () =>
    new DomainError(
      'not_found',
      'role.assignment_not_found',
      'The customer does not hold this role directly.',
    ),
  tooManyRoles: () =>
    new DomainError(
      'rule_broken',
      'role.too_many_assignments',
      `A customer can hold at most ${MAX_DIRECT_ROLES} direct role assignments.`,
    ),
};
