import { apiRequest } from '@/api/client';
import type { WishlistList } from './types';

/** Every wish list of the customer with its items (at most 50 lists: one call, no paging). */
export function listCustomerWishlists(customerId: string, signal?: AbortSignal) {
  return apiRequest<WishlistList>(`/customers/${encodeURIComponent(customerId)}/wishlists`, { signal });
}
