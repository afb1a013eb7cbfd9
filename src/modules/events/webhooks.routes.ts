import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams, NoContent, problemResponse } from '../../http/schemas.js';
import { WEBHOOK_TOPICS } from './webhook-topics.js';
import {
  WebhookCreateSchema,
  WebhookDeliveryListQuerySchema,
  WebhookDeliveryPageSchema,
  WebhookDeliveryParams,
  WebhookDeliverySchema,
  WebhookListQuerySchema,
  WebhookPageSchema,
  WebhookPatchSchema,
  WebhookSchema,
  WebhookSecretSchema,
  WebhookWithSecretSchema,
} from './webhooks.schemas.js';
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listWebhookDeliveries,
  listWebhooks,
  retryWebhookDelivery,
  rotateWebhookSecret,
  sendTestWebhook,
  updateWebhook,
} from './webhooks.service.js';

const tags = ['webhooks'];
const badRequest = problemResponse('Invalid input; `errors` names every bad field.');
const noWebhook = problemResponse('No such webhook in this tenant.');
const noDelivery = problemResponse('No such webhook in this tenant, or it has no delivery with this id.');
const isDisabled = problemResponse('`webhook.disabled`: the webhook is disabled; enable it first.');

// Webhooks are admin work, reads included: an endpoint's URL often carries the receiver's own
// token, and the delivery log holds the customers' data that was sent.
const role = 'admin';

/** Webhook endpoints and their delivery logs (mounted under /admin/v1): admins and owners only. */
export const webhooksRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/webhooks',
    {
      config: { role },
      schema: {
        tags,
        operationId: 'listWebhooks',
        summary: 'List webhooks',
        description: 'The tenant’s webhook endpoints, newest first, without their secrets.',
        querystring: WebhookListQuerySchema,
        response: { 200: WebhookPageSchema, 400: badRequest },
      },
    },
    (request) => listWebhooks(request.ctx, request.query),
  );

  app.post(
    '/webhooks',
    {
      config: { role },
      schema: {
        tags,
        operationId: 'createWebhook',
        summary: 'Add a webhook',
        description: `Adds an endpoint that is sent the chosen topics (${WEBHOOK_TOPICS.map((t) => `\`${t}\``).join(', ')}), signed per Standard Webhooks 1.0. The answer carries the signing secret (\`whsec_…\`): it is shown this once.`,
        body: WebhookCreateSchema,
        response: { 201: WebhookWithSecretSchema, 400: badRequest },
      },
    },
    async (request, reply) => {
      const webhook = await createWebhook(request.ctx, request.body);
      return reply.status(201).header('location', `/admin/v1/webhooks/${webhook.id}`).send(webhook);
    },
  );

  app.get(
    '/webhooks/:id',
    {
      config: { role },
      schema: {
        tags,
        operationId: 'getWebhook',
        summary: 'Get a webhook',
        description: 'One endpoint, without its secret.',
        params: IdParams,
        response: { 200: WebhookSchema, 400: badRequest, 404: noWebhook },
      },
    },
    (request) => getWebhook(request.ctx, request.params.id),
  );

  app.patch(
    '/webhooks/:id',
    {
      config: { role },
      schema: {
        tags,
        operationId: 'updateWebhook',
        summary: 'Change a webhook',
        description:
          'Changes the URL, topics, description, or turns the endpoint on or off. Turning it off gives up its undelivered messages (each can be retried later); turning it on clears `disabledReason` and `failingSince`.',
        params: IdParams,
        body: WebhookPatchSchema,
        response: { 200: WebhookSchema, 400: badRequest, 404: noWebhook },
      },
    },
    (request) => updateWebhook(request.ctx, request.params.id, request.body),
  );

  app.delete(
    '/webhooks/:id',
    {
      config: { role },
      schema: {
        tags,
        operationId: 'deleteWebhook',
        summary: 'Delete a webhook',
        description: 'Deletes the endpoint and its delivery log.',
        params: IdParams,
        response: { 204: NoContent, 400: badRequest, 404: noWebhook },
      },
    },
    async (request, reply) => {
      await deleteWebhook(request.ctx, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/webhooks/:id/rotate-secret',
    {
      config: { role },
      schema: {
        tags,
        operationId: 'rotateWebhookSecret',
        summary: 'Replace a webhook’s signing secret',
        description:
          'Makes a new signing secret and answers it, this once. Every attempt from now on, retries of older messages included, is signed with the new secret only.',
        params: IdParams,
        response: { 200: WebhookSecretSchema, 400: badRequest, 404: noWebhook },
      },
    },
    (request) => rotateWebhookSecret(request.ctx, request.params.id),
  );

  app.get(
    '/webhooks/:id/deliveries',
    {
      config: { role },
      schema: {
        tags,
        operationId: 'listWebhookDeliveries',
        summary: 'List a webhook’s deliveries',
        description:
          'The delivery log, newest first: each message’s state, attempts, the last answer’s status and time, and when the next attempt is due.',
        params: IdParams,
        querystring: WebhookDeliveryListQuerySchema,
        response: { 200: WebhookDeliveryPageSchema, 400: badRequest, 404: noWebhook },
      },
    },
    (request) => listWebhookDeliveries(request.ctx, request.params.id, request.query),
  );

  app.post(
    '/webhooks/:id/deliveries/:deliveryId/retry',
    {
      config: { role },
      schema: {
        tags,
        operationId: 'retryWebhookDelivery',
        summary: 'Send a delivery again',
        description:
          'Sends the message again now, with the same body and `webhook-id` (receivers deduplicate by it), and starts its retry schedule over. A message not attempted yet (`pending`) is refused with `webhook.delivery_pending`.',
        params: WebhookDeliveryParams,
        response: {
          202: WebhookDeliverySchema,
          400: badRequest,
          404: noDelivery,
          409: problemResponse(
            '`webhook.disabled`: the webhook is disabled; `webhook.delivery_pending`: the message has not been attempted yet.',
          ),
        },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(await retryWebhookDelivery(request.ctx, request.params.id, request.params.deliveryId)),
  );

  app.post(
    '/webhooks/:id/test',
    {
      config: { role },
      schema: {
        tags,
        operationId: 'sendTestWebhook',
        summary: 'Send a test message',
        description:
          'Queues a `webhook.test` message to this endpoint, signed and retried like any other; follow it in the delivery log.',
        params: IdParams,
        response: { 202: WebhookDeliverySchema, 400: badRequest, 404: noWebhook, 409: isDisabled },
      },
    },
    async (request, reply) => reply.status(202).send(await sendTestWebhook(request.ctx, request.params.id)),
  );
};
