import type { RequestContext } from '../lib/context.js';
import type { CustomerSubject } from '../lib/module.js';
import { findAccount } from '../modules/accounts/accounts.service.js';
import { personalValuesOf } from '../modules/customers/customer-data.service.js';
import { customerTimeline } from '../modules/events/events.service.js';

const EMAIL = /[^\s"'<>@]+@[^\s"'<>@]+\.[^\s"'<>@]+/g;

/**
 * The personal values of some customers, for the export and erasure (CustomerSubject): their
 * email, names, phone and company details, usernames, and the earlier emails their timelines
 * name (an email change leaves the old address's contact, consent history and emails behind).
 */
export async function personalValues(ctx: RequestContext, ids: readonly string[]): Promise<string[]> {
  const values = new Set<string>();
  for (const id of ids) {
    for (const value of (await personalValuesOf(ctx, id))?.values ?? []) values.add(value);
    const account = await findAccount(ctx, id);
    if (account) values.add(account.username);
    for (const event of await customerTimeline(ctx, id))
      for (const email of JSON.stringify(event.data).match(EMAIL) ?? []) values.add(email);
  }
  return [...values];
}

/** One customer as the GDPR hooks see it. */
export const customerSubject = async (ctx: RequestContext, customerId: string): Promise<CustomerSubject> => ({
  customerId,
  personalValues: await personalValues(ctx, [customerId]),
});
