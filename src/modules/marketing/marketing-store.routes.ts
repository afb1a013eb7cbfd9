import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { problemResponse } from '../../http/schemas.js';
import type { Evidence } from './consent.service.js';
import {
  AcceptedSchema,
  ConfirmSchema,
  MySubscriptionInputSchema,
  MySubscriptionListSchema,
  MySubscriptionSchema,
  NewsletterCodeParams,
  StoreSubscribeSchema,
} from './marketing.schemas.js';
import {
  confirmSubscription,
  mySubscriptions,
  setMySubscription,
  subscribeFromStorefront,
} from './storefront.service.js';

const tags = ['marketing'];
const badRequest = problemResponse('Invalid input; `errors` names every bad field.');
const noNewsletter = problemResponse('This site has no newsletter with this code.');

/** The IP and user agent of the request: what a consent record keeps of the person. */
export const evidenceOf = (request: FastifyRequest): Evidence => ({
  ip: request.ip ?? null,
  userAgent: request.headers['user-agent'] ?? null,
});

/** Newsletter sign-up, confirmation and the preference centre (mounted under /store/v1). */
export const marketingStoreRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/newsletters/:code/subscribe',
    {
      config: { store: 'site' },
      schema: {
        tags,
        operationId: 'subscribeToNewsletter',
        summary: 'Sign up to a newsletter',
        description:
          'No sign-in. Always 202 whatever the address (known, subscribed, invalid or new), so the form reveals no one. With double opt-in the state is `PENDING` and a confirmation link (48 h, single use) is emailed; otherwise `SUBSCRIBED` / `SINGLE_OPT_IN` at once. `consentText` is the exact wording shown beside the form; it is recorded with the IP and user agent.',
        params: NewsletterCodeParams,
        body: StoreSubscribeSchema,
        response: { 202: AcceptedSchema, 400: badRequest, 404: noNewsletter },
      },
    },
    async (request, reply) => {
      await subscribeFromStorefront(request.store, request.params.code, request.body, evidenceOf(request));
      return reply.status(202).send({ status: 'accepted' as const });
    },
  );

  app.post(
    '/newsletters/confirm',
    {
      config: { store: 'site' },
      schema: {
        tags,
        operationId: 'confirmNewsletter',
        summary: 'Confirm a newsletter sign-up',
        description:
          'The token of the emailed double opt-in link: a `PENDING` sign-up becomes `SUBSCRIBED` / `CONFIRMED_OPT_IN`. The link works once, for 48 hours (400 otherwise).',
        body: ConfirmSchema,
        response: { 200: MySubscriptionSchema, 400: badRequest },
      },
    },
    (request) => confirmSubscription(request.store, request.body.token, evidenceOf(request)),
  );

  app.get(
    '/me/subscriptions',
    {
      config: { store: 'shopper' },
      schema: {
        tags,
        operationId: 'listMySubscriptions',
        summary: 'My newsletters',
        description: 'Every newsletter of this site with your state for it: the preference centre.',
        response: { 200: MySubscriptionListSchema },
      },
    },
    async (request) => ({ data: await mySubscriptions(request.store, request.shopper.customerId) }),
  );

  app.put(
    '/me/subscriptions/:code',
    {
      config: { store: 'shopper' },
      schema: {
        tags,
        operationId: 'putMySubscription',
        summary: 'Subscribe or unsubscribe',
        description:
          '`subscribed: true` needs `consentText`, the wording you were shown (recorded); a double opt-in newsletter then emails a confirmation link and stays `PENDING` until it is used. `subscribed: false` unsubscribes at once.',
        params: NewsletterCodeParams,
        body: MySubscriptionInputSchema,
        response: { 200: MySubscriptionSchema, 400: badRequest, 404: noNewsletter },
      },
    },
    (request) =>
      setMySubscription(
        request.store,
        request.shopper.customerId,
        request.params.code,
        request.body,
        evidenceOf(request),
      ),
  );
};
