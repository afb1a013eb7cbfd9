/**
 * The topics an endpoint subscribes to (issue 16), and which recorded actions each one carries.
 * The map is the one place a timeline action becomes a webhook: an action not listed here is
 * recorded but sent nowhere.
 */
export const WEBHOOK_TOPICS = [
  'customer.created',
  'customer.updated',
  'customer.deleted',
  'customer.disabled',
  'customer.enabled',
  'customer.locked',
  'customer.merged',
  'customer.erased',
  'consent.updated',
  'order.created',
  'order.status_changed',
  'credit.changed',
  'membership.changed',
] as const;
export type WebhookTopic = (typeof WEBHOOK_TOPICS)[number];

/** What `POST /webhooks/{id}/test` sends: no endpoint subscribes to it, each gets it on request. */
export const TEST_TOPIC = 'webhook.test';

const exact: Readonly<Record<string, WebhookTopic>> = {
  'customer.created': 'customer.created',
  'customer.updated': 'customer.updated',
  'customer.deleted': 'customer.deleted',
  'customer.merged': 'customer.merged',
  'customer.erased': 'customer.erased',
  'account.disabled': 'customer.disabled',
  'account.enabled': 'customer.enabled',
  'account.locked': 'customer.locked',
  'consent.updated': 'consent.updated',
  'order.placed': 'order.created',
  'order.status_changed': 'order.status_changed',
  // Tags, custom attributes and addresses are part of the customer record an integration mirrors.
  'customer.tags_added': 'customer.updated',
  'customer.tags_removed': 'customer.updated',
  'customer.attributes_changed': 'customer.updated',
  'address.added': 'customer.updated',
  'address.changed': 'customer.updated',
  'address.removed': 'customer.updated',
};

/** The topic a recorded action is sent under, or null when no webhook carries it. */
export function topicOf(action: string): WebhookTopic | null {
  const topic = exact[action];
  if (topic) return topic;
  if (action.startsWith('credit.')) return 'credit.changed';
  if (action.startsWith('membership.')) return 'membership.changed';
  return null;
}
