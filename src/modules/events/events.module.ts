import type { ModuleManifest } from '../../lib/module.js';
import { startAuditRetentionJob } from '../../worker/audit-retention-job.js';

/**
 * The record of change: each customer's timeline and the tenant's audit log. No routes of its
 * own (accounts serves the timeline, admins the audit log, me the shopper's copy), but it holds
 * customer data, and its retention job deletes entries past the tenant's auditRetentionDays.
 */
export const eventsModule: ModuleManifest = {
  name: 'events',
  core: true,
  jobs: [{ name: 'audit retention', start: startAuditRetentionJob }],
  customerData: "The customer's timeline: what happened to the record and the account, and who did it.",
};
