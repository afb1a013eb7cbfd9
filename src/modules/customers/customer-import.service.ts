import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { canCopyOut, copyCsvOut } from '../../db/copy-out.js';
import { inTransaction, type RequestContext } from '../../lib/context.js';
import { type FieldError, FieldErrors } from '../../lib/errors.js';
import { type FilterNode, parseFilter } from '../../lib/filter/filter-parser.js';
import { compileFilter } from '../../lib/filter/filter-sql.js';
import { newId } from '../../lib/ids.js';
import type { CustomerFilterSource } from '../../lib/module.js';
import { createAccountsFor } from '../accounts/accounts.service.js';
import type { Address, AddressInput } from '../addresses/addresses.schemas.js';
import {
  defaultBillingAddresses,
  defaultBillingCopyCells,
  defaultBillingCsv,
  insertDefaultAddresses,
  normaliseAddress,
  replaceDefaultAddresses,
} from '../addresses/addresses.service.js';
import { recordEvents } from '../events/events.service.js';
import { fieldChanges } from '../events/field-changes.js';
import { defaultCustomerSet } from '../tenants/tenants.service.js';
import { customerImportRepository, IMPORT_COLUMNS, type ImportColumn } from './customer-import.repository.js';
import { customersRepository } from './customers.repository.js';
import { type CustomerCreate, CustomerCreateSchema } from './customers.schemas.js';
import {
  checkIdentity,
  customerFilterAttributesWith,
  normaliseFields,
  searchFragment,
} from './customers.service.js';

export type ImportMode = 'create' | 'update' | 'upsert';
export type ImportMatch = 'email' | 'externalId';

/** One row of an import: the customer as POST /customers takes it, with at most one address. */
export interface ImportRow {
  line: number;
  customer: Omit<CustomerCreate, 'addresses' | 'attributes' | 'originSiteId' | 'customerSetId'>;
  address: AddressInput | null;
  /** The file's yes/no on email marketing, when it has the column (checked: a boolean). */
  acceptsMarketing?: boolean | string;
}

export interface ImportProblem {
  line: number;
  /** JSON Pointer into the row: `/email`, `/address/line1`; the caller names the file's column. */
  path: string;
  message: string;
}

export interface ImportBatchOutcome {
  created: number;
  updated: number;
  problems: ImportProblem[];
  /** Rows whose key repeated an earlier row of the batch (applied after it, or refused in create mode). */
  duplicates: number;
}

// The same validator as the routes': Ajv with its formats, all errors at once (src/app.ts).
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ allErrors: true, allowUnionTypes: true, strict: false }));
const checkCustomerShape = ajv.compile(CustomerCreateSchema);

const snake = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** A row's columns under the API's field names, as the timeline's diffs name them. */
const apiFields = (values: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(values).map(([column, value]) => [camel(column), value]));

/**
 * Checks one row with the rules of POST /customers: the TypeBox schema (through Ajv, as the
 * routes), then normaliseFields / checkIdentity / normaliseAddress. Answers the clean row or
 * every problem of it.
 */
export function checkImportRow(row: ImportRow): { row: ImportRow } | { problems: ImportProblem[] } {
  const body = { ...row.customer, ...(row.address ? { addresses: [row.address] } : {}) };
  const problems: ImportProblem[] = [];
  const at = (path: string) => path.replace(/^\/addresses\/0/, '/address');
  if (row.acceptsMarketing !== undefined && typeof row.acceptsMarketing !== 'boolean')
    problems.push({ line: row.line, path: '/acceptsMarketing', message: 'must be yes or no' });
  if (!checkCustomerShape(body)) {
    for (const error of checkCustomerShape.errors ?? []) {
      const missing = error.keyword === 'required' ? `/${String(error.params.missingProperty)}` : '';
      problems.push({
        line: row.line,
        path: at(`${error.instancePath}${missing}`),
        message: error.message ?? 'is invalid',
      });
    }
    return { problems };
  }
  const errors = new FieldErrors();
  const address = row.address ? normaliseAddress(row.address, errors, '/address') : null;
  const customer = normaliseFields(row.customer, errors, address?.countryCode ?? null);
  checkIdentity(customer, errors);
  try {
    errors.throwIfAny();
  } catch (error) {
    for (const e of (error as { errors?: FieldError[] }).errors ?? [])
      problems.push({ line: row.line, path: e.path, message: e.message });
  }
  if (problems.length > 0) return { problems };
  return {
    row: {
      line: row.line,
      customer,
      address,
      ...(row.acceptsMarketing === undefined ? {} : { acceptsMarketing: row.acceptsMarketing }),
    },
  };
}

