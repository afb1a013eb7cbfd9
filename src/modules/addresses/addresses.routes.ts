import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams, NoContent, problemResponse } from '../../http/schemas.js';
import {
  type AddressInput,
  AddressInputSchema,
  AddressListSchema,
  AddressParams,
  type AddressPatch,
  AddressPatchSchema,
  AddressSchema,
} from './addresses.schemas.js';
import {
  checkAddress,
  createAddress,
  deleteAddress,
  listAddresses,
  updateAddress,
} from './addresses.service.js';

const tags = ['addresses'];
const badRequest = problemResponse('Invalid input; `errors` names every bad field.');
const notFound = problemResponse('No such customer or address in this tenant.');

export const addressesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/customers/:id/addresses',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        operationId: 'listAddresses',
        summary: "List a customer's addresses",
        params: IdParams,
        response: { 200: AddressListSchema, 400: badRequest, 404: notFound },
      },
    },
    async (request) => ({ data: await listAddresses(request.ctx, request.params.id) }),
  );

  app.post(
    '/customers/:id/addresses',
    {
      config: {
        role: 'support',
        fieldChecks: (request, body) =>
          checkAddress(request.ctx, (request.params as { id: string }).id, null, body as AddressInput),
      },
      schema: {
        tags,
        operationId: 'createAddress',
        summary: 'Add an address',
        description:
          'The state must belong to the country; the phone is read with the address country as its region and stored in E.164.',
        params: IdParams,
        body: AddressInputSchema,
        response: { 201: AddressSchema, 400: badRequest, 404: notFound },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createAddress(request.ctx, request.params.id, request.body)),
  );

  app.patch(
    '/customers/:id/addresses/:addressId',
    {
      config: {
        role: 'support',
        fieldChecks: (request, body) => {
          const { id, addressId } = request.params as { id: string; addressId: string };
          return checkAddress(request.ctx, id, addressId, body as AddressPatch);
        },
      },
      schema: {
        tags,
        operationId: 'updateAddress',
        summary: 'Change an address',
        description: 'Flagging it default billing or shipping takes the flag from the other address.',
        params: AddressParams,
        body: AddressPatchSchema,
        response: { 200: AddressSchema, 400: badRequest, 404: notFound },
      },
    },
    (request) => updateAddress(request.ctx, request.params.id, request.params.addressId, request.body),
  );

  app.delete(
    '/customers/:id/addresses/:addressId',
    {
      config: { role: 'support' },
      schema: {
        tags,
        operationId: 'deleteAddress',
        summary: 'Remove an address',
        params: AddressParams,
        response: { 204: NoContent, 400: badRequest, 404: notFound },
      },
    },
    async (request, reply) => {
      await deleteAddress(request.ctx, request.params.id, request.params.addressId);
      return reply.status(204).send(null);
    },
  );
};
