import type { AddressRow } from '../../db/types.js';
import { inTransaction, type RequestContext } from '../../lib/context.js';
import { FieldErrors } from '../../lib/errors.js';
import { isCountry, isStateOf } from '../../lib/geo.js';
import { newId } from '../../lib/ids.js';
import { toE164 } from '../../lib/phone.js';
import { trimmedOrNull } from '../../lib/text.js';
import { iso } from '../../lib/time.js';
import { requireCustomer, setBillingLocation } from '../customers/customer-records.service.js';
import { recordEvent, recordEvents } from '../events/events.service.js';
import { fieldChanges } from '../events/field-changes.js';
import { addressErrors } from './addresses.errors.js';
import { addressesRepository } from './addresses.repository.js';
import type { Address, AddressInput, AddressPatch } from './addresses.schemas.js';

/**
 * Checks what the schema cannot: the country exists, the state belongs to it, the phone is a
 * real number (read with the address's country as its region). Errors are added under
 * `prefix` (e.g. `/addresses/0`) so a form can show them beside the right field.
 */
export function normaliseAddress<T extends AddressPatch>(
  input: T,
  errors: FieldErrors,
  prefix: string,
  current?: AddressRow,
) {
  const country = input.countryCode ?? current?.countryCode;
  const out = { ...input };
  if (input.countryCode !== undefined && !isCountry(input.countryCode)) {
    errors.add(`${prefix}/countryCode`, 'is not an ISO 3166-1 country code');
  }
  const state = input.stateCode !== undefined ? input.stateCode : current?.stateCode;
  if (state && country && isCountry(country) && !isStateOf(state, country)) {
    errors.add(
      input.stateCode !== undefined ? `${prefix}/stateCode` : `${prefix}/countryCode`,
      `${state} is not a state of ${country}`,
    );
  }
  if (input.phone) {
    const phone = toE164(input.phone, country);
    if (phone) out.phone = phone;
    else errors.add(`${prefix}/phone`, 'is not a valid phone number');
  }
  for (const key of ['label', 'firstName', 'lastName', 'companyName', 'line2', 'postalCode'] as const) {
    if (input[key] !== undefined) out[key] = trimmedOrNull(input[key]);
  }
  if (input.line1 !== undefined && !input.line1.trim()) errors.add(`${prefix}/line1`, 'must not be blank');
  if (input.city !== undefined && !input.city.trim()) errors.add(`${prefix}/city`, 'must not be blank');
  return out;
}

export const addressToApi = (row: AddressRow): Address => ({
  id: row.id,
  customerId: row.customerId,
  label: row.label,
  firstName: row.firstName,
  lastName: row.lastName,
  companyName: row.companyName,
  line1: row.line1,
  line2: row.line2,
  city: row.city,
  postalCode: row.postalCode,
  countryCode: row.countryCode,
  stateCode: row.stateCode,
  phone: row.phone,
  isDefaultBilling: row.isDefaultBilling,
  isDefaultShipping: row.isDefaultShipping,
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
});

/** An address's fields as the timeline diffs them (`address.city`, …). */
const ADDRESS_FIELDS = [
  'label',
  'firstName',
  'lastName',
  'companyName',
  'line1',
  'line2',
  'city',
  'postalCode',
  'countryCode',
  'stateCode',
  'phone',
  'isDefaultBilling',
  'isDefaultShipping',
] as const;

/** The timeline's diff of an address: from null when added, to null when removed. */
const addressChanges = (before: AddressRow | null, after: AddressRow | null) =>
  fieldChanges(before, after, ADDRESS_FIELDS, 'address.');

/** Re-reads the default billing address into the customer's grid columns. */
async function syncBillingLocation(ctx: RequestContext, customerId: string) {
  const billing = await addressesRepository.defaultBilling(ctx, customerId);
  await setBillingLocation(ctx, customerId, billing?.countryCode ?? null, billing?.stateCode ?? null);
}

/** A new address row from a checked input (its fields trimmed as the routes store them), no flags. */
const newAddressRow = (customerId: string, input: AddressInput) => ({
  id: newId(),
  customerId,
  label: input.label ?? null,
  firstName: input.firstName ?? null,
  lastName: input.lastName ?? null,
  companyName: input.companyName ?? null,
  line1: input.line1.trim(),
  line2: input.line2 ?? null,
  city: input.city.trim(),
  postalCode: input.postalCode ?? null,
  countryCode: input.countryCode,
  stateCode: input.stateCode ?? null,
  phone: input.phone ?? null,
});

/**
 * Inserts addresses for a customer inside the caller's transaction. When the customer has no
 * default billing or shipping address yet, the first new address becomes it.
 */
