import type { CustomerDataHook } from '../../lib/module.js';
import { emailDataRepository } from './customer-data.repository.js';

const looksLikeEmail = (value: string) => value.includes('@');

/**
 * Every email to the customer holds their address and often their name: an erasure removes them,
 * sent or queued, and also those to the customer's email address without their id (newsletters
 * go to a contact).
 */
export const emailCustomerData: CustomerDataHook = {
  describe: 'Emails sent or queued to the customer (template, address, subject, status, dates).',
  tables: ['email_outbox'],
  read: (ctx, { customerId, personalValues }) =>
    emailDataRepository.list(ctx, customerId, personalValues.filter(looksLikeEmail)),
  erase: async (ctx, { customerId, personalValues }) => ({
    email_outbox: await emailDataRepository.deleteAll(ctx, customerId, personalValues.filter(looksLikeEmail)),
  }),
};
