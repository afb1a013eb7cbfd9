import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { emptyBodyAsObject } from '../../http/optional-body.js';
import { IdParams, NoContent, problemResponse } from '../../http/schemas.js';
import { csvLine } from '../../lib/csv.js';
import {
  getContact,
  getCustomerContact,
  listContactConsents,
  listContacts,
  listCustomerConsents,
  markContactInvalid,
  newsletterRecipients,
  setCustomerSubscription,
} from './contacts.service.js';
import {
  AdminSubscriptionInputSchema,
  ConsentListQuerySchema,
  ConsentPageSchema,
  ContactListQuerySchema,
  ContactPageSchema,
  ContactSchema,
  InvalidInputSchema,
  NewsletterInputSchema,
  NewsletterListQuerySchema,
  NewsletterPageSchema,
  NewsletterPatchSchema,
  NewsletterSchema,
  RecipientsQuerySchema,
  SubscriptionParams,
  SubscriptionSchema,
} from './marketing.schemas.js';
import {
  createNewsletter,
  deleteNewsletter,
  getNewsletter,
  listNewsletters,
  requireNewsletter,
  updateNewsletter,
} from './newsletters.service.js';

const tags = ['marketing'];
const badRequest = problemResponse('Invalid input; `errors` names every bad field.');
const noNewsletter = problemResponse('No such newsletter in this tenant.');
const codeTaken = problemResponse('Another newsletter of this site has this code (whatever its case).');
const noContact = problemResponse('No such contact in this tenant.');
const noCustomerContact = problemResponse(
  'No such customer in this tenant, or the customer has no email address (so no contact).',
);

const RECIPIENT_COLUMNS = ['email', 'firstName', 'lastName', 'locale', 'subscribedAt', 'optInLevel'] as const;

