/** Query keys of the sites feature; invalidating `all` refreshes every site and customer set. */
export const siteKeys = {
  all: ['sites'] as const,
  list: () => [...siteKeys.all, 'list'] as const,
  detail: (id: string) => [...siteKeys.all, 'detail', id] as const,
  customerSets: () => [...siteKeys.all, 'customer-sets'] as const,
};
