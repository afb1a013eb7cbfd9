import type { Expression, RawBuilder } from 'kysely';
import {
  type FieldRoleRule,
  forReading,
  hasRole,
  inTransaction,
  type RequestContext,
} from '../../lib/context.js';
import { FieldErrors } from '../../lib/errors.js';
import { type FilterNode, parseFilter } from '../../lib/filter/filter-parser.js';
import { compileFilter, type FilterAttributes } from '../../lib/filter/filter-sql.js';
import { newId } from '../../lib/ids.js';
import type { Page } from '../../lib/list/list-builder.js';
import { paginate } from '../../lib/list/paginate.js';
import type { CustomerFilterSource } from '../../lib/module.js';
import { toE164 } from '../../lib/phone.js';
import { trimmedOrNull } from '../../lib/text.js';
import { iso } from '../../lib/time.js';
import type { AccountSummary } from '../accounts/accounts.schemas.js';
import {
  type AccountSummaryJson,
  accountSummaries,
  accountSummaryColumn,
  accountSummaryToApi,
  createAccountFor,
  endAllSessions,
  setDisabledReason,
} from '../accounts/accounts.service.js';
import { addressToApi, insertAddresses, normaliseAddress } from '../addresses/addresses.service.js';
import type { CustomerAttributes } from '../attributes/attributes.schemas.js';
import { attributeSortFields, checkCustomerAttributes } from '../attributes/attributes.service.js';
import { enqueueEmail } from '../email/email.service.js';
import { recordEvent } from '../events/events.service.js';
import { type FieldChange, fieldChanges, recordChanges } from '../events/field-changes.js';
import { defaultCustomerSet, emailSiteFor, findCustomerSet, getSite } from '../tenants/tenants.service.js';
import { missingCustomer, rethrowCustomerUnique } from './customer-records.service.js';
import { checkTagCount, normaliseTags, recordTagChanges } from './customer-tags.service.js';
import { customerErrors } from './customers.errors.js';
import {
  type CustomerRecord,
  customerFilterAttributes,
  customerList,
  customersRepository,
} from './customers.repository.js';
import type {
  Customer,
  CustomerCreate,
  CustomerDetail,
  CustomerListQuery,
  CustomerPatch,
} from './customers.schemas.js';

const TEXT_FIELDS = [
  'firstName',
  'lastName',
  'companyName',
  'organizationId',
  'taxId',
  'locale',
  'note',
  'externalId',
] as const;

const etagOf = (version: number) => `"${version}"`;

export function customerToApi(row: CustomerRecord, account: AccountSummary | null): Customer {
  return {
    id: row.id,
    customerSetId: row.customerSetId,
    originSiteId: row.originSiteId,
    isRegistered: row.isRegistered,
    enabled: row.enabled,
    firstName: row.firstName,
    lastName: row.lastName,
    email: row.email,
    phone: row.phone,
    companyName: row.companyName,
    organizationId: row.organizationId,
    taxId: row.taxId,
    locale: row.locale,
    note: row.note,
    tags: row.tags,
    externalId: row.externalId,
    countryCode: row.countryCode,
    stateCode: row.stateCode,
    ordersCount: row.ordersCount,
    totalSpent: row.totalSpentMinor,
    firstOrderAt: iso(row.firstOrderAt),
    lastOrderAt: iso(row.lastOrderAt),
    registeredCustomerId: row.registeredCustomerId,
    attributes: row.attributes as CustomerAttributes,
    erasedAt: iso(row.anonymizedAt),
    account,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
    etag: etagOf(row.version),
  };
}

/**
 * Trims text, turns blanks into null, normalises phone to E.164 and tags (trimmed, one per tag
 * whatever its case, at most MAX_TAGS; customer-tags.service.ts). The import checks each row
 * with it too.
 */
