import { apiRequest } from '@/api/client';
import type { AbandonedCartFilters, AbandonedCartPage, CartPage } from './types';

export function listCustomerCarts(customerId: string, cursor: string | null, signal?: AbortSignal) {
  return apiRequest<CartPage>(`/customers/${encodeURIComponent(customerId)}/carts`, {
    signal,
    query: { limit: 20, cursor },
  });
}

export function listAbandonedCarts(
  filters: AbandonedCartFilters,
  cursor: string | null,
  signal?: AbortSignal,
) {
  return apiRequest<AbandonedCartPage>('/carts/abandoned', {
    signal,
    query: { ...filters, limit: 50, cursor },
  });
}
