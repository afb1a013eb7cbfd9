import { useMutation, useQueryClient } from '@tanstack/react-query';
import { customerKeys } from '@/features/customers/api/customer-keys';
import { addCreditEntry } from '../api/credit-api';
import { creditKeys } from '../api/credit-keys';
import type { CreditBalances, CreditEntryCreate } from '../api/types';

interface AddCreditEntryVariables {
  body: CreditEntryCreate;
  idempotencyKey: string;
}

/**
 * Issues or deducts credit. The answer carries the new balance, which replaces the cached one at
 * once; the history and the timeline are fetched again.
 */
export function useAddCreditEntry(customerId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: AddCreditEntryVariables) =>
      addCreditEntry(customerId, body, idempotencyKey),
    onSuccess: ({ balance }) => {
      queryClient.setQueryData<CreditBalances>(creditKeys.balances(customerId), (current) => {
        if (!current) return current;
        const others = current.balances.filter((b) => b.currency !== balance.currency);
        return {
          balances: [...others, balance].sort((a, b) => a.currency.localeCompare(b.currency)),
        };
      });
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: creditKeys.entries(customerId) }),
        queryClient.invalidateQueries({ queryKey: customerKeys.timeline(customerId) }),
      ]);
    },
  });
}
