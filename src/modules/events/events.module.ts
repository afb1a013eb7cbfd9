import type { ModuleManifest } from '../../lib/module.js';
import { webhooksRoutes } from './webhooks.routes.js';

/**
 * The timeline, and the webhooks it feeds (the events are their outbox): the timeline has no
 * routes of its own (accounts and me read it), the webhooks have theirs.
 */
export const eventsModule: ModuleManifest = {
  name: 'events',
  core: true,
  tags: [
    {
      name: 'webhooks',
      description:
        'Endpoints that are sent signed messages (Standard Webhooks 1.0) when customers change, and their delivery logs. Admins and owners only.',
    },
  ],
  adminRoutes: [webhooksRoutes],
  customerData: "The customer's timeline: what happened to the record and the account, and who did it.",
};