export async function insertAddresses(
  ctx: RequestContext,
  customerId: string,
  inputs: AddressInput[],
  hasDefaults = { billing: false, shipping: false },
) {
  let billingTaken = hasDefaults.billing || inputs.some((a) => a.isDefaultBilling);
  let shippingTaken = hasDefaults.shipping || inputs.some((a) => a.isDefaultShipping);
  const rows = inputs.map((input) => {
    const row = {
      ...newAddressRow(customerId, input),
      isDefaultBilling: input.isDefaultBilling ?? !billingTaken,
      isDefaultShipping: input.isDefaultShipping ?? !shippingTaken,
    };
    billingTaken ||= row.isDefaultBilling;
    shippingTaken ||= row.isDefaultShipping;
    return row;
  });
  // Several inputs flagged default: the last one wins, as if they had been added one by one.
  const lastBilling = rows.findLast((r) => r.isDefaultBilling);
  const lastShipping = rows.findLast((r) => r.isDefaultShipping);
  for (const row of rows) {
    row.isDefaultBilling = row === lastBilling;
    row.isDefaultShipping = row === lastShipping;
  }
  if (lastBilling && hasDefaults.billing)
    await addressesRepository.clearDefault(ctx, customerId, 'isDefaultBilling');
  if (lastShipping && hasDefaults.shipping)
    await addressesRepository.clearDefault(ctx, customerId, 'isDefaultShipping');
  const inserted = await addressesRepository.insert(ctx, rows);
  if (lastBilling) await setBillingLocation(ctx, customerId, lastBilling.countryCode, lastBilling.stateCode);
  return inserted;
}

/**
 * One default billing and shipping address for each of many new customers (an import), in one
 * statement; the addresses are checked already (normaliseAddress). The customers' grid columns
 * are the caller's to set, from the same addresses.
 */
export async function insertDefaultAddresses(
  ctx: RequestContext,
  entries: readonly { customerId: string; address: AddressInput; createdAt?: Date }[],
) {
  await addressesRepository.insertMany(
    ctx,
    entries.map(({ customerId, address, createdAt }) => ({
      ...newAddressRow(customerId, address),
      isDefaultBilling: true,
      isDefaultShipping: true,
      ...(createdAt ? { createdAt, updatedAt: createdAt } : {}),
    })),
  );
}

/** The default billing addresses of many customers (an export's page), by customer id. */
export async function defaultBillingAddresses(ctx: RequestContext, customerIds: readonly string[]) {
  const rows = await addressesRepository.defaultBillingOf(ctx, customerIds);
  return new Map(rows.map((row) => [row.customerId, addressToApi(row)]));
}

/** The CSV cells of a page of customers' default billing addresses, by customer id (the export). */
export async function defaultBillingCsv(
  ctx: RequestContext,
  customerIds: readonly string[],
  fields: readonly string[],
) {
  const rows = await addressesRepository.defaultBillingCsv(ctx, customerIds, fields);
  return new Map(rows.map((row) => [row.customerId, row.cells]));
}

/**
 * The tenant's default billing addresses as a table of CSV cells (`a0`… in the order of `fields`)
 * for the CSV export's COPY to join; see addressesRepository.defaultBillingCopyCells.
 */
export const defaultBillingCopyCells = (ctx: RequestContext, fields: readonly string[]) =>
  addressesRepository.defaultBillingCopyCells(ctx, fields);

/**
 * An update or upsert import's addresses (checked already): each becomes its customer's default
 * billing address, changed in place when there is one, so importing the same file twice leaves
 * one address, not two. The customers' grid columns are the caller's to set.
 */
export async function replaceDefaultAddresses(
  ctx: RequestContext,
  entries: readonly { customerId: string; address: AddressInput }[],
) {
  const replaced = await addressesRepository.replaceDefaultBilling(
    ctx,
    entries.map(({ customerId, address }) => newAddressRow(customerId, address)),
  );
  // On each customer's timeline as the address routes record it (one statement for the batch);
  // an address that comes back the same records nothing.
  const entriesOf = (action: 'address.added' | 'address.changed') =>
    replaced.flatMap(({ id, customerId, before, after }) => {
      if ((before === null) !== (action === 'address.added')) return [];
      const changes = addressChanges(
        before && (camelKeys(before) as unknown as AddressRow),
        camelKeys(after) as unknown as AddressRow,
      );
      return changes.length > 0 ? [{ customerId, data: { addressId: id, changes, via: 'import' } }] : [];
    });
  await recordEvents(ctx, 'address.added', entriesOf('address.added'));
  await recordEvents(ctx, 'address.changed', entriesOf('address.changed'));
}

/** A row as to_jsonb gives it (snake_case columns) under the names Kysely reads it by. */
const camelKeys = (row: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(row).map(([key, value]) => [
      key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()),
      value,
    ]),
  );

export async function listAddresses(ctx: RequestContext, customerId: string): Promise<Address[]> {
  await requireCustomer(ctx, customerId);
  return (await addressesRepository.listForCustomer(ctx, customerId)).map(addressToApi);
}

/**
 * The field checks of adding (`addressId` null) or changing an address, for a body that may also
 * fail its schema: the same `normaliseAddress` rules, against the stored address when changing.
 */
