import type { RequestContext } from '../lib/context.js';
import type { ModuleCustomerData } from '../lib/module.js';
import type { CustomerExport } from '../modules/customers/customer-privacy.schemas.js';
import { requireCustomer } from '../modules/customers/customer-records.service.js';
import { customerSubject } from './customer-subject.js';

/**
 * Everything Clientele holds about a customer as one document (GDPR art. 15; docs/privacy.md):
 * one section per module with a customerData hook, each read by the module itself, so a module
 * that fills in its hook is never left out. Never a password hash or a token digest. An erased
 * customer's export shows what is left (the kept sales facts and the blanked rows).
 */
export async function exportCustomerData(
  ctx: RequestContext,
  hooks: readonly ModuleCustomerData[],
  customerId: string,
): Promise<CustomerExport> {
  await requireCustomer(ctx, customerId);
  const subject = await customerSubject(ctx, customerId);
  const sections: CustomerExport['sections'] = {};
  // One module after the other: an export is rare, and one at a time keeps it to one connection.
  for (const { module, hook } of hooks) {
    const data = await hook.read(ctx, subject);
    if (data !== null) sections[module] = { describe: hook.describe, data };
  }
  return { customerId, exportedAt: new Date().toISOString(), sections };
}
