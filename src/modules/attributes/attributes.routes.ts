import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { changeAttribute, defineAttribute, removeAttribute } from '../../flows/custom-attributes.js';
import { IdParams, NoContent, problemResponse } from '../../http/schemas.js';
import {
  AttributeCreateSchema,
  AttributeListQuerySchema,
  AttributePageSchema,
  AttributePatchSchema,
  AttributeSchema,
} from './attributes.schemas.js';
import { attributeToApi, getAttribute, listAttributes } from './attributes.service.js';

const tags = ['attributes'];
const badRequest = problemResponse('Invalid input; `errors` names every bad field.');
const notFound = problemResponse('No such custom attribute in this tenant.');

/** The tenant's custom attribute definitions (mounted under /admin/v1). */
export const attributesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/attributes',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        operationId: 'listAttributes',
        summary: 'List custom attributes',
        description:
          "The tenant's custom attribute definitions. Customers carry their values in `attributes`, and the customer list filters on `attributes.<code>` (and sorts on indexed ones).",
        querystring: AttributeListQuerySchema,
        response: { 200: AttributePageSchema, 400: badRequest },
      },
    },
    (request) => listAttributes(request.ctx, request.query),
  );

  app.post(
    '/attributes',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        operationId: 'createAttribute',
        summary: 'Define a custom attribute',
        description:
          'A typed field every customer may carry. With `indexed: true` its index is built before the answer (concurrently on PostgreSQL, so customer writes go on meanwhile).',
        body: AttributeCreateSchema,
        response: {
          201: AttributeSchema,
          400: badRequest,
          409: problemResponse('Another custom attribute of this tenant has this code.'),
          422: problemResponse('The tenant already has 100 custom attributes.'),
        },
      },
    },
    async (request, reply) => {
      const attribute = await defineAttribute(request.ctx, request.body);
      return reply.status(201).header('location', `/admin/v1/attributes/${attribute.id}`).send(attribute);
    },
  );

  app.get(
    '/attributes/:id',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        operationId: 'getAttribute',
        summary: 'Get a custom attribute',
        params: IdParams,
        response: { 200: AttributeSchema, 400: badRequest, 404: notFound },
      },
    },
    async (request) => attributeToApi(await getAttribute(request.ctx, request.params.id)),
  );

  app.patch(
    '/attributes/:id',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        operationId: 'updateAttribute',
        summary: 'Change a custom attribute',
        description:
          'Changes the fields sent; `code` and `type` cannot change. Values customers already hold are not checked again: one that no longer fits stays until it is next written. Setting `indexed` builds the index, clearing it drops the index.',
        params: IdParams,
        body: AttributePatchSchema,
        response: { 200: AttributeSchema, 400: badRequest, 404: notFound },
      },
    },
    (request) => changeAttribute(request.ctx, request.params.id, request.body),
  );

  app.delete(
    '/attributes/:id',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        operationId: 'deleteAttribute',
        summary: 'Delete a custom attribute',
        description:
          "Removes the definition and every customer's value of it, and its index. The values are gone for good.",
        params: IdParams,
        response: { 204: NoContent, 400: badRequest, 404: notFound },
      },
    },
    async (request, reply) => {
      await removeAttribute(request.ctx, request.params.id);
      return reply.status(204).send(null);
    },
  );
};
