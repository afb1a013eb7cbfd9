import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Nullable, Uuid } from '../../http/schemas.js';
import { listSites } from './tenants.service.js';

const SiteSchema = Type.Object({
  id: Uuid(),
  code: Type.String({ maxLength: 40 }),
  name: Type.String({ maxLength: 200 }),
  customerSetId: Uuid(),
  defaultCurrency: Type.String({ pattern: '^[A-Z]{3}$', maxLength: 3, description: 'ISO 4217 code.' }),
  countryCode: Nullable(
    Type.String({ maxLength: 2, description: 'Default region for phone numbers (ISO 3166-1 alpha-2).' }),
  ),
});

export const tenantsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/sites',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['sites'],
        operationId: 'listSites',
        summary: "List the tenant's sites",
        response: { 200: Type.Object({ data: Type.Array(SiteSchema, { maxItems: 1000 }) }) },
      },
    },
    async (request) => ({
      data: (await listSites(request.ctx)).map((s) => ({
        id: s.id,
        code: s.code,
        name: s.name,
        customerSetId: s.customerSetId,
        defaultCurrency: s.defaultCurrency,
        countryCode: s.countryCode,
      })),
    }),
  );
};
