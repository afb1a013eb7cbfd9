import { inTransaction, type RequestContext } from '../../lib/context.js';
import { violatedUniqueIndex } from '../../lib/db-errors.js';
import { FieldErrors } from '../../lib/errors.js';
import { parseFilter } from '../../lib/filter/filter-parser.js';
import { compileFilter } from '../../lib/filter/filter-sql.js';
import { newId } from '../../lib/ids.js';
import {
  decodeCursor,
  encodeCursor,
  keyValue,
  type Page,
  parseSort,
  TOTAL_CAP,
} from '../../lib/list/list-builder.js';
import { toE164 } from '../../lib/phone.js';
import { createAccountFor } from '../accounts/account-creation.js';
import { accountsRepository } from '../accounts/accounts.repository.js';
import type { AccountSummary } from '../accounts/accounts.schemas.js';
import { accountSummaries, endAllSessions } from '../accounts/accounts.service.js';
import { addressToApi, insertAddresses, normaliseAddress } from '../addresses/addresses.service.js';
import { defaultCustomerSet, findCustomerSet, getSite } from '../tenants/tenants.service.js';
import { customerErrors } from './customers.errors.js';
import {
  type CustomerRecord,
  customerFilterAttributes,
  customerSortFields,
  customersRepository,
} from './customers.repository.js';
import {
  type Customer,
  type CustomerCreate,
  type CustomerDetail,
  type CustomerListQuery,
  type CustomerPatch,
  customerSort,
} from './customers.schemas.js';

export const DEFAULT_SORT = customerSort.default;
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
    firstOrderAt: row.firstOrderAt ? new Date(row.firstOrderAt).toISOString() : null,
    lastOrderAt: row.lastOrderAt ? new Date(row.lastOrderAt).toISOString() : null,
    registeredCustomerId: row.registeredCustomerId,
    account,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
    etag: etagOf(row.version),
  };
}

/** Trims text, turns blanks into null, normalises phone to E.164 and de-duplicates tags. */
function normaliseFields<T extends CustomerPatch>(
  input: T,
  errors: FieldErrors,
  phoneRegion: string | null,
): T {
  const out = { ...input };
  for (const key of TEXT_FIELDS) {
    const value = input[key];
    if (typeof value === 'string') out[key] = value.trim() === '' ? null : value.trim();
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
  if (input.tags) out.tags = [...new Set(input.tags.map((t) => t.trim()).filter(Boolean))];
  return out;
}

function checkIdentity(
  customer: Pick<CustomerCreate, 'firstName' | 'lastName' | 'email' | 'companyName' | 'isRegistered'>,
  errors: FieldErrors,
) {
  if (!customer.firstName && !customer.lastName && !customer.email && !customer.companyName) {
    errors.add('/lastName', 'give at least a name, an email or a company name');
  }
  if (customer.isRegistered && !customer.email) errors.add('/email', 'is required for a registered customer');
}

export const rethrowCustomerUnique = (error: unknown): never => {
  const index = violatedUniqueIndex(error);
  if (index === 'customers_registered_email') throw customerErrors.emailTaken();
  if (index === 'customers_external_id') throw customerErrors.externalIdTaken();
  throw error;
};

/** One customer as the API shows it, with its account state. */
async function withAccount(ctx: RequestContext, row: CustomerRecord): Promise<Customer> {
  const accounts = row.isRegistered ? await accountSummaries(ctx, [row.id]) : new Map();
  return customerToApi(row, accounts.get(row.id) ?? null);
}

/**
 * Creates a customer (and its addresses) in one transaction. The customer set comes from the
 * request, else from the origin site, else the tenant's default set. A registered customer
 * gets an account without a password (username = email unless `options.username`): an invite,
 * a password reset or the storefront registration sets it.
 */
export async function createCustomer(
  ctx: RequestContext,
  input: CustomerCreate,
  options: { username?: string } = {},
): Promise<CustomerDetail> {
  const errors = new FieldErrors();
  const site = input.originSiteId ? await getSite(ctx, input.originSiteId).catch(() => null) : null;
  if (input.originSiteId && !site) errors.add('/originSiteId', 'is not a site of this tenant');
  const set = input.customerSetId ? await findCustomerSet(ctx, input.customerSetId) : null;
  if (input.customerSetId && !set) errors.add('/customerSetId', 'is not a customer set of this tenant');
  const region = input.addresses?.[0]?.countryCode ?? site?.countryCode ?? null;
  const { addresses: addressInputs = [], originSiteId, customerSetId, ...fields } = input;
  const clean = normaliseFields(fields, errors, region);
  checkIdentity(clean, errors);
  const addresses = addressInputs.map((a, i) => normaliseAddress(a, errors, `/addresses/${i}`));
  errors.throwIfAny();

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
      })
      .catch(rethrowCustomerUnique);
    if (row.isRegistered) await createAccountFor(trx, row, options.username);
    const inserted = await insertAddresses(trx, row.id, addresses);
    const billing = inserted.find((a) => a.isDefaultBilling);
    const customer = {
      ...row,
      countryCode: billing?.countryCode ?? null,
      stateCode: billing?.stateCode ?? null,
    };
    return { ...(await withAccount(trx, customer)), addresses: inserted.map(addressToApi) };
  });
}

