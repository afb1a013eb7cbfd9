import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { confirmShopperErasure } from '../../flows/shopper-erasure.js';
import { NoContent, problemResponse } from '../../http/schemas.js';
import type { ModuleCustomerData } from '../../lib/module.js';
import { requestErasure } from '../accounts/account-links.service.js';
import { ErasureConfirmSchema } from '../customers/customer-privacy.schemas.js';

const tags = ['me'];

/** A shopper's own erasure request and its confirmation (mounted under /store/v1; docs/privacy.md). */
export const meErasureRoutes =
  (hooks: readonly ModuleCustomerData[]): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/me/erase',
      {
        config: { store: 'shopper' },
        schema: {
          tags,
          operationId: 'requestMyErasure',
          summary: 'Ask to erase my personal data',
          description:
            'Emails your address a link that confirms the erasure, valid once for 24 hours (an earlier one stops working). Nothing is erased until the link is used with POST /store/v1/me/erase/confirm.',
          response: {
            204: NoContent,
            400: problemResponse('Invalid input (this request takes no body).'),
            422: problemResponse(
              'Your account has no email address to send the link to (`account.no_email`).',
            ),
          },
        },
      },
      async (request, reply) => {
        await requestErasure(request.store, request.shopper.customerId);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/me/erase/confirm',
      {
        config: { store: 'site' },
        schema: {
          tags,
          operationId: 'confirmMyErasure',
          summary: 'Erase my personal data (from the emailed link)',
          description:
            "Erases your personal data with the token of the emailed link; no sign-in needed, the token is the proof. Your account, sessions, addresses, wish lists and carts go; the store keeps your orders' numbers, amounts, dates and statuses without your name or addresses. A used, replaced or expired token answers 400 `account.invalid_token`.",
          body: ErasureConfirmSchema,
          response: { 204: NoContent, 400: problemResponse('Invalid input, or the link is not valid.') },
        },
      },
      async (request, reply) => {
        await confirmShopperErasure(request.store, hooks, request.body.token);
        return reply.status(204).send(null);
      },
    );
  };
