import type { RequestContext } from '../../lib/context.js';
import { type FilterNode, parseFilter } from '../../lib/filter/filter-parser.js';
import { compileFilter } from '../../lib/filter/filter-sql.js';
import { TOTAL_CAP } from '../../lib/list/limits.js';
import { parseSort } from '../../lib/list/list-builder.js';
import type { CustomerFilterSource } from '../../lib/module.js';
import { attributeSortFields } from '../attributes/attributes.service.js';
import { customerRecordsRepository } from './customer-records.repository.js';
import { customerList, customersRepository } from './customers.repository.js';
import { customerFilterAttributesWith, searchFragment } from './customers.service.js';

// Customer filters as other modules use them (segments): checked, counted, and the tenant's total
// to compare a count with. Pages of customers are listCustomers' (customers.service.ts).

/**
 * Parses and compiles a customer filter against every attribute the enabled modules add, and
 * answers its tree; throws a FilterError at the position of the first fault.
 */
export async function checkCustomerFilter(
  ctx: RequestContext,
  text: string,
  moreFilters?: CustomerFilterSource,
): Promise<FilterNode> {
  const node = parseFilter(text);
  compileFilter(node, await customerFilterAttributesWith(ctx, moreFilters));
  return node;
}

/**
 * Checks a customer-grid `sort` as the list would parse it (the grid's fields and the tenant's
 * indexed custom attributes); throws the list's 400 naming `/sort` for a field it cannot sort by.
 */
export async function checkCustomerSort(ctx: RequestContext, sort: string): Promise<void> {
  const attributeSorts = sort.includes('attributes.') ? await attributeSortFields(ctx) : {};
  parseSort(sort, { ...customerList.sortFields, ...attributeSorts }, customerList.defaultSort ?? 'lastName');
}

/**
 * How many customers match `filter` (a tree checkCustomerFilter answered) and `q` (as the grid's
 * search), counted exactly up to `cap` and answering `cap + 1` beyond it, so a count over a large
 * tenant costs at most cap + 1 rows. Null when even that ran out of the count's time (a rare match
 * that no index finds; PostgreSQL only, see listPlan.countTimeoutMs).
 */
export async function countCustomers(
  ctx: RequestContext,
  query: { filter: FilterNode | null; q?: string | null },
  moreFilters?: CustomerFilterSource,
  cap: number = TOTAL_CAP,
): Promise<number | null> {
  const attributes = await customerFilterAttributesWith(ctx, moreFilters);
  return customersRepository.count(
    ctx,
    { filter: query.filter, attributes, q: searchFragment(query.q) },
    cap,
  );
}

/**
 * The tenant's customers: counted exactly up to `cap` (an index-only read of at most cap + 1
 * entries), else the planner's estimate from the table's statistics, never below cap + 1.
 */
export async function customerTotal(
  ctx: RequestContext,
  cap: number = TOTAL_CAP,
): Promise<{ total: number; exact: boolean }> {
  const counted = await customersRepository.count(ctx, { filter: null, attributes: {}, q: null }, cap);
  if (counted !== null && counted <= cap) return { total: counted, exact: true };
  const estimated = await customerRecordsRepository.estimateAll(ctx);
  return { total: Math.max(Math.round(estimated), cap + 1), exact: false };
}