export async function getCustomer(ctx: RequestContext, id: string): Promise<CustomerDetail> {
  const row = await customersRepository.findWithAddresses(ctx, id);
  if (!row) throw customerErrors.notFound();
  const { addresses, ...customer } = row;
  return {
    ...(await withAccount(ctx, customer)),
    addresses: addresses.map((a) =>
      addressToApi({ ...a, createdAt: new Date(a.createdAt), updatedAt: new Date(a.updatedAt) }),
    ),
  };
}

/** Reads `If-Match`: an etag from this API (`"3"`, `W/"3"`), or `*`/absent for "any version". */
function expectedVersion(ifMatch: string | undefined): number | null {
  if (ifMatch === undefined || ifMatch.trim() === '*') return null;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(ifMatch);
  if (!match) throw customerErrors.badEtag();
  return Number(match[1]);
}

/** Changes a customer. With If-Match, a change based on an old read is refused (412). */
export async function updateCustomer(
  ctx: RequestContext,
  id: string,
  patch: CustomerPatch,
  ifMatch?: string,
): Promise<Customer> {
  const version = expectedVersion(ifMatch);
  return inTransaction(ctx, async (trx) => {
    const current = await customersRepository.find(trx, id);
    if (!current) throw customerErrors.notFound();
    const errors = new FieldErrors();
    const clean = normaliseFields(patch, errors, current.countryCode);
    checkIdentity({ ...current, ...clean }, errors);
    errors.throwIfAny();
    if (version !== null && version !== current.version) throw customerErrors.stale();
    if (current.isRegistered && clean.isRegistered === false) throw customerErrors.cannotUnregister();
    const updated = await customersRepository.update(trx, id, clean, version).catch(rethrowCustomerUnique);
    if (!updated) throw customerErrors.stale();
    // Registering a guest here creates its account (no password; see the invite action).
    if (!current.isRegistered && updated.isRegistered) await createAccountFor(trx, updated);
    if (current.enabled && clean.enabled === false) await endAllSessions(trx, id);
    if (!current.enabled && clean.enabled === true) await accountsRepository.setDisabledReason(trx, id, null);
    return withAccount(trx, updated);
  });
}

export async function deleteCustomer(ctx: RequestContext, id: string): Promise<void> {
  if (!(await customersRepository.delete(ctx, id))) throw customerErrors.notFound();
}

/**
 * One page of the customer list: `q` substring search, `filter` expression, `sort` keys and
 * an opaque keyset cursor. The optional total is counted up to 10,000 only.
 */
export async function listCustomers(ctx: RequestContext, query: CustomerListQuery): Promise<Page<Customer>> {
  const keys = parseSort(query.sort, customerSortFields, DEFAULT_SORT);
  const after = query.cursor ? decodeCursor(query.cursor, keys) : null;
  const filter = query.filter?.trim()
    ? compileFilter(parseFilter(query.filter), customerFilterAttributes(ctx))
    : null;
  const q = query.q?.trim() ? query.q.trim().toLowerCase() : null;
  const limit = query.limit ?? 50;
  const [rows, total] = await Promise.all([
    customersRepository.list(ctx, { filter, q, keys, after, limit }),
    query.includeTotal ? customersRepository.count(ctx, { filter, q }, TOTAL_CAP) : Promise.resolve(null),
  ]);
  const page = rows.slice(0, limit);
  const last = page.at(-1) as (CustomerRecord & Record<string, unknown>) | undefined;
  const nextCursor =
    rows.length > limit && last
      ? encodeCursor(
          keys,
          keys.map((key, i) =>
            keyValue(last[key.field.type === 'timestamptz' ? `c${i}` : `k${i}`], key.field.type),
          ),
          last.id,
        )
      : null;
  const accounts = await accountSummaries(
    ctx,
    page.filter((row) => row.isRegistered).map((row) => row.id),
  );
  return {
    data: page.map((row) => customerToApi(row as CustomerRecord, accounts.get(row.id) ?? null)),
    nextCursor,
    ...(total === null ? {} : total > TOTAL_CAP ? { total: TOTAL_CAP, totalIsLowerBound: true } : { total }),
  };
}