export function normaliseFields<T extends CustomerPatch>(
  input: T,
  errors: FieldErrors,
  phoneRegion: string | null,
): T {
  const out = { ...input };
  for (const key of TEXT_FIELDS) {
    const value = input[key];
    if (typeof value === 'string') out[key] = trimmedOrNull(value);
  }
  if (typeof input.email === 'string') out.email = input.email.trim();
  if (typeof input.phone === 'string') {
    if (input.phone.trim() === '') out.phone = null;
    else {
      const phone = toE164(input.phone, phoneRegion);
      if (phone) out.phone = phone;
      else errors.add('/phone', 'is not a valid phone number');
    }
  }
  if (Array.isArray(input.tags)) {
    out.tags = normaliseTags(input.tags);
    checkTagCount(errors, out.tags.length);
  }
  return out;
}

export function checkIdentity(
  customer: Pick<CustomerCreate, 'firstName' | 'lastName' | 'email' | 'companyName' | 'isRegistered'>,
  errors: FieldErrors,
) {
  if (!customer.firstName && !customer.lastName && !customer.email && !customer.companyName) {
    errors.add('/lastName', 'give at least a name, an email or a company name');
  }
  if (customer.isRegistered && !customer.email) errors.add('/email', 'is required for a registered customer');
}

/** One customer as the API shows it, with its account state. */
async function withAccount(ctx: RequestContext, row: CustomerRecord): Promise<Customer> {
  const accounts = row.isRegistered ? await accountSummaries(ctx, [row.id]) : new Map();
  return customerToApi(row, accounts.get(row.id) ?? null);
}

/**
 * Checks a new customer beyond its schema (the site and set exist, the phone, a name or email
 * or company, each address) and throws every bad field at once; answers what it looked up.
 */
async function checkCreate(ctx: RequestContext, input: CustomerCreate, requireAttributes: boolean) {
  const errors = new FieldErrors();
  const site = input.originSiteId ? await getSite(ctx, input.originSiteId).catch(() => null) : null;
  if (input.originSiteId && !site) errors.add('/originSiteId', 'is not a site of this tenant');
  const set = input.customerSetId ? await findCustomerSet(ctx, input.customerSetId) : null;
  if (input.customerSetId && !set) errors.add('/customerSetId', 'is not a customer set of this tenant');
  const firstAddress = input.addresses?.[0];
  const region = firstAddress?.countryCode ?? site?.countryCode ?? null;
  const {
    addresses: addressInputs = [],
    originSiteId: _site,
    customerSetId: _set,
    attributes: attributeInput,
    ...fields
  } = input;
  const clean = normaliseFields(fields, errors, region);
  checkIdentity(clean, errors);
  const attributes = await checkCustomerAttributes(
    ctx,
    attributeInput,
    { requireAll: requireAttributes },
    errors,
  );
  // An address the schema refused outright (not an object) is left to the schema's message.
  const addresses = addressInputs.map((a, i) => (a ? normaliseAddress(a, errors, `/addresses/${i}`) : a));
  errors.throwIfAny();
  return { site, set, clean, addresses, attributes: attributes.set };
}

/** The field checks of POST /customers, for a body that may also fail its schema. */
export async function checkCustomerCreate(ctx: RequestContext, input: CustomerCreate): Promise<void> {
  await checkCreate(ctx, input, true);
}

/**
 * Creates a customer (and its addresses) in one transaction. The customer set comes from the
 * request, else from the origin site, else the tenant's default set. A registered customer
 * gets an account without a password (username = email unless `options.username`): an invite,
 * a password reset or the storefront registration sets it. `requireAttributes` (an admin's
 * POST /customers) refuses a customer without every required custom attribute; registration and
 * checkout make customers without them, so a new definition never stops a sale.
 */
