import { useMutation, useQueryClient } from '@tanstack/react-query';
import { customerKeys } from '@/features/customers/api/customer-keys';
import { mergeCustomer } from '../api/merge-api';

/** Merges a duplicate into the survivor; every customer page and grid is read again. */
export function useMergeCustomer(survivorId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (sourceId: string) => mergeCustomer(survivorId, sourceId, false),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: customerKeys.all }),
  });
}
