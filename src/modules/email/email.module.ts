import type { ModuleManifest } from '../../lib/module.js';
import { emailCustomerData } from './customer-data.service.js';
import { mailboxRoutes } from './email.routes.js';

/**
 * Core: other modules queue emails (reset links, cart reminders) through its outbox, which the
 * worker always delivers (src/worker/email-worker.ts).
 */
export const emailModule: ModuleManifest = {
  name: 'email',
  core: true,
  tags: [
    {
      name: 'mailbox',
      description: 'Emails sent to shoppers, and those kept unsent when no SMTP server is configured.',
    },
  ],
  adminRoutes: (setup) => [mailboxRoutes({ smtpConfigured: setup.smtpConfigured })],
  customerData: emailCustomerData,
};