export async function createCustomer(
  ctx: RequestContext,
  input: CustomerCreate,
  options: { username?: string; requireAttributes?: boolean } = {},
): Promise<CustomerDetail> {
  const { site, set, clean, addresses, attributes } = await checkCreate(
    ctx,
    input,
    options.requireAttributes ?? false,
  );
  const { originSiteId } = input;

  return inTransaction(ctx, async (trx) => {
    const setId = set?.id ?? site?.customerSetId ?? (await defaultCustomerSet(trx)).id;
    const row = await customersRepository
      .insert(trx, {
        id: newId(),
        customerSetId: setId,
        originSiteId: originSiteId ?? null,
        isRegistered: clean.isRegistered ?? false,
        enabled: clean.enabled ?? true,
        firstName: clean.firstName ?? null,
        lastName: clean.lastName ?? null,
        email: clean.email ?? null,
        phone: clean.phone ?? null,
        companyName: clean.companyName ?? null,
        organizationId: clean.organizationId ?? null,
        taxId: clean.taxId ?? null,
        locale: clean.locale ?? null,
        note: clean.note ?? null,
        tags: clean.tags ?? [],
        externalId: clean.externalId ?? null,
        attributes: JSON.stringify(attributes),
      })
      .catch(rethrowCustomerUnique);
    if (row.isRegistered) await createAccountFor(trx, row, options.username);
    const inserted = await insertAddresses(trx, row.id, addresses);
    await recordEvent(trx, row.id, 'customer.created', {
      isRegistered: row.isRegistered,
      customerSetId: row.customerSetId,
      originSiteId: row.originSiteId,
      addresses: inserted.length,
    });
    const billing = inserted.find((a) => a.isDefaultBilling);
    const customer = {
      ...row,
      countryCode: billing?.countryCode ?? null,
      stateCode: billing?.stateCode ?? null,
    };
    return { ...(await withAccount(trx, customer)), addresses: inserted.map(addressToApi) };
  });
}

export async function getCustomer(caller: RequestContext, id: string): Promise<CustomerDetail> {
  // A plain read: on the request's replica when it has one (lib/context.ts readDb).
  const ctx = forReading(caller);
  const row = await customersRepository.findWithAddresses(ctx, id);
  if (!row) throw await missingCustomer(ctx, id);
  const { addresses, ...customer } = row;
  return {
    ...(await withAccount(ctx, customer)),
    addresses: addresses.map((a) =>
      addressToApi({ ...a, createdAt: new Date(a.createdAt), updatedAt: new Date(a.updatedAt) }),
    ),
  };
}

/**
 * Fields of `PATCH /customers/{id}` that need more than the route's support role: one rule per
 * state change, whichever route reaches it. `enabled` is what POST …/disable and …/enable
 * change (admin); a registered customer's email is where password resets go, so moving it is
 * an account takeover in two calls unless it takes the same role as disabling the account.
 */
export const customerFieldRoles = {
  enabled: { role: 'admin', when: 'whenever the value changes (the rule of POST …/disable and …/enable)' },
  email: {
    role: 'admin',
    when: 'when the customer is or becomes registered and the address changes (password resets go to it)',
  },
} as const satisfies Record<string, FieldRoleRule>;

const sameEmail = (a: string | null | undefined, b: string | null | undefined) =>
  (a ?? '').toLowerCase() === (b ?? '').toLowerCase();

/** True when the change moves the email of a customer who is, or becomes, registered. */
const movesAccountEmail = (current: CustomerRecord, patch: CustomerPatch) =>
  patch.email !== undefined &&
  (current.isRegistered || patch.isRegistered === true) &&
  !sameEmail(current.email, patch.email);

/** Refuses the change when one of its fields needs a higher role than the actor's. */
function requireFieldRoles(ctx: RequestContext, current: CustomerRecord, patch: CustomerPatch) {
  // Shoppers reach updateCustomer only through /store/v1/me, whose schema has neither field.
  if (ctx.actor.role === null) return;
  const { enabled, email } = customerFieldRoles;
  if (
    patch.enabled !== undefined &&
    patch.enabled !== current.enabled &&
    !hasRole(ctx.actor.role, enabled.role)
  )
    throw customerErrors.fieldNeedsRole('enabled', enabled.role);
  if (movesAccountEmail(current, patch) && !hasRole(ctx.actor.role, email.role))
    throw customerErrors.fieldNeedsRole('email', email.role);
}

/**
 * After the store moved a registered customer's email: the timeline says who did it, and the
 * old address is told, so a takeover cannot pass unnoticed by the shopper.
 */
