import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Nullable, Uuid } from '../../http/schemas.js';
import { listSites } from './tenants.service.js';

const SiteSchema = Type.Object({
  id: Uuid(),
  code: Type.String(),
  name: Type.String(),
  customerSetId: Uuid(),
  defaultCurrency: Type.String({ description: 'ISO 4217 code.' }),
  countryCode: Nullable(Type.String({ description: 'Default region for phone numbers (ISO 3166-1 alpha-2).' })),
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
        response: { 200: Type.Object({ data: Type.Array(SiteSchema) }) },
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
