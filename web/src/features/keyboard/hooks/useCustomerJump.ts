import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { customerKeys } from '@/features/customers/api/customer-keys';
import { listCustomers } from '@/features/customers/api/customers-api';

/** How long typing must pause before the palette asks for customers. */
const JUMP_DEBOUNCE_MS = 200;
/** A handful is enough to pick from; more is a job for the grid. */
const JUMP_LIMIT = 6;

/**
 * The customers the command palette offers for what is typed: the list API's own search
 * (name, email, company, phone), asked once typing pauses; a request made stale by more typing
 * is cancelled (TanStack Query's signal).
 */
export function useCustomerJump(text: string) {
  const [settled] = useDebouncedValue(text.trim(), JUMP_DEBOUNCE_MS);
  const query = useQuery({
    queryKey: [...customerKeys.lists(), 'jump', settled],
    queryFn: ({ signal }) => listCustomers({ q: settled, limit: JUMP_LIMIT }, signal),
    enabled: settled !== '',
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  return {
    customers: settled === '' ? [] : (query.data?.data ?? []),
    searching: text.trim() !== '' && (settled !== text.trim() || query.isFetching),
    failed: query.isError,
  };
}
