import { useMutation, useQueryClient } from '@tanstack/react-query';
import { customerKeys } from '@/features/customers/api/customer-keys';
import type { CustomerWithAddresses } from '@/features/customers/api/types';
import { tagKeys } from '../api/tag-keys';
import { addCustomerTags, removeCustomerTag } from '../api/tags-api';

/**
 * Adds and removes a customer's tags. After either, the customer is read again (new etag and
 * timeline), the grids and the tag counts too; an add puts its answer in the cache at once.
 */
export function useCustomerTagChanges(customerId: string) {
  const queryClient = useQueryClient();
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: customerKeys.detail(customerId) }),
      queryClient.invalidateQueries({ queryKey: customerKeys.lists() }),
      queryClient.invalidateQueries({ queryKey: tagKeys.all }),
    ]);
  const add = useMutation({
    mutationFn: (tags: string[]) => addCustomerTags(customerId, tags),
    onSuccess: ({ tags, etag }) => {
      queryClient.setQueryData<CustomerWithAddresses>(customerKeys.detail(customerId), (current) =>
        current ? { ...current, tags, etag } : current,
      );
      return refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (tag: string) => removeCustomerTag(customerId, tag),
    onSuccess: refresh,
  });
  return { add, remove };
}
