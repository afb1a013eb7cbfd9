import { useMutation, useQueryClient } from '@tanstack/react-query';
import { customerKeys } from '@/features/customers/api/customer-keys';
import { eraseCustomer } from '../api/privacy-api';

/** What an erasure would remove, asked of the server (a dry run changes nothing). */
export function useErasurePreview() {
  return useMutation({ mutationFn: (id: string) => eraseCustomer(id, true) });
}

/** Erases a customer; every cached view of customers reloads to show the blank record. */
export function useEraseCustomer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => eraseCustomer(id, false),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: customerKeys.all }),
  });
}
