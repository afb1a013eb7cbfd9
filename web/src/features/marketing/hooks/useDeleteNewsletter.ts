import { useMutation, useQueryClient } from '@tanstack/react-query';
import { deleteNewsletter } from '../api/marketing-api';
import { marketingKeys } from '../api/marketing-keys';

/** Deletes a newsletter; it leaves every contact's subscriptions, so all of marketing is read again. */
export function useDeleteNewsletter() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => deleteNewsletter(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: marketingKeys.all }),
  });
}
