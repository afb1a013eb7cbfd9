import type { CustomerDataHook } from '../../lib/module.js';
import { customerTimeline, redactCustomerTimeline } from './events.service.js';
import { redactCustomerDeliveries } from './webhook-deliveries.service.js';

/**
 * The timeline is also the audit log: an erasure keeps every entry (what happened, who did it,
 * when) and blanks the personal values in it (redactCustomerTimeline). The webhook deliveries
 * announcing those entries keep their bodies as sent: an erasure blanks them too.
 */
export const eventsCustomerData: CustomerDataHook = {
  describe: "The customer's timeline: what happened to the record and the account, who did it and when.",
  tables: ['events', 'webhook_deliveries'],
  read: (ctx, { customerId }) => customerTimeline(ctx, customerId),
  erase: async (ctx, { customerId, personalValues }) => ({
    // Deliveries first: they find the customer's events by the customer id the events keep.
    webhook_deliveries: await redactCustomerDeliveries(ctx, customerId),
    events: await redactCustomerTimeline(ctx, customerId, personalValues),
  }),
};
