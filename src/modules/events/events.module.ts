import type { ModuleManifest } from '../../lib/module.js';
import { startAuditRetentionJob } from '../../worker/audit-retention-job.js';
import { eventsCustomerData } from './customer-data.service.js';

import { webhooksRoutes } from './webhooks.routes.js';

/**
 * The record of change: each customer's timeline, the tenant's audit log, and the webhooks it
 * feeds (the events are their outbox). The timeline and the audit log are served by accounts,
 * admins and me; the webhooks have their own routes. Its retention job deletes entries past the
 * tenant's auditRetentionDays.
 */
export const eventsModule: ModuleManifest = {
  name: 'events',
  core: true,
  jobs: [{ name: 'audit retention', start: startAuditRetentionJob }],
  tags: [
    {
      name: 'webhooks',
      description:
        'Endpoints that are sent signed messages (Standard Webhooks 1.0) when customers change, and their delivery logs. Admins and owners only.',
    },
  ],
  adminRoutes: [webhooksRoutes],
  customerData: eventsCustomerData,
};
