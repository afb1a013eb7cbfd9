/** The mailbox API's shapes, taken from the server's TypeBox schemas (type-only imports). */

import type { MailboxPageSchema, Email as ServerEmail } from '@server/modules/email/email.schemas.js';
import type { Static } from '@sinclair/typebox';

export type Email = ServerEmail;
export type MailboxPage = Static<typeof MailboxPageSchema>;
