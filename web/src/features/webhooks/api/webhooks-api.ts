import { apiRequest } from '@/api/client';
import type { Webhook, WebhookCreate, WebhookDelivery, WebhookPatch, WebhookWithSecret } from './types';

const webhookPath = (id: string) => `/webhooks/${encodeURIComponent(id)}`;

/** A tenant has a handful of endpoints: the first page (up to 200) is all of them. */
export async function listWebhooks(signal?: AbortSignal): Promise<Webhook[]> {
  const { data } = await apiRequest<{ data: Webhook[] }>('/webhooks', { signal, query: { limit: 200 } });
  return data;
}

/** The answer carries the signing secret, shown this once. */
export function createWebhook(input: WebhookCreate) {
  return apiRequest<WebhookWithSecret>('/webhooks', { method: 'POST', body: input });
}

export function updateWebhook(id: string, patch: WebhookPatch) {
  return apiRequest<Webhook>(webhookPath(id), { method: 'PATCH', body: patch });
}

export function deleteWebhook(id: string) {
  return apiRequest<null>(webhookPath(id), { method: 'DELETE' });
}

/** The new secret, shown this once; the old one stops signing at once. */
export function rotateWebhookSecret(id: string) {
  return apiRequest<{ secret: string }>(`${webhookPath(id)}/rotate-secret`, { method: 'POST' });
}

export function sendTestWebhook(id: string) {
  return apiRequest<WebhookDelivery>(`${webhookPath(id)}/test`, { method: 'POST' });
}

export function listWebhookDeliveries(id: string, cursor: string | null, signal?: AbortSignal) {
  return apiRequest<{ data: WebhookDelivery[]; nextCursor: string | null }>(`${webhookPath(id)}/deliveries`, {
    signal,
    query: { limit: 25, cursor },
  });
}

export function retryWebhookDelivery(id: string, deliveryId: string) {
  return apiRequest<WebhookDelivery>(
    `${webhookPath(id)}/deliveries/${encodeURIComponent(deliveryId)}/retry`,
    { method: 'POST' },
  );
}
