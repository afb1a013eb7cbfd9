import { useQuery } from '@tanstack/react-query';
import { webhookKeys } from '../api/webhook-keys';
import { listWebhooks } from '../api/webhooks-api';

/** The tenant's webhook endpoints. */
export function useWebhooks() {
  return useQuery({ queryKey: webhookKeys.list(), queryFn: ({ signal }) => listWebhooks(signal) });
}
