import { type Static, Type } from '@sinclair/typebox';
import { EMAIL_STATUSES } from '../../db/types.js';
import { Int32, Nullable, StringEnum, Timestamp, Uuid } from '../../http/schemas.js';
import { ListQuery, PageOf } from '../../lib/list/list-query.js';
import { emailTemplates } from './email.templates.js';

export const MailboxQuerySchema = ListQuery(
  {
    to: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 320,
        description: 'Only emails to this address (exact, case-insensitive).',
      }),
    ),
  },
  { cursorMaxLength: 400 },
);
export type MailboxQuery = Static<typeof MailboxQuerySchema>;

export const EmailSchema = Type.Object({
  id: Uuid(),
  to: Type.String({ maxLength: 320, description: 'Recipient address.' }),
  subject: Type.String({ maxLength: 1000 }),
  text: Type.String({
    maxLength: 100_000,
    description:
      'Plain-text body. Once an email carrying a one-time link (invite, reset, email confirmation) is sent over SMTP, its bodies are no longer kept.',
  }),
  html: Type.String({ maxLength: 200_000, description: 'HTML body (same rule as `text`).' }),
  linkHidden: Type.Boolean({
    description:
      'True when the bodies carry a one-time link (invite, reset, email confirmation) whose token is replaced by `HIDDEN`. Such links are never shown through the API, except to an owner of a server that runs without SMTP_URL (emails are kept, not sent, and the owner passes them on by hand).',
  }),
  template: StringEnum(emailTemplates),
  status: StringEnum(EMAIL_STATUSES, {
    description:
      '`pending`: waiting for the worker (or its next retry); `sent`: accepted by the SMTP server; `kept`: not sent because SMTP_URL is not set, readable here; `failed`: given up after 8 attempts.',
  }),
  attempts: Int32({ minimum: 0, maximum: 1000, description: 'SMTP deliveries tried so far.' }),
  lastError: Nullable(Type.String({ maxLength: 1000, description: 'Why the last attempt failed.' })),
  nextAttemptAt: Nullable(Timestamp({ description: 'When a pending email is tried next.' })),
  customerId: Nullable(Uuid()),
  siteId: Nullable(Uuid()),
  createdAt: Timestamp(),
  sentAt: Nullable(Timestamp()),
});
export type Email = Static<typeof EmailSchema>;

export const MailboxPageSchema = PageOf(EmailSchema, { cursorMaxLength: 400 });
