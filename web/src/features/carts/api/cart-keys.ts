import type { AbandonedCartFilters } from './types';

/** Query keys of the carts feature. */
export const cartKeys = {
  all: ['carts'] as const,
  customer: (customerId: string) => [...cartKeys.all, 'customer', customerId] as const,
  abandoned: (filters: AbandonedCartFilters) => [...cartKeys.all, 'abandoned', filters] as const,
};
