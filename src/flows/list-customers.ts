import { forReading, type RequestContext } from '../lib/context.js';
import type { Page } from '../lib/list/list-builder.js';
import type { CustomerFilterSource } from '../lib/module.js';
import type { CustomerGridRow, CustomerListQuery } from '../modules/customers/customers.schemas.js';
import { listCustomers } from '../modules/customers/customers.service.js';
import { activeGroupCodesColumn } from '../modules/groups/memberships.service.js';
import { segmentFilter } from '../modules/segments/segments.service.js';

/**
 * The customer grid, opened on a segment when the query names one (`segment={id}`): the page is
 * the segment's members that also match the query's own `q` and `filter`. A flow, because the
 * segments module reads customers through their service, so the customers module cannot ask
 * segments back without an import cycle. An unknown segment (or another tenant's) is a 404.
 * Each row carries its active group codes, which the groups module's SQL reads in the page's own
 * statement (groups imports customers, so the customers module cannot ask groups itself).
 */
export async function listCustomersInView(
  caller: RequestContext,
  query: CustomerListQuery,
  moreFilters?: CustomerFilterSource,
): Promise<Page<CustomerGridRow>> {
  // A plain read, segment and group codes included: on the request's replica when it has one.
  const ctx = forReading(caller);
  const within = query.segment
    ? await segmentFilter(ctx, query.segment, moreFilters, { path: '/segment', in: 'query' })
    : undefined;
  // Every row has its groups: the page was read with the group codes column.
  return (await listCustomers(
    ctx,
    query,
    moreFilters,
    within,
    activeGroupCodesColumn,
  )) as Page<CustomerGridRow>;
}
