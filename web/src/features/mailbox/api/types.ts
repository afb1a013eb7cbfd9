/** The mailbox API's shapes, taken from the server's TypeBox schemas (type-only imports). */
import type { Static } from '@sinclair/typebox';
import type {
  MailboxPageSchema,
  Email as ServerEmail,
} from '../../../../../src/modules/email/email.schemas.js';

export type Email = ServerEmail;
export type MailboxPage = Static<typeof MailboxPageSchema>;
