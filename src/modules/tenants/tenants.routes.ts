import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { IdParams, problemResponse } from '../../http/schemas.js';
import { iso } from '../../lib/time.js';
import {
  type CustomerSet,
  CustomerSetCreateSchema,
  CustomerSetPatchSchema,
  CustomerSetSchema,
  type Site,
  SiteCreateSchema,
  SitePatchSchema,
  SiteSchema,
  siteSettings,
} from './tenants.schemas.js';
import {
  type CustomerSetRow,
  createCustomerSet,
  createSite,
  getCustomerSet,
  getSite,
  listCustomerSets,
  listSites,
  rotatePublishableKey,
  updateCustomerSet,
  updateSite,
} from './tenants.service.js';

const tags = ['sites'];
const badRequest = problemResponse('Invalid input; `errors` names every bad field.');
const siteNotFound = problemResponse('No such site in this tenant.');
const setNotFound = problemResponse('No such customer set in this tenant.');

const siteToApi = (row: Awaited<ReturnType<typeof getSite>>): Site => ({
  id: row.id,
  code: row.code,
  name: row.name,
  customerSetId: row.customerSetId,
  defaultCurrency: row.defaultCurrency,
  countryCode: row.countryCode,
  publishableKey: row.publishableKey,
  settings: siteSettings(row.settings),
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
});

const customerSetToApi = (row: CustomerSetRow): CustomerSet => ({
  id: row.id,
  code: row.code,
  name: row.name,
  isDefault: row.isDefault,
  siteIds: row.siteIds,
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
});

export const tenantsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/sites',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        operationId: 'listSites',
        summary: "List the tenant's sites",
        description:
          'Every site with its publishable key (for `X-Site-Key` on the storefront API) and its settings, defaults filled in.',
        response: { 200: Type.Object({ data: Type.Array(SiteSchema, { maxItems: 1000 }) }) },
      },
    },
    async (request) => ({ data: (await listSites(request.ctx)).map(siteToApi) }),
  );

  app.post(
    '/sites',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        operationId: 'createSite',
        summary: 'Create a site',
        description:
          "Adds a site with a new publishable key. Without `customerSetId` it joins the tenant's default customer set; settings left out take their defaults.",
        body: SiteCreateSchema,
        response: {
          201: SiteSchema,
          400: badRequest,
          409: problemResponse('Another site of the tenant has this code.'),
        },
      },
    },
    async (request, reply) => {
      const site = siteToApi(await createSite(request.ctx, request.body));
      return reply.status(201).header('location', `/admin/v1/sites/${site.id}`).send(site);
    },
  );

  app.get(
    '/sites/:id',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        operationId: 'getSite',
        summary: 'Get a site',
        description: 'The site with its publishable key and its settings, defaults filled in.',
        params: IdParams,
        response: { 200: SiteSchema, 400: badRequest, 404: siteNotFound },
      },
    },
    async (request) => siteToApi(await getSite(request.ctx, request.params.id)),
  );

  app.patch(
    '/sites/:id',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        operationId: 'updateSite',
        summary: 'Change a site',
        description:
          'Changes the given fields. `settings` is merged field by field: `{"settings": {"lockout": {"maxFailures": 3}}}` changes that one setting and keeps the others. Moving a site to another customer set changes which shopper logins work on it.',
        params: IdParams,
        body: SitePatchSchema,
        response: { 200: SiteSchema, 400: badRequest, 404: siteNotFound },
      },
    },
    async (request) => siteToApi(await updateSite(request.ctx, request.params.id, request.body)),
  );

  app.post(
    '/sites/:id/rotate-key',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        operationId: 'rotateSitePublishableKey',
        summary: "Replace a site's publishable key",
        description:
          'Gives the site a new publishable key. The old key stops working at once (within 2 seconds on other server processes); storefronts must be updated to send the new one.',
        params: IdParams,
        response: { 200: SiteSchema, 400: badRequest, 404: siteNotFound },
      },
    },
    async (request) => siteToApi(await rotatePublishableKey(request.ctx, request.params.id)),
  );

  app.get(
    '/customer-sets',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        operationId: 'listCustomerSets',
        summary: "List the tenant's customer sets",
        description:
          'Sites in one customer set share their shoppers: one registered account per email signs in on all of them. The default set comes first.',
        response: { 200: Type.Object({ data: Type.Array(CustomerSetSchema, { maxItems: 1000 }) }) },
      },
    },
    async (request) => ({ data: (await listCustomerSets(request.ctx)).map(customerSetToApi) }),
  );

  app.post(
    '/customer-sets',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        operationId: 'createCustomerSet',
        summary: 'Create a customer set',
        description:
          'Adds an empty customer set; create sites in it or move sites to it. Its shoppers and logins are separate from every other set.',
        body: CustomerSetCreateSchema,
        response: {
          201: CustomerSetSchema,
          400: badRequest,
          409: problemResponse('Another customer set of the tenant has this code.'),
        },
      },
    },
    async (request, reply) => {
      const set = customerSetToApi(await createCustomerSet(request.ctx, request.body));
      return reply.status(201).header('location', `/admin/v1/customer-sets/${set.id}`).send(set);
    },
  );

  app.get(
    '/customer-sets/:id',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        operationId: 'getCustomerSet',
        summary: 'Get a customer set',
        description: 'The customer set with the ids of its sites.',
        params: IdParams,
        response: { 200: CustomerSetSchema, 400: badRequest, 404: setNotFound },
      },
    },
    async (request) => customerSetToApi(await getCustomerSet(request.ctx, request.params.id)),
  );

  app.patch(
    '/customer-sets/:id',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        operationId: 'updateCustomerSet',
        summary: 'Rename a customer set',
        description: 'Changes the name; the code stays.',
        params: IdParams,
        body: CustomerSetPatchSchema,
        response: { 200: CustomerSetSchema, 400: badRequest, 404: setNotFound },
      },
    },
    async (request) =>
      customerSetToApi(await updateCustomerSet(request.ctx, request.params.id, request.body)),
  );
};
