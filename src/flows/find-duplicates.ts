import type { RequestContext } from '../lib/context.js';
import { customersAtSamePostalCode } from '../modules/addresses/addresses.service.js';
import type { DuplicateCandidate } from '../modules/customers/customer-merges.schemas.js';
import { duplicateCandidates } from '../modules/customers/customer-merges.service.js';
import { findCustomer, missingCustomer } from '../modules/customers/customer-records.service.js';

/**
 * Customers that are probably the same person as this one, with the reasons and a score. A flow,
 * because the name-and-postal-code reason starts from the addresses module's postal-code index and
 * the customers module checks the names; email and phone are the customers module's own indexes.
 * Every part is an index read of bounded size, whatever the tenant's size.
 */
export async function findDuplicates(ctx: RequestContext, customerId: string): Promise<DuplicateCandidate[]> {
  const customer = await findCustomer(ctx, customerId);
  if (!customer) throw await missingCustomer(ctx, customerId);
  const atSamePostalCode =
    customer.firstName && customer.lastName ? await customersAtSamePostalCode(ctx, customerId) : [];
  return duplicateCandidates(ctx, customer, atSamePostalCode);
}
