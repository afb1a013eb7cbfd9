import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams, problemResponse } from '../../http/schemas.js';
import { sendIdempotent } from '../idempotency/idempotency.reply.js';
import { idempotencyHeaders } from '../idempotency/idempotency.schemas.js';
import {
  CreditBalancesSchema,
  CreditEntryCreateSchema,
  CreditEntryPageSchema,
  CreditEntryQuerySchema,
  CreditEntryResultSchema,
  CreditRedeemSchema,
  MyCreditEntryPageSchema,
  MyCreditSchema,
} from './credit.schemas.js';
import {
  addCreditEntry,
  getCreditBalances,
  getMyCredit,
  listCreditEntries,
  listMyCreditEntries,
  redeemCredit,
} from './credit.service.js';

const tags = ['store credit'];
const badRequest = problemResponse(
  'Invalid input (or no Idempotency-Key header); `errors` names every bad field.',
);
const notFound = problemResponse('No such customer in this tenant.');
const inFlight = problemResponse('A request with this Idempotency-Key is still being processed.');

/**
 * A customer's store credit (mounted under /admin/v1). Support agents issue, deduct and
 * redeem (every entry keeps who and why); anyone who can read customers reads it.
 */
export const creditAdminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/customers/:id/credit',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        operationId: 'getCustomerCredit',
        summary: "A customer's credit balances",
        description:
          'The balance in each currency the customer ever had credit in (zero balances included), by currency.',
        params: IdParams,
        response: { 200: CreditBalancesSchema, 400: badRequest, 404: notFound },
      },
    },
    (request) => getCreditBalances(request.ctx, request.params.id),
  );

  app.post(
    '/customers/:id/credit',
    {
      config: { role: 'support' },
      schema: {
        tags,
        operationId: 'addCustomerCredit',
        summary: 'Issue or deduct credit',
        description:
          'Adds an entry to the ledger: a positive `amount` issues credit (optionally expiring at `expiresAt`), a negative one deducts it, taking the soonest-expiring credit first. The balance moves in the same transaction and never below zero: a deduction larger than the balance is a 422 `credit.insufficient`, decided under concurrency. Requires an `Idempotency-Key`; a retry with the same key replays the first answer with `Idempotent-Replayed: true`.',
        params: IdParams,
        headers: idempotencyHeaders('money movement'),
        body: CreditEntryCreateSchema,
        response: {
          201: CreditEntryResultSchema,
          400: badRequest,
          404: notFound,
          409: inFlight,
          422: problemResponse(
            '`credit.insufficient`: the deduction is larger than the balance; `idempotency.key_reused`: the key was used with another request.',
          ),
        },
      },
    },
    async (request, reply) =>
      sendIdempotent(
        reply,
        await addCreditEntry(
          request.ctx,
          request.params.id,
          request.body,
          request.headers['idempotency-key'],
        ),
      ),
  );

  app.post(
    '/customers/:id/credit/redeem',
    {
      config: { role: 'support' },
      schema: {
        tags,
        operationId: 'redeemCustomerCredit',
        summary: 'Spend credit on an order',
        description:
          "How the checkout pays with credit: a `redeem` entry tied to an order of this customer, in the order's currency, at most what is left of the order's total. Cancelling or refunding the order gives it back as new credit that does not expire. Requires an `Idempotency-Key`; a retry with the same key replays the first answer with `Idempotent-Replayed: true`.",
        params: IdParams,
        headers: idempotencyHeaders('money movement'),
        body: CreditRedeemSchema,
        response: {
          201: CreditEntryResultSchema,
          400: badRequest,
          404: notFound,
          409: inFlight,
          422: problemResponse(
            '`credit.insufficient`: not enough credit; `credit.unknown_order`: not an order of this customer; `credit.currency_mismatch`, `credit.order_closed`, `credit.exceeds_order`; `idempotency.key_reused`.',
          ),
        },
      },
    },
    async (request, reply) =>
      sendIdempotent(
        reply,
        await redeemCredit(request.ctx, request.params.id, request.body, request.headers['idempotency-key']),
      ),
  );

  app.get(
    '/customers/:id/credit/entries',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        operationId: 'listCustomerCreditEntries',
        summary: "A customer's credit activity",
        description:
          'Every ledger entry (issues, deductions, redemptions, returns, expiries), newest first, with who made it and why. Follow `nextCursor` for the next page.',
        params: IdParams,
        querystring: CreditEntryQuerySchema,
        response: { 200: CreditEntryPageSchema, 400: badRequest, 404: notFound },
      },
    },
    (request) => listCreditEntries(request.ctx, request.params.id, request.query),
  );
};

const store = { store: 'shopper' as const };

/** The signed-in shopper's own credit (mounted under /store/v1); always the session's customer. */
export const creditStoreRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/me/credit',
    {
      config: store,
      schema: {
        tags: ['me'],
        operationId: 'getMyCredit',
        summary: 'My store credit',
        description:
          'Your balance in each currency and your latest credit activity (20 entries; follow `entries.nextCursor` with GET /store/v1/me/credit/entries).',
        response: { 200: MyCreditSchema },
      },
    },
    (request) => getMyCredit(request.store, request.shopper.customerId),
  );

  app.get(
    '/me/credit/entries',
    {
      config: store,
      schema: {
        tags: ['me'],
        operationId: 'listMyCreditEntries',
        summary: 'My credit activity',
        description: 'Your credit activity, newest first. Follow `nextCursor` for the next page.',
        querystring: CreditEntryQuerySchema,
        response: { 200: MyCreditEntryPageSchema, 400: problemResponse('Invalid query.') },
      },
    },
    (request) => listMyCreditEntries(request.store, request.shopper.customerId, request.query),
  );
};
