import type { RequestContext } from '../../lib/context.js';
import { violatedUniqueIndex } from '../../lib/db-errors.js';
import { accountErrors } from './accounts.errors.js';
import { accountsRepository } from './accounts.repository.js';

export const rethrowUsername = (error: unknown): never => {
  if (violatedUniqueIndex(error) === 'accounts_username') throw accountErrors.usernameTaken();
  throw error;
};

/**
 * Creates the account of a customer who is (or just became) registered, with no password yet:
 * the customer sets one through an invite, a reset or registration. The username is the email
 * unless given.
 */
export async function createAccountFor(
  ctx: RequestContext,
  customer: { id: string; customerSetId: string; email: string | null },
  username?: string,
) {
  if (!customer.email) throw accountErrors.noEmail();
  await accountsRepository
    .insert(ctx, {
      customerId: customer.id,
      customerSetId: customer.customerSetId,
      username: username ?? customer.email,
      passwordHash: null,
    })
    .catch(rethrowUsername);
}
