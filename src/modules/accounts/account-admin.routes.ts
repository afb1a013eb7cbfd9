import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { inviteCustomer } from '../../flows/invite-customer.js';
import { IdParams, problemResponse } from '../../http/schemas.js';
import { CustomerDetailSchema } from '../customers/customers.schemas.js';
import { customerTimeline, disableCustomer, enableCustomer, unlockAccount } from './account-admin.service.js';
import { sendPasswordReset } from './account-links.service.js';
import {
  AcceptedSchema,
  DisableBodySchema,
  EventListQuerySchema,
  EventPageSchema,
} from './accounts.schemas.js';

const tags = ['accounts'];
const badRequest = problemResponse('Invalid input; `errors` names every bad field.');
const notFound = problemResponse('No such customer in this tenant.');
const guest = problemResponse('The customer is a guest without an account.');

/**
 * Admin actions on customers' accounts (mounted under /admin/v1). Without shopper sign-in
 * (order-management-only mode) there is no password to reset or set: those two routes go.
 */
export const accountAdminRoutes =
  (options: { shopperSignIn: boolean }): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/customers/:id/unlock',
      {
        config: { role: 'support' },
        schema: {
          tags,
          operationId: 'unlockCustomer',
          summary: 'Unlock an account',
          description:
            'Ends a lockout at once and resets the failed sign-in count. Recorded on the timeline.',
          params: IdParams,
          response: { 200: CustomerDetailSchema, 400: badRequest, 404: notFound, 422: guest },
        },
      },
      async (request) => unlockAccount(request.ctx, request.params.id),
    );

    app.post(
      '/customers/:id/disable',
      {
        config: { role: 'admin' },
        schema: {
          tags,
          operationId: 'disableCustomer',
          summary: 'Disable a customer',
          description:
            "Ends all the customer's sessions and refuses sign-in until enabled. The reason is kept for admins.",
          params: IdParams,
          body: DisableBodySchema,
          response: { 200: CustomerDetailSchema, 400: badRequest, 404: notFound },
        },
      },
      async (request) => disableCustomer(request.ctx, request.params.id, request.body.reason),
    );

    app.post(
      '/customers/:id/enable',
      {
        config: { role: 'admin' },
        schema: {
          tags,
          operationId: 'enableCustomer',
          summary: 'Enable a customer',
          description: 'Lets a disabled customer sign in again.',
          params: IdParams,
          response: { 200: CustomerDetailSchema, 400: badRequest, 404: notFound },
        },
      },
      async (request) => enableCustomer(request.ctx, request.params.id),
    );

    if (options.shopperSignIn) {
      app.post(
        '/customers/:id/password-reset',
        {
          config: { role: 'support' },
          schema: {
            tags,
            operationId: 'sendCustomerPasswordReset',
            summary: 'Email a password-reset link',
            description:
              'Sends the customer the same single-use link (valid 60 minutes) as "forgot password"; admins never choose the password. At most 5 an hour per account.',
            params: IdParams,
            response: {
              202: AcceptedSchema,
              400: badRequest,
              404: notFound,
              422: guest,
            },
          },
        },
        async (request, reply) => {
          await sendPasswordReset(request.ctx, request.params.id);
          return reply
            .status(202)
            .send({ status: 'accepted' as const, message: 'The password-reset email is on its way.' });
        },
      );

      app.post(
        '/customers/:id/invite',
        {
          config: { role: 'support' },
          schema: {
            tags,
            operationId: 'inviteCustomer',
            summary: 'Invite a customer to set a password',
            description:
              'A guest becomes a registered customer (its email must be free among the registered customers of its set) and takes over the other guests with its email; a registered customer without a password gets a new link. The link is valid 72 hours.',
            params: IdParams,
            response: {
              200: CustomerDetailSchema,
              400: badRequest,
              404: notFound,
              409: problemResponse(
                'The customer already has a password, or a registered customer has this email.',
              ),
              422: problemResponse('The customer has no email address.'),
            },
          },
        },
        async (request) => inviteCustomer(request.ctx, request.params.id),
      );
    }

    app.get(
      '/customers/:id/timeline',
      {
        config: { role: 'viewer' },
        schema: {
          tags,
          operationId: 'listCustomerTimeline',
          summary: "A customer's timeline",
          description:
            "Everything that happened to the customer, newest first: details changed (`customer.updated` with each field's `from` and `to` in `changes`), addresses, consent, account events (registration, lockouts, disable, resets), tags, notes, groups, roles, orders, credit and merges. Each entry names its actor (with the admin's or API key's `name`) and the request that made it. See docs/change-record.md.",
          params: IdParams,
          querystring: EventListQuerySchema,
          response: { 200: EventPageSchema, 400: badRequest, 404: notFound },
        },
      },
      async (request) => customerTimeline(request.ctx, request.params.id, request.query),
    );
  };