/** Newsletters, contacts, subscriptions and consent records (mounted under /admin/v1). */
export const marketingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/newsletters',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        operationId: 'listNewsletters',
        summary: 'List newsletters',
        description:
          'The tenant’s newsletters (or one site’s, `siteId`) by code, each with `subscriberCount`: the contacts `SUBSCRIBED` now.',
        querystring: NewsletterListQuerySchema,
        response: { 200: NewsletterPageSchema, 400: badRequest },
      },
    },
    (request) => listNewsletters(request.ctx, request.query),
  );

  app.post(
    '/newsletters',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        operationId: 'createNewsletter',
        summary: 'Create a newsletter',
        description:
          'A newsletter of one site. `code` is unique on the site whatever its case; `doubleOptIn` makes storefront sign-ups wait for an emailed confirmation link; `isDefault` makes it the one registration and checkout sign up to.',
        body: NewsletterInputSchema,
        response: { 201: NewsletterSchema, 400: badRequest, 409: codeTaken },
      },
    },
    async (request, reply) => {
      const newsletter = await createNewsletter(request.ctx, request.body);
      return reply.status(201).header('location', `/admin/v1/newsletters/${newsletter.id}`).send(newsletter);
    },
  );

  app.get(
    '/newsletters/:id',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        operationId: 'getNewsletter',
        summary: 'Get a newsletter',
        description: 'The newsletter with its subscriber count.',
        params: IdParams,
        response: { 200: NewsletterSchema, 400: badRequest, 404: noNewsletter },
      },
    },
    (request) => getNewsletter(request.ctx, request.params.id),
  );

  app.patch(
    '/newsletters/:id',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        operationId: 'updateNewsletter',
        summary: 'Change a newsletter',
        description:
          'Changes the fields sent. Turning `doubleOptIn` on or off applies to sign-ups from then on; existing subscriptions keep their opt-in level.',
        params: IdParams,
        body: NewsletterPatchSchema,
        response: { 200: NewsletterSchema, 400: badRequest, 404: noNewsletter, 409: codeTaken },
      },
    },
    (request) => updateNewsletter(request.ctx, request.params.id, request.body),
  );

  app.delete(
    '/newsletters/:id',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        operationId: 'deleteNewsletter',
        summary: 'Delete a newsletter',
        description:
          'Removes the newsletter with its subscriptions and links. Its consent records stay, naming it by id and code.',
        params: IdParams,
        response: { 204: NoContent, 400: badRequest, 404: noNewsletter },
      },
    },
    async (request, reply) => {
      await deleteNewsletter(request.ctx, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/newsletters/:id/recipients',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        operationId: 'exportNewsletterRecipients',
        summary: 'Export the recipients of a newsletter',
        description:
          "Streams the contacts `SUBSCRIBED` now with a valid address, for an email service: `email, firstName, lastName, locale, subscribedAt, optInLevel`. CSV cells that a spreadsheet would run as a formula are prefixed with `'`. Read a batch at a time, so memory stays flat at any size.",
        params: IdParams,
        querystring: RecipientsQuerySchema,
        produces: ['text/csv', 'application/x-ndjson'],
        response: {
          200: {
            description: 'The recipients, as CSV with a header row or one JSON object a line.',
            content: {
              'text/csv': {
                schema: Type.String({
                  maxLength: 2 ** 53 - 1,
                  examples: [
                    'email,firstName,lastName,locale,subscribedAt,optInLevel\r\nada@example.com,Ada,Lovelace,en-GB,2026-11-30T09:15:00.000Z,CONFIRMED_OPT_IN\r\n',
                  ],
                }),
              },
              'application/x-ndjson': {
                schema: Type.String({
                  maxLength: 2 ** 53 - 1,
                  examples: [
                    '{"email":"ada@example.com","firstName":"Ada","lastName":"Lovelace","locale":"en-GB","subscribedAt":"2026-11-30T09:15:00.000Z","optInLevel":"CONFIRMED_OPT_IN"}\n',
                  ],
                }),
              },
            },
          },
          400: badRequest,
          404: noNewsletter,
        },
      },
    },
    async (request, reply) => {
      const newsletter = await requireNewsletter(request.ctx, request.params.id);
      const format = request.query.format ?? 'csv';
      const rows = newsletterRecipients(request.ctx, newsletter.id);
      // Lines go out in chunks of about 64 KiB: a write per line cost more than the line itself.
      async function* lines() {
        let chunk = format === 'csv' ? csvLine(RECIPIENT_COLUMNS) : '';
        for await (const row of rows) {
          chunk +=
            format === 'csv'
              ? csvLine(RECIPIENT_COLUMNS.map((column) => row[column]))
              : `${JSON.stringify(row)}\n`;
          if (chunk.length >= 65_536) {
            yield chunk;
            chunk = '';
          }
        }
        if (chunk) yield chunk;
      }
      return (
        reply
          .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
          .header('content-disposition', `attachment; filename="${newsletter.code}-recipients.${format}"`)
          // A stream is sent as it is: the 200's content schemas document it, nothing serialises it.
          .send(Readable.from(lines()) as never)
      );
    },
  );

  app.get(
    '/contacts',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        operationId: 'listContacts',
        summary: 'List contacts',
        description:
          'Marketing contacts by email address: one per address, with or without a customer. `q` finds addresses containing it. Items leave out `subscriptions`; get one contact for them.',
        querystring: ContactListQuerySchema,
        response: { 200: ContactPageSchema, 400: badRequest },
      },
    },
    (request) => listContacts(request.ctx, request.query),
  );

  app.get(
    '/contacts/:id',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        operationId: 'getContact',
        summary: 'Get a contact',
        description:
          'The contact with its state for every newsletter of the tenant (never asked: `NOT_SUBSCRIBED`).',
        params: IdParams,
        response: { 200: ContactSchema, 400: badRequest, 404: noContact },
      },
    },
    (request) => getContact(request.ctx, request.params.id),
  );

  app.get(
    '/contacts/:id/consents',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        operationId: 'listContactConsents',
        summary: "List a contact's consent records",
        description:
          'Every change of the contact’s subscriptions, newest first: state, opt-in level, source, the exact wording, IP, user agent and actor. Records are never changed or removed.',
        params: IdParams,
        querystring: ConsentListQuerySchema,
        response: { 200: ConsentPageSchema, 400: badRequest, 404: noContact },
      },
    },
    (request) => listContactConsents(request.ctx, request.params.id, request.query),
  );

  app.post(
    '/contacts/:id/invalid',
    {
      config: { role: 'support' },
      preValidation: emptyBodyAsObject,
      schema: {
        tags,
        operationId: 'markContactInvalid',
        summary: 'Mark a contact invalid',
        description:
          'A hard bounce or complaint reported by hand or by an email service: every subscription of the contact becomes `INVALID` (each recorded, `reason` as the record’s text) and nothing more is sent to the address.',
        params: IdParams,
        body: InvalidInputSchema,
        response: { 200: ContactSchema, 400: badRequest, 404: noContact },
      },
    },
    (request) => markContactInvalid(request.ctx, request.params.id, request.body),
  );

  app.get(
    '/customers/:id/contact',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        operationId: 'getCustomerContact',
        summary: "Get a customer's contact",
        description:
          'The marketing contact of the customer’s email address (whatever its case), with its state for every newsletter.',
        params: IdParams,
        response: { 200: ContactSchema, 400: badRequest, 404: noCustomerContact },
      },
    },
    (request) => getCustomerContact(request.ctx, request.params.id),
  );

  app.get(
    '/customers/:id/consents',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        operationId: 'listCustomerConsents',
        summary: "List a customer's consent records",
        description: 'The consent records of the customer’s contact, newest first.',
        params: IdParams,
        querystring: ConsentListQuerySchema,
        response: { 200: ConsentPageSchema, 400: badRequest, 404: noCustomerContact },
      },
    },
    (request) => listCustomerConsents(request.ctx, request.params.id, request.query),
  );

  app.put(
    '/customers/:id/subscriptions/:newsletterId',
    {
      config: { role: 'support' },
      schema: {
        tags,
        operationId: 'putCustomerSubscription',
        summary: "Set a customer's subscription",
        description:
          'An admin may unsubscribe or clear anyone, but `SUBSCRIBED` needs `consentText` saying where the consent came from (a paper form, a phone call); it is recorded with source `admin`, single opt-in.',
        params: SubscriptionParams,
        body: AdminSubscriptionInputSchema,
        response: {
          200: SubscriptionSchema,
          400: badRequest,
          404: problemResponse(
            'No such customer or newsletter in this tenant, or the customer has no email.',
          ),
        },
      },
    },
    (request) =>
      setCustomerSubscription(request.ctx, request.params.id, request.params.newsletterId, request.body, {
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      }),
  );
};
