import type { CustomerDataHook } from '../../lib/module.js';
import { customerTimeline, redactCustomerTimeline } from './events.service.js';

/**
 * The timeline is also the audit log: an erasure keeps every entry (what happened, who did it,
 * when) and blanks the personal values in it (redactCustomerTimeline).
 */
export const eventsCustomerData: CustomerDataHook = {
  describe: "The customer's timeline: what happened to the record and the account, who did it and when.",
  tables: ['events'],
  read: (ctx, { customerId }) => customerTimeline(ctx, customerId),
  erase: async (ctx, { customerId, personalValues }) => ({
    events: await redactCustomerTimeline(ctx, customerId, personalValues),
  }),
};
