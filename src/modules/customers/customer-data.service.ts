import type { RequestContext } from '../../lib/context.js';
import type { CustomerDataHook } from '../../lib/module.js';
import { iso } from '../../lib/time.js';
import { customerDataRepository } from './customer-data.repository.js';
import { customerErrors } from './customers.errors.js';

/**
 * The customer row: details, tags, custom attribute values (they live on the row), order
 * metrics and the merges it took part in. Erasure blanks the personal fields and sets
 * `anonymized_at` (the API's `erasedAt`); the row and its id stay, so the orders, the credit
 * ledger and the audit log still point at someone.
 */
export const customersCustomerData: CustomerDataHook = {
  describe:
    'The customer record: names, email, phone, company details, locale, note, tags, custom attribute values and order metrics; the merges it took part in.',
  tables: ['customers', 'customer_merges'],
  read: async (ctx, { customerId }) => {
    const [row, merges] = await Promise.all([
      customerDataRepository.find(ctx, customerId),
      customerDataRepository.merges(ctx, customerId),
    ]);
    if (!row) throw customerErrors.notFound();
    const { attributes, anonymizedAt, ...details } = row;
    return { details: { ...details, erasedAt: iso(anonymizedAt) }, attributes, merges };
  },
  erase: async (ctx, { customerId }) => ({ customers: await customerDataRepository.erase(ctx, customerId) }),
};

/**
 * What the erasure must find and blank wherever copies went (the timeline's diffs, emails to
 * the address): the record's email, names, phone and company details. Undefined for no customer.
 */
export async function personalValuesOf(ctx: RequestContext, customerId: string) {
  const row = await customerDataRepository.find(ctx, customerId);
  if (!row) return undefined;
  const values = [
    row.email,
    row.firstName,
    row.lastName,
    row.phone,
    row.companyName,
    row.taxId,
    row.organizationId,
  ];
  return { erasedAt: row.anonymizedAt, values: values.filter((v): v is string => !!v) };
}
