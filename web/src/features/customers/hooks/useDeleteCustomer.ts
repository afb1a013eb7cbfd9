import { type InfiniteData, useMutation, useQueryClient } from '@tanstack/react-query';
import { customerKeys } from '../api/customer-keys';
import { deleteCustomer } from '../api/customers-api';
import type { CustomerListPage } from '../api/types';

/** Deletes a customer and takes their row out of every cached grid page at once. */
export function useDeleteCustomer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => deleteCustomer(id),
    onSuccess: (_, id) => {
      queryClient.setQueriesData<InfiniteData<CustomerListPage>>(
        { queryKey: customerKeys.lists() },
        (current) => {
          if (!current) return current;
          return {
            ...current,
            pages: current.pages.map((page) => {
              const data = page.data.filter((customer) => customer.id !== id);
              const removed = page.data.length - data.length;
              const total =
                page.total !== undefined && !page.totalIsLowerBound ? page.total - removed : page.total;
              return { ...page, data, total };
            }),
          };
        },
      );
      // Only when no page shows it: removing an observed query would refetch it and hit a 404.
      queryClient.removeQueries({ queryKey: customerKeys.detail(id), type: 'inactive' });
      // Not awaited: the row is already gone, the refetch only settles totals and page boundaries.
      void queryClient.invalidateQueries({ queryKey: customerKeys.lists() });
    },
  });
}
