import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams, problemResponse } from '../../http/schemas.js';
import { EmailSchema, MailboxPageSchema, MailboxQuerySchema } from './email.schemas.js';
import { getEmail, listMailbox, type MailDelivery } from './email.service.js';

const tags = ['mailbox'];
const badRequest = problemResponse('Invalid input; `errors` names every bad field.');

/** The Mailbox; `delivery` says whether this server sends email (it decides who sees links). */
export const mailboxRoutes =
  (delivery: MailDelivery): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/mailbox',
      {
        config: { role: 'admin' },
        schema: {
          tags,
          operationId: 'listMailbox',
          summary: 'List emails',
          description:
            "The tenant's emails (invites, password resets, confirmations, welcomes), newest first, whatever their status. Without SMTP_URL nothing is sent and this is where emails are read. One-time links (invites, resets, email confirmations) are hidden (`linkHidden`), except from an owner of a server without SMTP_URL. Follow `nextCursor` for the next page.",
          querystring: MailboxQuerySchema,
          response: { 200: MailboxPageSchema, 400: badRequest },
        },
      },
      (request) => listMailbox(request.ctx, request.query, delivery),
    );

    app.get(
      '/mailbox/:id',
      {
        config: { role: 'admin' },
        schema: {
          tags,
          operationId: 'getEmail',
          summary: 'Get an email',
          description: 'One email of the mailbox with its bodies and delivery status.',
          params: IdParams,
          response: {
            200: EmailSchema,
            400: badRequest,
            404: problemResponse('No such email in this tenant.'),
          },
        },
      },
      (request) => getEmail(request.ctx, request.params.id, delivery),
    );
  };
