import { newId } from '../src/lib/ids.js';
import { encodeCursor, parseSort } from '../src/lib/list/list-builder.js';
import { customerSortFields } from '../src/modules/customers/customers.repository.js';
import type { CustomerCreate, CustomerListQuery } from '../src/modules/customers/customers.schemas.js';
import { createCustomer, getCustomer, listCustomers } from '../src/modules/customers/customers.service.js';
import { CUSTOMER_UPDATE_SCENARIOS, customerUpdateScenario } from './customer-update.js';
import type { OrderLoad } from './order-body.js';
import { orderScenario } from './orders.js';
import type { CapturedQuery, QueryCapture } from './sql.js';
import { substitute } from './sql.js';

export const SCENARIOS = [
  'grid-first-page',
  'grid-deep-cursor',
  'grid-total-spent',
  'grid-total-spent-deep',
  'search',
  'filter',
  'filter-sort-range',
  'filter-none',
  'filter-rare',
  'filter-tenth',
  'filter-most',
  'filter-three',
  'filter-suffix',
  'search-mix',
  'get-by-id',
  'create',
  'orders',
  'orders-guest',
] as const;
/**
 * Run only when named in --scenarios: sign-in is bounded by argon2, not by SQL or the route, so it
 * has its own floor (verifications a second), its own concurrency, and keeps every core busy.
 */
export const OPT_IN_SCENARIOS = ['signin', 'transfer', 'export', 'metrics'] as const;
/** Issue #13's (bench/belonging.ts): run when named, since they add a group, a segment and shoppers. */
export const BELONGING_SCENARIOS = [
  'segment-preview',
  'segment-members',
  'segment-members-deep',
  'me-plain',
  'me-belonging',
] as const;
/** Issue 16's (bench/customer-update.ts): run when named, since they change seeded customers. */
export { CUSTOMER_UPDATE_SCENARIOS };
export type ScenarioName =
  | (typeof SCENARIOS)[number]
  | (typeof OPT_IN_SCENARIOS)[number]
  | (typeof BELONGING_SCENARIOS)[number]
  | (typeof CUSTOMER_UPDATE_SCENARIOS)[number];

/** Rare fragments (few matches, late or early in last-name order) alternate with common ones. */
export const SEARCH_FRAGMENTS = ['zque', 'mail', 'qvist', 'son'] as const;
export const FILTER = 'country eq "US" and isRegistered eq true';

/**
 * Issue #12's search mix, chosen before looking at the data: one- and two-letter fragments, rare
 * and common longer ones, name and email prefixes, email domains and phone digits.
 */
export const SEARCH_MIX = [
  'a',
  'x',
  'qz',
  'jo',
  'qvist',
  'zzyx',
  'xylo',
  'kowal',
  'son',
  'ber',
  'mar',
  'smi',
  'anna.k',
  'gmail',
  '@yahoo',
  '.cz',
  '420',
  '7700',
] as const;

/** Issue #12's fixed filters; the selectivity ones come from the data (Fixtures.selectivity). */
export const FILTERS_12 = {
  sortRange: { sort: 'lastName', filter: 'lastName ge "M"' },
  none: { filter: 'countryCode eq "NZ"' },
  three: { sort: '-totalSpent', filter: 'countryCode eq "US" and ordersCount ge 3 and lastName sw "b"' },
  suffix: { filter: 'email ew ".cz"' },
} as const;

/** One request of a scenario: the service's URL and the statements the service ran for it. */
export interface Variant {
  label: string;
  path: string;
  queries: CapturedQuery[];
}

export interface Scenario {
  name: ScenarioName;
  method: 'GET' | 'POST' | 'PATCH';
  /** Requests used in turn; the floors run each variant's statements. */
  variants: Variant[];
  /** For writes: the statements of a new request, for one transaction, with fresh ids and email. */
  write?: () => CapturedQuery[];
  /** Orders: only the order's own rows and the metrics UPDATE; customer-update: the UPDATE and its event. */
  inserts?: () => CapturedQuery[];
  /** What the floor route answers: the last statement's rows, or only the first row (one customer). */
  single: boolean;
  /** What the load worker posts (default `new-customer`). */
  body?: 'new-customer' | 'new-order';
  /** Fixed JSON bodies, one per variant, posted in turn with the paths (segment previews). */
  bodies?: string[];
  /** The service's request headers instead of the owner's Bearer (the storefront's site key and shopper). */
  headers?: Record<string, string>;
  order?: OrderLoad;
  /** HTTP connections and floor loops when the scenario has its own (orders: --orders-concurrency). */
  concurrency?: number;
}

export interface Fixtures {
  tenantId: string;
  ids: string[];
  middleKeys: { key: string; id: string }[];
  /** Total-spent sort keys in the middle of the `-totalSpent` order, for its deep cursor pages. */
  totalSpentKeys: { key: number; id: string }[];
  /** Filters matching about 0.1%, 10% and 90% of the customers, with their exact shares. */
  selectivity: Record<'rare' | 'tenth' | 'most', { filter: string; share: number }> | null;
  /** Orders: the site to place them on and the customers to place them for (in turn). */
  order: { siteId: string; customerIds: string[]; concurrency: number } | null;
}

const LIST = '/admin/v1/customers';
const lastNameKeys = parseSort('lastName', customerSortFields, 'lastName');
/** The grid sorted by total spent, highest first (index customers_sort_total_spent, read backwards). */
const TOTAL_SPENT_SORT = '-totalSpent';
const totalSpentKeys = parseSort(TOTAL_SPENT_SORT, customerSortFields, 'lastName');

const listPath = (query: CustomerListQuery) => {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
  return `${LIST}?${params.toString()}`;
};

