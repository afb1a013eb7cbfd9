import type { RequestContext } from '../lib/context.js';
import type { Page } from '../lib/list/list-builder.js';
import type { CustomerFilterSource } from '../lib/module.js';
import type { Customer, CustomerListQuery } from '../modules/customers/customers.schemas.js';
import { listCustomers } from '../modules/customers/customers.service.js';
import { segmentFilter } from '../modules/segments/segments.service.js';

/**
 * The customer grid, opened on a segment when the query names one (`segment={id}`): the page is
 * the segment's members that also match the query's own `q` and `filter`. A flow, because the
 * segments module reads customers through their service, so the customers module cannot ask
 * segments back without an import cycle. An unknown segment (or another tenant's) is a 404.
 */
export async function listCustomersInView(
  ctx: RequestContext,
  query: CustomerListQuery,
  moreFilters?: CustomerFilterSource,
): Promise<Page<Customer>> {
  if (!query.segment) return listCustomers(ctx, query, moreFilters);
  const within = await segmentFilter(ctx, query.segment, moreFilters, { path: '/segment', in: 'query' });
  return listCustomers(ctx, query, moreFilters, within);
}
