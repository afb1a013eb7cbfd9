import { useQuery } from '@tanstack/react-query';
import { listCustomerWishlists } from '../api/wishlists-api';

/** The customer's wish lists, oldest first; shoppers change them on the storefront, admins only read. */
export function useCustomerWishlists(customerId: string) {
  return useQuery({
    queryKey: ['wishlists', 'customer', customerId],
    queryFn: ({ signal }) => listCustomerWishlists(customerId, signal),
  });
}
