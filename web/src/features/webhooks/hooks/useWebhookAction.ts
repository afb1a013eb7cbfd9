import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { WebhookCreate, WebhookPatch } from '../api/types';
import { webhookKeys } from '../api/webhook-keys';
import {
  createWebhook,
  deleteWebhook,
  retryWebhookDelivery,
  rotateWebhookSecret,
  sendTestWebhook,
  updateWebhook,
} from '../api/webhooks-api';

type WebhookAction =
  | { kind: 'create'; input: WebhookCreate }
  | { kind: 'update'; id: string; patch: WebhookPatch }
  | { kind: 'delete'; id: string }
  | { kind: 'rotateSecret'; id: string }
  | { kind: 'test'; id: string }
  | { kind: 'retry'; id: string; deliveryId: string };

/**
 * Every change to endpoints and their deliveries; the endpoints and delivery logs are fetched
 * again afterwards. Create and rotate answer the secret, which the page shows once.
 */
export function useWebhookAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (action: WebhookAction): Promise<{ secret?: string }> => {
      switch (action.kind) {
        case 'create':
          return createWebhook(action.input);
        case 'update':
          await updateWebhook(action.id, action.patch);
          return {};
        case 'delete':
          await deleteWebhook(action.id);
          return {};
        case 'rotateSecret':
          return rotateWebhookSecret(action.id);
        case 'test':
          await sendTestWebhook(action.id);
          return {};
        case 'retry':
          await retryWebhookDelivery(action.id, action.deliveryId);
          return {};
      }
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhookKeys.all }),
  });
}
