/** The webhooks API's shapes, taken from the server's TypeBox schemas (type-only imports). */

export type { WebhookTopic } from '@server/modules/events/webhook-topics.js';
export type {
  Webhook,
  WebhookCreate,
  WebhookDelivery,
  WebhookPatch,
  WebhookWithSecret,
} from '@server/modules/events/webhooks.schemas.js';