const ALL_IMPORT_COLUMNS = Object.keys(IMPORT_COLUMNS) as ImportColumn[];
/** Each column's API field, worked out once: recordOf runs for every column of every row. */
const FIELD_OF = Object.fromEntries(ALL_IMPORT_COLUMNS.map((c) => [c, camel(c)])) as Record<
  ImportColumn,
  string
>;

const keyOf = (row: ImportRow, match: ImportMatch) => {
  const value = match === 'email' ? row.customer.email : row.customer.externalId;
  return value ? (match === 'email' ? value.toLowerCase() : value) : null;
};

/** The row as json_to_recordset columns; `columns` limits an update to the file's columns. */
function recordOf(row: ImportRow, id: string, columns?: readonly ImportColumn[]) {
  const record: Record<string, unknown> = { id };
  for (const column of columns ?? ALL_IMPORT_COLUMNS) {
    record[column] = (row.customer as Record<string, unknown>)[FIELD_OF[column]] ?? null;
  }
  return record;
}

/**
 * Writes one batch of checked rows in the caller's transaction, set-based: one query finds the
 * customers the keys match, one INSERT … SELECT FROM jsonb_to_recordset creates the new ones
 * (with their accounts and default addresses, one statement each), one UPDATE … FROM changes
 * the matched ones. `fileColumns` are the customer fields the file has: an update changes those
 * and leaves the rest. A key repeated within the batch is written after its first row (the
 * later row wins, as it would in a later batch); in create mode it is refused. With `dryRun`
 * nothing is written, the outcome is the same.
 */
export async function importCustomerBatch(
  ctx: RequestContext,
  rows: readonly ImportRow[],
  options: { mode: ImportMode; match: ImportMatch; dryRun: boolean; fileColumns: readonly string[] },
): Promise<ImportBatchOutcome> {
  const outcome: ImportBatchOutcome = { created: 0, updated: 0, problems: [], duplicates: 0 };
  const updatable = options.fileColumns
    .map(snake)
    // Registering a guest takes an invite (it makes the account and takes over guests), not an import.
    .filter((c): c is ImportColumn => c in IMPORT_COLUMNS && c !== 'is_registered');
  const set = await defaultCustomerSet(ctx);
  const problem = (row: ImportRow, path: string, message: string) =>
    outcome.problems.push({ line: row.line, path, message });

  // Rounds: each holds a key once, so a repeated key is written after the row before it.
  let pending = [...rows];
  while (pending.length > 0) {
    const round: ImportRow[] = [];
    const later: ImportRow[] = [];
    const firstLine = new Map<string, number>();
    for (const row of pending) {
      const key = keyOf(row, options.match);
      const earlier = key === null ? undefined : firstLine.get(key);
      if (earlier !== undefined) {
        outcome.duplicates++;
        if (options.mode === 'create')
          problem(
            row,
            `/${options.match}`,
            `repeats the ${options.match} of line ${earlier} (create mode keeps the first)`,
          );
        else later.push(row);
        continue;
      }
      if (key !== null) firstLine.set(key, row.line);
      round.push(row);
    }
    await writeRound(ctx, round, set.id, updatable, options, outcome, problem);
    pending = later;
  }
  return outcome;
}

