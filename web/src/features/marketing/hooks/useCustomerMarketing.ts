import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  getCustomerContact,
  listCustomerConsents,
  markContactInvalid,
  putCustomerSubscription,
} from '../api/marketing-api';
import { marketingKeys } from '../api/marketing-keys';
import type { AdminSubscriptionInput } from '../api/types';

/** The customer's marketing contact, with the state of every newsletter of the tenant. */
export function useCustomerContact(customerId: string) {
  return useQuery({
    queryKey: marketingKeys.contact(customerId),
    queryFn: ({ signal }) => getCustomerContact(customerId, signal),
  });
}

/** The customer's consent records, newest first, a page at a time. */
export function useCustomerConsents(customerId: string) {
  return useInfiniteQuery({
    queryKey: marketingKeys.consents(customerId),
    queryFn: ({ pageParam, signal }) => listCustomerConsents(customerId, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });
}

type MarketingChange =
  | { kind: 'subscription'; newsletterId: string; change: AdminSubscriptionInput }
  | { kind: 'invalid'; contactId: string; reason?: string };

/**
 * Sets one subscription or marks the address invalid; then the contact, its history and the
 * newsletters' subscriber counts are read again (each change adds a consent record).
 */
export function useChangeMarketing(customerId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (change: MarketingChange) => {
      if (change.kind === 'subscription')
        await putCustomerSubscription(customerId, change.newsletterId, change.change);
      else await markContactInvalid(change.contactId, change.reason);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: marketingKeys.all }),
  });
}