async function noticeEmailMoved(ctx: RequestContext, current: CustomerRecord, updated: CustomerRecord) {
  await recordEvent(ctx, updated.id, 'account.email_changed', {
    from: current.email,
    to: updated.email,
    by: 'store',
  });
  if (!current.isRegistered || !current.email || !updated.email) return;
  await enqueueEmail(
    ctx,
    { address: current.email, customerId: updated.id, site: await emailSiteFor(ctx, updated) },
    { template: 'emailChangedByStore', firstName: updated.firstName, newEmail: updated.email },
  );
}

/**
 * Checks a change beyond its schema and throws every bad field at once; answers it normalised,
 * with its custom attribute changes apart. A shopper (no admin role) writes only the attributes
 * marked shopperEditable.
 */
async function checkPatch(ctx: RequestContext, current: CustomerRecord, patch: CustomerPatch) {
  const errors = new FieldErrors();
  const { attributes: attributeInput, ...fields } = patch;
  const clean = normaliseFields(fields, errors, current.countryCode);
  checkIdentity({ ...current, ...clean }, errors);
  const shopper = ctx.actor.role === null;
  const attributes = await checkCustomerAttributes(
    ctx,
    attributeInput,
    { requireAll: false, shopper },
    errors,
  );
  errors.throwIfAny();
  return { clean, attributes };
}

/** The field checks of PATCH /customers/{id}, for a body that may also fail its schema. */
export async function checkCustomerPatch(ctx: RequestContext, id: string, patch: CustomerPatch) {
  const current = await customersRepository.find(ctx, id);
  if (current) await checkPatch(ctx, current, patch);
}

/**
 * The customer's own fields a `customer.updated` entry diffs. Tags and `enabled` are left out:
 * they have entries of their own (`customer.tags_added`/`removed`, `account.disabled`/`enabled`).
 */
const DIFFED_FIELDS = ['isRegistered', 'email', ...TEXT_FIELDS, 'phone'] as const;

/** What a change really changed, field by field, custom attributes as `attributes.<code>`. */
function customerChanges(before: CustomerRecord, after: CustomerRecord): FieldChange[] {
  return [
    ...fieldChanges(before, after, DIFFED_FIELDS),
    ...recordChanges(
      before.attributes as Record<string, unknown>,
      after.attributes as Record<string, unknown>,
      'attributes.',
    ),
  ];
}

/**
 * Changes a customer. With an expected version (the route reads it from If-Match), a change
 * based on an old read is refused (`customer.stale`).
 */
export async function updateCustomer(
  ctx: RequestContext,
  id: string,
  patch: CustomerPatch,
  version: number | null = null,
): Promise<Customer> {
  return inTransaction(ctx, async (trx) => {
    const current = await customersRepository.find(trx, id);
    if (!current) throw customerErrors.notFound();
    const { clean, attributes } = await checkPatch(trx, current, patch);
    requireFieldRoles(ctx, current, clean);
    if (version !== null && version !== current.version) throw customerErrors.stale();
    if (current.isRegistered && clean.isRegistered === false) throw customerErrors.cannotUnregister();
    const updated = await customersRepository
      .update(trx, id, clean, version, attributes)
      .catch(rethrowCustomerUnique);
    if (!updated) throw customerErrors.stale();
    const changes = customerChanges(current, updated);
    if (changes.length > 0) await recordEvent(trx, id, 'customer.updated', { changes });
    // Registering a guest here creates its account (no password; see the invite action).
    if (!current.isRegistered && updated.isRegistered) await createAccountFor(trx, updated);
    if (movesAccountEmail(current, clean)) await noticeEmailMoved(trx, current, updated);
    if (clean.tags) await recordTagChanges(trx, id, current.tags, updated.tags);
    // The same state change as POST …/disable and …/enable, so it leaves the same timeline entry.
    if (current.enabled && clean.enabled === false) {
      const sessionsEnded = await endAllSessions(trx, id);
      await recordEvent(trx, id, 'account.disabled', { reason: null, sessionsEnded });
    }
    if (!current.enabled && clean.enabled === true) {
      await setDisabledReason(trx, id, null);
      await recordEvent(trx, id, 'account.enabled');
    }
    return withAccount(trx, updated);
  });
}