async function writeRound(
  ctx: RequestContext,
  rows: readonly ImportRow[],
  customerSetId: string,
  updatable: readonly ImportColumn[],
  options: { mode: ImportMode; match: ImportMatch; dryRun: boolean },
  outcome: ImportBatchOutcome,
  problem: (row: ImportRow, path: string, message: string) => void,
) {
  // Create mode only refuses a row whose key exists, and the insert itself finds those (see
  // insertMany); the other modes need each match's id first. A dry run writes nothing, so it looks.
  const keysInInsert = options.mode === 'create' && !options.dryRun;
  // A new row refused for the very key it is matched by says so in the same words whichever check
  // finds it (the lookup, the unique-key checks below or the insert), so a dry run reports it as
  // the real run does.
  const exists = `a customer with this ${options.match} exists`;
  const keys = keysInInsert ? [] : rows.flatMap((row) => keyOf(row, options.match) ?? []);
  const existing = new Map(
    (await customerImportRepository.matches(ctx, options.match, keys)).map((m) => [m.key, m]),
  );
  const creates: ImportRow[] = [];
  const updates: { row: ImportRow; id: string }[] = [];
  for (const row of rows) {
    const key = keyOf(row, options.match);
    const found = key === null ? undefined : existing.get(key);
    if (found && options.mode === 'create') problem(row, `/${options.match}`, exists);
    else if (found) updates.push({ row, id: found.id });
    else if (options.mode === 'update')
      problem(
        row,
        `/${options.match}`,
        key === null ? `is needed to find the customer to update` : `no customer has this ${options.match}`,
      );
    else creates.push(row);
  }
  // The unique indexes' rules, checked for the whole round before writing: one registered
  // customer per email in the set (docs/accounts.md), one customer per external id.
  const registered = await customerImportRepository.registeredEmails(
    ctx,
    customerSetId,
    [...creates, ...updates.map((u) => u.row)]
      .filter((r) => r.customer.isRegistered)
      .flatMap((r) => r.customer.email?.toLowerCase() ?? []),
  );
  const externalIds = await customerImportRepository.takenExternalIds(
    ctx,
    [...creates, ...updates.map((u) => u.row)].flatMap((r) => r.customer.externalId ?? []),
  );
  const allowed = (row: ImportRow, id: string | null) => {
    const email = row.customer.email?.toLowerCase();
    if (row.customer.isRegistered && email && registered.has(email) && id === null) {
      problem(
        row,
        '/email',
        options.match === 'email' ? exists : 'a registered customer of this customer set has this email',
      );
      return false;
    }
    const holder = row.customer.externalId ? externalIds.get(row.customer.externalId) : undefined;
    if (holder !== undefined && holder !== id) {
      problem(
        row,
        '/externalId',
        options.match === 'externalId' && id === null ? exists : 'another customer has this external id',
      );
      return false;
    }
    return true;
  };
  const toCreate = creates.filter((row) => allowed(row, null)).map((row) => ({ row, id: newId() }));
  const toUpdate = updates.filter(({ row, id }) => allowed(row, id));
  outcome.updated += toUpdate.length;
  if (options.dryRun) {
    outcome.created += toCreate.length;
    return;
  }
  await inTransaction(ctx, async (trx) => {
    const created = await insertNewCustomers(
      trx,
      customerSetId,
      toCreate,
      keysInInsert ? options.match : undefined,
    );
    outcome.created += created.length;
    if (created.length < toCreate.length) {
      const made = new Set(created.map(({ id }) => id));
      for (const { row, id } of toCreate) if (!made.has(id)) problem(row, `/${options.match}`, exists);
    }
    // One statement for the batch; the actor is the import's (the system in the worker and the CLI).
    await recordEvents(
      trx,
      'customer.created',
      created.map(({ row, id }) => ({
        customerId: id,
        data: { isRegistered: row.customer.isRegistered ?? false, customerSetId, via: 'import' },
      })),
    );
    const updated = await customerImportRepository.updateMany(
      trx,
      updatable,
      toUpdate.map(({ row, id }) => recordOf(row, id, updatable)),
    );
    // Each changed customer's fields before and after, as a PATCH records them (one statement).
    await recordEvents(
      trx,
      'customer.updated',
      updated.flatMap(({ id, before, after }) => {
        const changes = fieldChanges(apiFields(before), apiFields(after), updatable.map(camel));
        return changes.length > 0 ? [{ customerId: id, data: { changes, via: 'import' } }] : [];
      }),
    );
    // A matched customer's address: the row's becomes its default billing address (in place).
    const moved = toUpdate.flatMap(({ row, id }) =>
      row.address ? [{ customerId: id, address: row.address }] : [],
    );
    await replaceDefaultAddresses(trx, moved);
    await customerImportRepository.setLocations(
      trx,
      moved.map(({ customerId, address }) => ({
        id: customerId,
        country_code: address.countryCode,
        state_code: address.stateCode ?? null,
      })),
    );
  });
}

