import type { RequestContext } from '../../lib/context.js';
import { violatedUniqueIndex } from '../../lib/db-errors.js';
import { customerMergesRepository } from './customer-merges.repository.js';
import { customerMetricsRepository } from './customer-metrics.repository.js';
import { customerRecordsRepository } from './customer-records.repository.js';
import { customerErrors } from './customers.errors.js';
import { type CustomerRecord, customersRepository } from './customers.repository.js';

export type { CustomerRecord };

// The customers module's door for other modules: the customer rows they may check, lock or
// change, each through one named function. It depends on nothing but this module's own
// repositories, so any service can import it without an import cycle (customers.service.ts
// itself uses the accounts and addresses services).

/** Maps a unique-index violation on customers to its domain error; rethrows anything else. */
export const rethrowCustomerUnique = (error: unknown): never => {
  const index = violatedUniqueIndex(error);
  if (index === 'customers_registered_email') throw customerErrors.emailTaken();
  if (index === 'customers_external_id') throw customerErrors.externalIdTaken();
  throw error;
};

/** The customer of this tenant, or undefined: for a caller that reports a missing one as a field error. */
export const findCustomer = (ctx: RequestContext, id: string): Promise<CustomerRecord | undefined> =>
  customersRepository.find(ctx, id);

/** A 404 for a customer that is not there: `customer.merged` naming the survivor if it was merged. */
export async function missingCustomer(ctx: RequestContext, id: string): Promise<Error> {
  const survivorId = await customerMergesRepository.survivorOf(ctx, id);
  return survivorId ? customerErrors.merged(survivorId) : customerErrors.notFound();
}

/** The customer of this tenant; 404 `customer.not_found` when there is none. */
export async function requireCustomer(ctx: RequestContext, id: string): Promise<CustomerRecord> {
  const row = await customersRepository.find(ctx, id);
  if (!row) throw customerErrors.notFound();
  return row;
}

/**
 * The customer, locked until the caller's transaction ends, so no order or credit entry for it
 * lands between a check and what follows (their foreign keys wait for the lock).
 */
export async function lockCustomer(ctx: RequestContext, id: string): Promise<CustomerRecord> {
  const row = await customersRepository.findForUpdate(ctx, id);
  if (!row) throw customerErrors.notFound();
  return row;
}

/**
 * Locks customer rows against metric changes and per-customer counts (wishlists) until the
 * transaction ends, in id order so two lockers never wait on each other. Rows that do not
 * exist are skipped. FOR NO KEY UPDATE: inserts referencing the customers still pass.
 */
export async function lockCustomerRows(ctx: RequestContext, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await customerMetricsRepository.lockCustomers(ctx, ids);
}

/** What another module shows of a customer beside its own rows. */
export interface CustomerName {
  firstName: string | null;
  lastName: string | null;
  email: string | null;
}

/**
 * Names and emails of some customers of this tenant, by id (ids of another tenant or of removed
 * customers are absent): one query for a page of another module's list.
 */
export async function customerNames(
  ctx: RequestContext,
  ids: readonly string[],
): Promise<Map<string, CustomerName>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await customerRecordsRepository.names(ctx, unique);
  return new Map(rows.map(({ id, ...name }) => [id, name]));
}

/** Guests whose history this registered customer took over (by registration or invite). */
export const linkedGuestIds = (ctx: RequestContext, customerId: string) =>
  customerRecordsRepository.linkedGuestIds(ctx, customerId);

/** Guests of a customer set with this email, not yet linked to a registered customer, newest first. */
export const guestsByEmail = (ctx: RequestContext, customerSetId: string, email: string) =>
  customersRepository.guestsByEmail(ctx, customerSetId, email);

/** The registered customer of a customer set with this email, if any. */
export const registeredCustomerByEmail = (ctx: RequestContext, customerSetId: string, email: string) =>
  customerMetricsRepository.registeredByEmail(ctx, customerSetId, email);

/** Links guests to the registered customer that takes over their history (the guests are kept). */
export const linkGuests = (ctx: RequestContext, guestIds: readonly string[], registeredCustomerId: string) =>
  customersRepository.linkGuests(ctx, guestIds, registeredCustomerId);

/** Keeps the grid's country and state columns equal to the default billing address. */
export async function setBillingLocation(
  ctx: RequestContext,
  id: string,
  countryCode: string | null,
  stateCode: string | null,
): Promise<void> {
  await customersRepository.setBillingLocation(ctx, id, countryCode, stateCode);
}

/**
 * Changes the fields the account rules own (registered, enabled, a confirmed email) and bumps
 * the version; a taken registered email is 409 `customer.email_taken`.
 */
export async function setAccountFields(
  ctx: RequestContext,
  id: string,
  changes: { isRegistered?: boolean; enabled?: boolean; email?: string },
): Promise<void> {
  await customersRepository.setAccountFields(ctx, id, changes).catch(rethrowCustomerUnique);
}

// ---- Order metrics (written by the orders module, kept here) ---------------------------------

/** A new order counts: one more order, its total in the reporting currency, first/last times. */
export async function countOrder(
  ctx: RequestContext,
  customerId: string,
  order: { currency: string; total: number; placedAt: string },
): Promise<void> {
  await customerMetricsRepository.countOrder(ctx, customerId, order);
}

/**
 * An order stops counting: one order less, its contribution off the total, first/last times
 * read again from the orders still counted (all but `uncounted` statuses). The caller changed
 * the order's status first in this transaction and holds the customer's lock.
 */
export async function uncountOrder(
  ctx: RequestContext,
  customerId: string,
  order: { currency: string; contribution: number },
  uncounted: readonly string[],
): Promise<void> {
  await customerMetricsRepository.uncountOrder(ctx, customerId, order, uncounted);
}

/** A partial refund takes its amount off the total spent (in the reporting currency). */
export async function reduceSpent(ctx: RequestContext, customerId: string, currency: string, amount: number) {
  await customerMetricsRepository.reduceSpent(ctx, customerId, currency, amount);
}

/** Sets the customers' metrics from their orders (all but `uncounted` statuses), in one statement. */
export async function recomputeOrderMetrics(
  ctx: RequestContext,
  customerIds: readonly string[],
  uncounted: readonly string[],
): Promise<void> {
  if (customerIds.length === 0) return;
  await customerMetricsRepository.recomputeMetrics(ctx, customerIds, uncounted);
}
