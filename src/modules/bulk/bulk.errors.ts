import type { AdminRole } from '../../db/types.js';
import { DomainError } from '../../lib/errors.js';

export const bulkErrors = {
  /** The action needs a higher role than the route's least one (the single-customer route's). */
  actionNeedsRole: (action: string, role: AdminRole) =>
    new DomainError(
      'forbidden',
      'auth.forbidden',
      `The bulk action \`${action}\` needs the ${role} role or higher.`,
      [{ path: '/action', message: `${action} needs the ${role} role or higher`, in: 'body' }],
    ),
};
