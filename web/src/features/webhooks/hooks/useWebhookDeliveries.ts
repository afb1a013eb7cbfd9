import { useInfiniteQuery } from '@tanstack/react-query';
import { webhookKeys } from '../api/webhook-keys';
import { listWebhookDeliveries } from '../api/webhooks-api';

/** An endpoint's delivery log, newest first, a page at a time. */
export function useWebhookDeliveries(webhookId: string) {
  return useInfiniteQuery({
    queryKey: webhookKeys.deliveries(webhookId),
    queryFn: ({ pageParam, signal }) => listWebhookDeliveries(webhookId, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });
}