/**
 * Builds the scenarios, capturing for each request the exact SQL the service runs (the
 * floors replay it). Captures run the service once per distinct request shape.
 */
export async function buildScenarios(
  names: ScenarioName[],
  capture: QueryCapture,
  fixtures: Fixtures,
  runId: string,
): Promise<Scenario[]> {
  const { tenantId } = fixtures;
  const list = async (label: string, query: CustomerListQuery): Promise<Variant> => {
    const { queries } = await capture.capture(tenantId, (ctx) => listCustomers(ctx, query));
    return { label, path: listPath(query), queries };
  };
  const scenarios: Scenario[] = [];
  for (const name of names) {
    switch (name) {
      case 'grid-first-page':
        scenarios.push(read(name, [await list('first page', { sort: 'lastName', limit: 50 })]));
        break;
      case 'grid-deep-cursor': {
        const variants: Variant[] = [];
        for (const { key, id } of fixtures.middleKeys) {
          const cursor = encodeCursor(lastNameKeys, [key], id);
          variants.push(await list(`after ${key}`, { sort: 'lastName', limit: 50, cursor }));
        }
        scenarios.push(read(name, variants));
        break;
      }
      case 'grid-total-spent':
        scenarios.push(read(name, [await list('first page', { sort: TOTAL_SPENT_SORT, limit: 50 })]));
        break;
      case 'grid-total-spent-deep': {
        const variants: Variant[] = [];
        for (const { key, id } of fixtures.totalSpentKeys) {
          const cursor = encodeCursor(totalSpentKeys, [key], id);
          variants.push(await list(`after ${key}`, { sort: TOTAL_SPENT_SORT, limit: 50, cursor }));
        }
        scenarios.push(read(name, variants));
        break;
      }
      case 'search': {
        const variants: Variant[] = [];
        for (const q of SEARCH_FRAGMENTS) variants.push(await list(q, { q, sort: 'lastName', limit: 50 }));
        scenarios.push(read(name, variants));
        break;
      }
      case 'filter':
        scenarios.push(read(name, [await list(FILTER, { filter: FILTER, sort: 'lastName', limit: 50 })]));
        break;
      case 'filter-sort-range':
      case 'filter-none':
      case 'filter-three':
      case 'filter-suffix': {
        const key = { 'filter-sort-range': 'sortRange', 'filter-none': 'none', 'filter-three': 'three' }[
          name as string
        ] as keyof typeof FILTERS_12 | undefined;
        const query = FILTERS_12[key ?? 'suffix'];
        scenarios.push(read(name, [await list(query.filter, { ...query, limit: 50 })]));
        break;
      }
      case 'filter-rare':
      case 'filter-tenth':
      case 'filter-most': {
        const which = ({ 'filter-rare': 'rare', 'filter-tenth': 'tenth', 'filter-most': 'most' } as const)[
          name
        ];
        const { filter, share } = fixtures.selectivity![which];
        const label = `${filter} (${(share * 100).toFixed(2)}%)`;
        scenarios.push(read(name, [await list(label, { filter, limit: 50 })]));
        break;
      }
      case 'search-mix': {
        const variants: Variant[] = [];
        for (const q of SEARCH_MIX) variants.push(await list(q, { q, sort: 'lastName', limit: 50 }));
        scenarios.push(read(name, variants));
        break;
      }
      case 'get-by-id': {
        // Capture once, then swap the id: the statement is the same for every customer.
        const [first] = fixtures.ids;
        const { queries } = await capture.capture(tenantId, (ctx) => getCustomer(ctx, first!));
        const variants = fixtures.ids.map((id) => ({
          label: id,
          path: `${LIST}/${id}`,
          queries: substitute(queries, new Map([[first, id]])),
        }));
        scenarios.push({ ...read(name, variants), single: true });
        break;
      }
      case 'create':
        scenarios.push(await createScenario(capture, tenantId, runId));
        break;
      case 'customer-update':
      case 'customer-update-same':
        scenarios.push(await customerUpdateScenario(name, capture, tenantId, fixtures.ids.slice(0, 1000)));
        break;
      case 'orders':
      case 'orders-guest': {
        const order = fixtures.order!;
        const load = { siteId: order.siteId, customerIds: name === 'orders' ? order.customerIds : [] };
        scenarios.push(await orderScenario(name, capture, tenantId, load, runId, order.concurrency));
        break;
      }
    }
  }
  return scenarios;
}

const read = (name: ScenarioName, variants: Variant[]): Scenario => ({
  name,
  method: 'GET',
  variants,
  single: false,
});

/** The body the load worker posts (http-load-worker.ts builds the same shape per request). */
const sampleCustomer = (email: string): CustomerCreate => ({
  firstName: 'Ada',
  lastName: 'Lovelace',
  email,
  isRegistered: true,
  phone: '+12125550100',
  tags: ['bench'],
  addresses: [
    { line1: '1 Main Street', city: 'New York', postalCode: '10001', countryCode: 'US', stateCode: 'US-NY' },
  ],
});

async function createScenario(capture: QueryCapture, tenantId: string, runId: string): Promise<Scenario> {
  const email = `bench.${runId}.capture@example.net`;
  const { result, queries } = await capture.capture(tenantId, (ctx) =>
    createCustomer(ctx, sampleCustomer(email)),
  );
  const addressId = result.addresses[0]!.id;
  let n = 0;
  return {
    name: 'create',
    method: 'POST',
    variants: [{ label: 'new customer', path: LIST, queries }],
    single: true,
    write: () =>
      substitute(
        queries,
        new Map<unknown, unknown>([
          [result.id, newId()],
          [addressId, newId()],
          [email, `floor.${runId}.${n++}@example.net`],
        ]),
      ),
  };
}
