import type { CustomerListParams } from './types';

/** Query keys of the customers feature; invalidating `all` refreshes every grid and page. */
export const customerKeys = {
  all: ['customers'] as const,
  lists: () => [...customerKeys.all, 'list'] as const,
  list: (params: Pick<CustomerListParams, 'q' | 'filter' | 'sort' | 'segment'>) =>
    [...customerKeys.lists(), params] as const,
  details: () => [...customerKeys.all, 'detail'] as const,
  detail: (id: string) => [...customerKeys.details(), id] as const,
  /** Below the detail: refreshing a customer refreshes their timeline too. */
  timeline: (id: string) => [...customerKeys.detail(id), 'timeline'] as const,
};