/** A new customer of a bulk write: its id, the checked row, and (the seeder's) creation time and site. */
export interface NewCustomer {
  id: string;
  row: ImportRow;
  createdAt?: Date;
  originSiteId?: string;
}

/**
 * The bulk write path of imports and of `clientele seed`: new customers (checked already) with
 * the accounts of the registered ones and their default addresses, three set-based statements
 * in one transaction, whatever the batch size. The contacts triggers make their contacts. With
 * `unlessExists`, a row whose email (or external id) a customer has is left out. Answers the
 * customers it made.
 */
export async function insertNewCustomers(
  ctx: RequestContext,
  customerSetId: string,
  given: readonly NewCustomer[],
  unlessExists?: ImportMatch,
): Promise<readonly NewCustomer[]> {
  if (given.length === 0) return [];
  return inTransaction(ctx, async (trx) => {
    const inserted = await customerImportRepository.insertMany(
      trx,
      customerSetId,
      given.map(({ row, id, createdAt, originSiteId }) => ({
        ...recordOf(row, id),
        country_code: row.address?.countryCode ?? null,
        state_code: row.address?.stateCode ?? null,
        origin_site_id: originSiteId ?? null,
        created_at: createdAt?.toISOString() ?? null,
      })),
      unlessExists,
    );
    const rows = inserted.size === given.length ? given : given.filter(({ id }) => inserted.has(id));
    await createAccountsFor(
      trx,
      rows.flatMap(({ row, id }) =>
        row.customer.isRegistered && row.customer.email
          ? [{ id, customerSetId, email: row.customer.email }]
          : [],
      ),
    );
    await insertDefaultAddresses(
      trx,
      rows.flatMap(({ row, id, createdAt }) =>
        row.address ? [{ customerId: id, address: row.address, ...(createdAt ? { createdAt } : {}) }] : [],
      ),
    );
    return rows;
  });
}

/**
 * After a bulk write (a big import, the seeder): merges the trigram index's pending entries (every
 * search reads the whole pending list) and refreshes the planner's statistics, on which the list
 * plans and an export's page reads choose (PGlite has no autovacuum, PostgreSQL's comes later).
 */
export async function afterBulkWrite(ctx: RequestContext): Promise<void> {
  await customerImportRepository.flushPendingIndexEntries(ctx);
  await customerImportRepository.analyze(ctx);
}

/** A customer as an export writes it: its fields and its default billing address. */
export type ExportedCustomer = Awaited<ReturnType<typeof customersRepository.exportPage>>[number] & {
  defaultAddress: Address | null;
};

/** What an export reads: the query's filter joined with a segment's, checked, and its search. */
async function exportSpec(
  ctx: RequestContext,
  query: { q?: string | null; filter?: string | null },
  moreFilters: CustomerFilterSource | undefined,
  within: FilterNode | undefined,
) {
  const own = query.filter?.trim() ? parseFilter(query.filter) : null;
  const attributes = await customerFilterAttributesWith(ctx, moreFilters);
  if (own) compileFilter(own, attributes);
  const filter: FilterNode | null =
    within && own ? { kind: 'and', left: within, right: own } : (within ?? own);
  return { filter, attributes, q: searchFragment(query.q) };
}

export type ExportQuery = { q?: string | null; filter?: string | null; ids?: readonly string[] };

/**
 * Every customer matching `q` and `filter` (and `within`, a segment's checked filter), a page
 * of `pageSize` at a time in id order: memory holds one page whatever the tenant's size.
 */
