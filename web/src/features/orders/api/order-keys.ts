import type { OrderListFilters } from './types';

/** Query keys of the orders feature; invalidating `all` refreshes every order list and page. */
export const orderKeys = {
  all: ['orders'] as const,
  lists: () => [...orderKeys.all, 'list'] as const,
  list: (filters: OrderListFilters) => [...orderKeys.lists(), filters] as const,
  /** One customer's orders, for the Orders tab of the customer page. */
  customer: (customerId: string, sort: OrderListFilters['sort']) =>
    [...orderKeys.lists(), 'customer', customerId, sort] as const,
  details: () => [...orderKeys.all, 'detail'] as const,
  detail: (id: string) => [...orderKeys.details(), id] as const,
};