/** Deletes the customer row; addresses go with it. Callers decide whether it may go (src/flows). */
export async function deleteCustomer(ctx: RequestContext, id: string): Promise<void> {
  if (!(await customersRepository.delete(ctx, id))) throw customerErrors.notFound();
}

/**
 * What a customer filter may name: the customer's own fields and what the other modules add
 * (ModuleSetup.customerFilters). The customer's own names win, so no module can redefine them.
 */
export async function customerFilterAttributesWith(
  ctx: RequestContext,
  moreFilters?: CustomerFilterSource,
): Promise<FilterAttributes> {
  return { ...(moreFilters ? await moreFilters(ctx) : {}), ...customerFilterAttributes(ctx) };
}

/** The grid's search fragment as the search text holds it (lower-cased), or null for none. */
export const searchFragment = (q: string | null | undefined): string | null =>
  q?.trim() ? q.trim().toLowerCase() : null;

/** A customer's active group codes as SQL on its id (the groups module's, for the grid; see listCustomers). */
export type GroupCodesColumn = (ctx: RequestContext, customerId: Expression<unknown>) => RawBuilder<string[]>;

/**
 * One page of the customer list: `q` substring search, `filter` expression, `sort` keys and
 * an opaque keyset cursor. The optional total is counted up to 10,000 only. A filtered page
 * may be partial (lib/list/plan.ts): fewer rows than asked and a cursor that goes on. `within`
 * is a filter the caller has parsed and checked already (a segment's, see flows/list-customers.ts),
 * ANDed with the query's own; the query's `segment` itself is not read here.
 */
export async function listCustomers(
  caller: RequestContext,
  query: CustomerListQuery,
  moreFilters?: CustomerFilterSource,
  within?: FilterNode,
  groupCodes?: GroupCodesColumn,
): Promise<Page<Customer & { groups?: string[] }>> {
  // A plain read: on the request's replica when it has one (lib/context.ts readDb).
  const ctx = forReading(caller);
  const own = query.filter?.trim() ? parseFilter(query.filter) : null;
  const [attributes, attributeSorts] = await Promise.all([
    customerFilterAttributesWith(ctx, moreFilters),
    query.sort?.includes('attributes.') ? attributeSortFields(ctx) : {},
  ]);
  // Compiled once here so a bad attribute, operator or value is a 400 before any statement runs.
  if (own) compileFilter(own, attributes);
  const filter: FilterNode | null =
    within && own ? { kind: 'and', left: within, right: own } : (within ?? own);
  const q = searchFragment(query.q);
  // The tenant's indexed custom attributes sort too, each on its own index (src/flows/custom-attributes.ts).
  const list = { ...customerList, sortFields: { ...customerList.sortFields, ...attributeSorts } };
  // Each customer's account (and, for the grid, its group codes) in the page's own statement: a
  // statement a page rather than three (each cost ~10% of the grid's throughput at a million).
  const pageColumns = (id: Expression<unknown>) => [
    accountSummaryColumn(ctx, id).as('account'),
    ...(groupCodes ? [groupCodes(ctx, id).as('groupCodes')] : []),
  ];
  return paginate(
    list,
    query,
    (window) => customersRepository.list(ctx, { filter, attributes, q, window, pageColumns }),
    async (rows) =>
      (rows as (CustomerRecord & { account: AccountSummaryJson | null; groupCodes?: string[] })[]).map(
        (row) => {
          const customer: Customer & { groups?: string[] } = customerToApi(
            row,
            row.account ? accountSummaryToApi(row.account) : null,
          );
          if (groupCodes) customer.groups = row.groupCodes ?? [];
          return customer;
        },
      ),
    (cap) => customersRepository.count(ctx, { filter, attributes, q }, cap),
    () => customersRepository.estimate(ctx, { filter, attributes, q }),
  );
}