export async function* customersToExport(
  ctx: RequestContext,
  query: ExportQuery,
  moreFilters: CustomerFilterSource | undefined,
  within: FilterNode | undefined,
  pageSize = 5000,
): AsyncGenerator<ExportedCustomer[]> {
  const spec = await exportSpec(ctx, query, moreFilters, within);
  let after: string | null = null;
  for (;;) {
    const page = await customersRepository.exportPage(ctx, spec, after, pageSize, query.ids);
    // The page's addresses in one statement, not a subquery a row: the export's cost per row.
    const addresses = await defaultBillingAddresses(
      ctx,
      page.map((c) => c.id),
    );
    if (page.length > 0) yield page.map((c) => ({ ...c, defaultAddress: addresses.get(c.id) ?? null }));
    if (page.length < pageSize) return;
    after = (page[page.length - 1] as ExportedCustomer).id;
  }
}

/**
 * The CSV export as PostgreSQL's COPY writes it, streamed from the database (src/db/copy-out.ts):
 * one statement, no row passing through JavaScript. Null where the database cannot stream COPY
 * out (the embedded engine): customersToExportCsv pages it there, cell for cell the same.
 */
export async function customersExportCopy(
  ctx: RequestContext,
  query: ExportQuery,
  moreFilters: CustomerFilterSource | undefined,
  within: FilterNode | undefined,
  columns: readonly string[],
  signal?: AbortSignal,
) {
  if (!canCopyOut(ctx.db)) return null;
  const spec = await exportSpec(ctx, query, moreFilters, within);
  const fields = columns.filter((c) => c.startsWith('address.')).map((c) => c.slice('address.'.length));
  const billing = fields.length > 0 ? defaultBillingCopyCells(ctx, fields) : null;
  return copyCsvOut(
    ctx.db,
    customersRepository.exportCopyQuery(ctx, spec, query.ids, columns, billing),
    signal,
  );
}

/**
 * The CSV export's lines (`columns`: export column names, the address ones `address.<field>`,
 * contiguous), a page at a time, written by PostgreSQL (lib/csv.ts sqlCsvCell): the same cells
 * as the JS path, at the database's speed. Each chunk ends in CRLF.
 */
export async function* customersToExportCsv(
  ctx: RequestContext,
  query: ExportQuery,
  moreFilters: CustomerFilterSource | undefined,
  within: FilterNode | undefined,
  columns: readonly string[],
  pageSize = 5000,
): AsyncGenerator<{ rows: number; text: string }> {
  const spec = await exportSpec(ctx, query, moreFilters, within);
  const first = columns.findIndex((c) => c.startsWith('address.'));
  const fields = columns.filter((c) => c.startsWith('address.')).map((c) => c.slice('address.'.length));
  const head = first < 0 ? columns : columns.slice(0, first);
  const tail = first < 0 ? [] : columns.slice(first + fields.length);
  const noAddress = ','.repeat(Math.max(0, fields.length - 1));
  const read = (after: string | null) => {
    const reading = customersRepository.exportCsvPage(ctx, spec, after, pageSize, query.ids, { head, tail });
    // Handled here: a page read ahead and never awaited (the consumer stopped) must not end the process.
    reading.catch(() => {});
    return reading;
  };
  let next = read(null);
  for (;;) {
    const page = await next;
    // The next page is read (on another connection) while this one's addresses are read and written.
    if (page.length === pageSize) next = read((page[page.length - 1] as { id: string }).id);
    const addresses =
      fields.length > 0
        ? await defaultBillingCsv(
            ctx,
            page.map((c) => c.id),
            fields,
          )
        : new Map<string, string>();
    if (page.length > 0) {
      const lines = page.map((c) => {
        const parts: string[] = [];
        if (head.length > 0) parts.push(c.head);
        if (fields.length > 0) parts.push(addresses.get(c.id) ?? noAddress);
        if (tail.length > 0) parts.push(c.tail);
        return parts.join(',');
      });
      yield { rows: page.length, text: `${lines.join('\n')}\n` };
    }
    if (page.length < pageSize) return;
  }
}
