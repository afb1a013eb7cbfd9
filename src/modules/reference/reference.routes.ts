import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { problemResponse } from '../../http/schemas.js';
import { DomainError } from '../../lib/errors.js';
import { isCountry, listCountries, listStates } from '../../lib/geo.js';

const CodeName = Type.Object({ code: Type.String({ maxLength: 10 }), name: Type.String({ maxLength: 200 }) });

/** ISO 3166 data for address forms, so clients use the same lists the server validates with. */
export const referenceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/reference/countries',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['reference'],
        operationId: 'listCountries',
        summary: 'List countries (ISO 3166-1)',
        response: { 200: Type.Object({ data: Type.Array(CodeName, { maxItems: 500 }) }) },
      },
    },
    async () => ({ data: listCountries() }),
  );

  app.get(
    '/reference/countries/:code/states',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['reference'],
        operationId: 'listStates',
        summary: "List a country's states (ISO 3166-2)",
        params: Type.Object(
          { code: Type.String({ pattern: '^[A-Z]{2}$', maxLength: 2 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ data: Type.Array(CodeName, { maxItems: 500 }) }),
          400: problemResponse('Not a country code.'),
          404: problemResponse('No such country.'),
        },
      },
    },
    async (request) => {
      if (!isCountry(request.params.code))
        throw new DomainError('not_found', 'country.not_found', 'No such country.');
      return { data: listStates(request.params.code) };
    },
  );
};
