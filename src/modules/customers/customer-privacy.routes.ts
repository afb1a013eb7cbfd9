import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { eraseCustomer } from '../../flows/erase-customer.js';
import { exportCustomerData } from '../../flows/export-customer-data.js';
import { IdParams, problemResponse } from '../../http/schemas.js';
import type { ModuleCustomerData } from '../../lib/module.js';
import { CustomerExportSchema, ErasureInputSchema, ErasureResultSchema } from './customer-privacy.schemas.js';

const tags = ['customers'];
const badRequest = problemResponse('Invalid input; `errors` names every bad field.');
const notFound = problemResponse(
  'No such customer in this tenant; a merged id answers `customer.merged` naming the customer it went into.',
);

/**
 * The GDPR rights of access and erasure on one customer (mounted under /admin/v1;
 * docs/privacy.md). `hooks` are every module's customerData (ModuleSetup.customerData).
 */
export const customerPrivacyRoutes =
  (hooks: readonly ModuleCustomerData[]): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/customers/:id/export',
      {
        config: { role: 'support' },
        schema: {
          tags,
          operationId: 'exportCustomerData',
          summary: 'Export everything held about a customer (GDPR access)',
          description:
            "One JSON document (an attachment) with a section per module holding customer data, each with what it holds in words and its rows: details and custom attribute values, addresses, account facts, sessions and emailed links (never a password hash or token), orders with lines and status changes, carts, wish lists, the store-credit ledger and balances, group memberships and roles, staff notes, marketing contacts, subscriptions and consent records, the timeline, and the emails sent. An erased customer's export shows what the store kept.",
          params: IdParams,
          response: { 200: CustomerExportSchema, 400: badRequest, 404: notFound },
        },
      },
      async (request, reply) => {
        const data = await exportCustomerData(request.ctx, hooks, request.params.id);
        return reply
          .header('content-disposition', `attachment; filename="customer-${request.params.id}.json"`)
          .send(data);
      },
    );

    app.post(
      '/customers/:id/erase',
      {
        config: { role: 'admin' },
        schema: {
          tags,
          operationId: 'eraseCustomer',
          summary: "Erase a customer's personal data (GDPR erasure)",
          description:
            "Removes the customer's personal data everywhere, in one transaction: names, email, phone, company details, locale, note, tags and custom attribute values on the record; addresses; the account, its sessions and links; carts, wish lists, group memberships, roles and staff notes; emails sent; the names, email and addresses copied onto orders and staff notes on their status changes; the marketing contact's address and names (subscriptions become `REDACTED`, consent records stay without IP address and user agent); and the personal values in the timeline's diffs. Kept for the store's accounts: order numbers, lines, totals, dates and statuses, the store-credit ledger, and the customer's id (the record stays with `erasedAt` set, GET still answers it, blank). Guest checkouts the customer's account took over are erased with it. The timeline gets `customer.erased` with the counts, never the values. `dryRun: true` answers the same counts and changes nothing. Erasing twice answers 409 `customer.already_erased`.",
          params: IdParams,
          body: ErasureInputSchema,
          response: {
            200: ErasureResultSchema,
            400: badRequest,
            404: notFound,
            409: problemResponse('The customer was erased already (`customer.already_erased`).'),
          },
        },
      },
      (request) => eraseCustomer(request.ctx, hooks, request.params.id, request.body),
    );
  };
