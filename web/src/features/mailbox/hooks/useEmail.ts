import { useQuery } from '@tanstack/react-query';
import { getEmail } from '../api/mailbox-api';
import { mailboxKeys } from '../api/mailbox-keys';

/** One email with both bodies and its delivery status. */
export function useEmail(id: string) {
  return useQuery({
    queryKey: mailboxKeys.detail(id),
    queryFn: ({ signal }) => getEmail(id, signal),
  });
}