export async function checkAddress(
  ctx: RequestContext,
  customerId: string,
  addressId: string | null,
  input: AddressPatch,
): Promise<void> {
  const current = addressId ? await addressesRepository.find(ctx, customerId, addressId) : undefined;
  if (addressId && !current) return;
  const errors = new FieldErrors();
  normaliseAddress(input, errors, '', current);
  errors.throwIfAny();
}

/** Adds an address; the first one a customer gets becomes its default billing and shipping. */
export async function createAddress(
  ctx: RequestContext,
  customerId: string,
  input: AddressInput,
): Promise<Address> {
  const errors = new FieldErrors();
  const clean = normaliseAddress(input, errors, '');
  errors.throwIfAny();
  return inTransaction(ctx, async (trx) => {
    await requireCustomer(trx, customerId);
    const existing = await addressesRepository.listForCustomer(trx, customerId);
    const [row] = await insertAddresses(trx, customerId, [clean as AddressInput], {
      billing: existing.some((a) => a.isDefaultBilling),
      shipping: existing.some((a) => a.isDefaultShipping),
    });
    await recordEvent(trx, customerId, 'address.added', {
      addressId: row!.id,
      changes: addressChanges(null, row!),
    });
    return addressToApi(row!);
  });
}

export async function updateAddress(
  ctx: RequestContext,
  customerId: string,
  addressId: string,
  patch: AddressPatch,
): Promise<Address> {
  return inTransaction(ctx, async (trx) => {
    await requireCustomer(trx, customerId);
    const current = await addressesRepository.find(trx, customerId, addressId);
    if (!current) throw addressErrors.notFound();
    const errors = new FieldErrors();
    const clean = normaliseAddress(patch, errors, '', current);
    errors.throwIfAny();
    if (clean.isDefaultBilling)
      await addressesRepository.clearDefault(trx, customerId, 'isDefaultBilling', addressId);
    if (clean.isDefaultShipping)
      await addressesRepository.clearDefault(trx, customerId, 'isDefaultShipping', addressId);
    const updated = await addressesRepository.update(trx, customerId, addressId, clean);
    if (!updated) throw addressErrors.notFound();
    if (current.isDefaultBilling || updated.isDefaultBilling) await syncBillingLocation(trx, customerId);
    const changes = addressChanges(current, updated);
    if (changes.length > 0) await recordEvent(trx, customerId, 'address.changed', { addressId, changes });
    return addressToApi(updated);
  });
}

export async function deleteAddress(
  ctx: RequestContext,
  customerId: string,
  addressId: string,
): Promise<void> {
  await inTransaction(ctx, async (trx) => {
    await requireCustomer(trx, customerId);
    const current = await addressesRepository.find(trx, customerId, addressId);
    if (!current || !(await addressesRepository.delete(trx, customerId, addressId)))
      throw addressErrors.notFound();
    if (current.isDefaultBilling) await syncBillingLocation(trx, customerId);
    await recordEvent(trx, customerId, 'address.removed', {
      addressId,
      changes: addressChanges(current, null),
    });
  });
}

/**
 * Moves guests' addresses to the registered customer that takes over their history. If that
 * customer has no default address yet, the newest moved one becomes its default billing and
 * shipping address (and sets the grid's country and state). Answers how many moved.
 */
export async function takeOverAddresses(
  ctx: RequestContext,
  guestIds: readonly string[],
  customerId: string,
): Promise<number> {
  const moved = await addressesRepository.reassign(ctx, guestIds, customerId);
  const newest = moved.sort((a, b) => (a.id < b.id ? 1 : -1))[0];
  if (newest && !(await addressesRepository.defaultBilling(ctx, customerId))) {
    await addressesRepository.update(ctx, customerId, newest.id, {
      isDefaultBilling: true,
      isDefaultShipping: true,
    });
    await setBillingLocation(ctx, customerId, newest.countryCode, newest.stateCode);
  }
  return moved.length;
}

/**
 * A merge (src/flows/merge-customers.ts): the source's addresses that the survivor already has
 * (same lines, city, postal code, country and state, case and spaces aside) are dropped, the rest
 * move without their default flags; a survivor without a default address takes the newest moved.
 */
export async function mergeAddressesInto(ctx: RequestContext, fromId: string, toId: string) {
  const deduplicated = await addressesRepository.deleteDuplicatesOf(ctx, fromId, toId);
  const moved = await takeOverAddresses(ctx, [fromId], toId);
  return { moved, deduplicated };
}

/** How many customers a duplicate search reads at the customer's postal codes, at most. */
const POSTAL_CODE_NEIGHBOURS = 1000;

/**
 * Customers with an address at one of this customer's postal codes (spaces and case aside), for
 * the duplicate search: at most 1,000, read through addresses_postal_key.
 */
export async function customersAtSamePostalCode(ctx: RequestContext, customerId: string): Promise<string[]> {
  const keys = await addressesRepository.postalKeys(ctx, customerId);
  return addressesRepository.customersAtPostalKeys(ctx, keys, POSTAL_CODE_NEIGHBOURS);
}
