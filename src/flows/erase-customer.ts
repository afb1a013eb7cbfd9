import { inTransaction, type RequestContext } from '../lib/context.js';
import type { ErasedRows, ModuleCustomerData } from '../lib/module.js';
import { iso } from '../lib/time.js';
import { personalValuesOf } from '../modules/customers/customer-data.service.js';
import type { ErasureInput, ErasureResult } from '../modules/customers/customer-privacy.schemas.js';
import {
  linkedGuestIds,
  lockCustomer,
  lockCustomerRows,
} from '../modules/customers/customer-records.service.js';
import { customerErrors } from '../modules/customers/customers.errors.js';
import { recordEvent } from '../modules/events/events.service.js';
import { personalValues } from './customer-subject.js';

/** Thrown to roll a dry run back once it has answered. */
class DryRunDone {
  constructor(readonly result: ErasureResult) {}
}

function addRows(removed: ErasureResult['removed'], module: string, rows: ErasedRows) {
  for (const [table, count] of Object.entries(rows)) {
    if (count === 0) continue;
    const section = removed[module] ?? {};
    section[table] = (section[table] ?? 0) + count;
    removed[module] = section;
  }
}

/**
 * Erases a customer's personal data (GDPR art. 17; docs/privacy.md) in one transaction: every
 * module's customerData hook removes or blanks what it holds (the account and sessions go, orders
 * keep their numbers, lines, totals, dates and statuses without the names and addresses copied on
 * them, the credit ledger stays, consent records stay without their evidence, the timeline keeps
 * its entries without the personal values). The guest checkouts a registered customer took over
 * are erased with it. The customer row stays, personal fields blank and `anonymized_at` set, so
 * orders, ledger and audit log still point at an id; `customer.erased` goes on its timeline with
 * the counts, never the values.
 *
 * Always kept, never deleted, even without orders: the id is what the store's other systems and
 * the audit log know the person by, and the erasure's own record must survive it.
 *
 * `hooks` are every module's (ModuleSetup.customerData). A dry run does the same work in a
 * transaction that is rolled back, so its counts are what an erasure would do at that moment.
 */
export async function eraseCustomer(
  ctx: RequestContext,
  hooks: readonly ModuleCustomerData[],
  customerId: string,
  input: ErasureInput,
): Promise<ErasureResult> {
  const dryRun = input.dryRun ?? false;
  const erase = async (trx: RequestContext): Promise<ErasureResult> => {
    await lockCustomer(trx, customerId);
    const before = await personalValuesOf(trx, customerId);
    if (before?.erasedAt) throw customerErrors.alreadyErased(iso(before.erasedAt));
    const guests = await linkedGuestIds(trx, customerId);
    await lockCustomerRows(trx, guests);
    const subjects = [customerId, ...guests];
    const values = await personalValues(trx, subjects);
    const removed: ErasureResult['removed'] = {};
    for (const id of subjects)
      for (const { module, hook } of hooks)
        addRows(removed, module, await hook.erase(trx, { customerId: id, personalValues: values }));
    await recordEvent(trx, customerId, 'customer.erased', { linkedGuests: guests.length, removed });
    const after = await personalValuesOf(trx, customerId);
    return {
      customerId,
      dryRun,
      erasedAt: dryRun ? null : iso(after?.erasedAt ?? null),
      linkedGuestIds: guests,
      removed,
    };
  };
  if (!dryRun) return inTransaction(ctx, erase);
  try {
    await inTransaction(ctx, async (trx) => {
      throw new DryRunDone(await erase(trx));
    });
  } catch (error) {
    if (error instanceof DryRunDone) return error.result;
    throw error;
  }
  throw new Error('unreachable: a dry run always throws DryRunDone');
}
