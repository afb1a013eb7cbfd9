import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { NoContent, problemResponse } from '../../http/schemas.js';
import { changePassword } from '../accounts/account-links.service.js';
import {
  AddressInputSchema,
  AddressListSchema,
  AddressPatchSchema,
  AddressSchema,
} from '../addresses/addresses.schemas.js';
import {
  createAddress,
  deleteAddress,
  listAddresses,
  updateAddress,
} from '../addresses/addresses.service.js';
import {
  ChangePasswordSchema,
  MePatchSchema,
  MeSchema,
  MyAddressParams,
  MyExportSchema,
} from './me.schemas.js';
import { exportMe, getMe, updateMe } from './me.service.js';

const tags = ['me'];
const config = { store: 'shopper' as const };
const badRequest = problemResponse('Invalid input; `errors` names every bad field.');
const noAddress = problemResponse('You have no address with this id.');

/**
 * The signed-in shopper's own account (mounted under /store/v1). The customer is always the
 * session's, never one named in the URL or body.
 */
export const meRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/me',
    {
      config,
      schema: {
        tags,
        operationId: 'getMe',
        summary: 'My profile',
        description:
          'Your details, sign-in name and addresses. `pendingEmail` is a new email waiting for its confirmation link. `groups` and `roles` are the codes you hold now on this site, for the store to gate restricted sections, products and discounts.',
        response: { 200: MeSchema },
      },
    },
    (request) => getMe(request.store, request.shopper.customerId),
  );

  app.patch(
    '/me',
    {
      config,
      schema: {
        tags,
        operationId: 'updateMe',
        summary: 'Change my profile',
        description:
          'Changes the fields sent. A new `username` must be free in this customer set (case-insensitive). A new `email` needs `currentPassword` and does not apply at once: a confirmation link is emailed to it, and the answer shows it as `pendingEmail` until the link is opened (POST /store/v1/auth/email/confirm).',
        body: MePatchSchema,
        response: {
          200: MeSchema,
          400: badRequest,
          409: problemResponse('Another account in this customer set has this username.'),
        },
      },
    },
    (request) => updateMe(request.store, request.shopper.customerId, request.body),
  );

  app.get(
    '/me/addresses',
    {
      config,
      schema: {
        tags,
        operationId: 'listMyAddresses',
        summary: 'My addresses',
        description: 'Your saved addresses, oldest first, with the default billing and shipping flags.',
        response: { 200: AddressListSchema },
      },
    },
    async (request) => ({ data: await listAddresses(request.store, request.shopper.customerId) }),
  );

  app.post(
    '/me/addresses',
    {
      config,
      schema: {
        tags,
        operationId: 'createMyAddress',
        summary: 'Add an address',
        description:
          'Your first address becomes the default billing and shipping address. The state must belong to the country; the phone is read with the address country as its region and stored in E.164.',
        body: AddressInputSchema,
        response: { 201: AddressSchema, 400: badRequest },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createAddress(request.store, request.shopper.customerId, request.body)),
  );

  app.patch(
    '/me/addresses/:addressId',
    {
      config,
      schema: {
        tags,
        operationId: 'updateMyAddress',
        summary: 'Change an address',
        description: 'Flagging it default billing or shipping takes the flag from your other address.',
        params: MyAddressParams,
        body: AddressPatchSchema,
        response: { 200: AddressSchema, 400: badRequest, 404: noAddress },
      },
    },
    (request) =>
      updateAddress(request.store, request.shopper.customerId, request.params.addressId, request.body),
  );

  app.delete(
    '/me/addresses/:addressId',
    {
      config,
      schema: {
        tags,
        operationId: 'deleteMyAddress',
        summary: 'Remove an address',
        description:
          'Removing the default billing or shipping address leaves you without one until you flag another.',
        params: MyAddressParams,
        response: { 204: NoContent, 400: badRequest, 404: noAddress },
      },
    },
    async (request, reply) => {
      await deleteAddress(request.store, request.shopper.customerId, request.params.addressId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/me/password',
    {
      config,
      schema: {
        tags,
        operationId: 'changeMyPassword',
        summary: 'Change my password',
        description:
          'Needs the current password. Your other sessions end (this one stays signed in) and a notice is emailed to you.',
        body: ChangePasswordSchema,
        response: { 204: NoContent, 400: badRequest },
      },
    },
    async (request, reply) => {
      await changePassword(
        request.store,
        request.shopper.customerId,
        request.shopper.sessionId,
        request.body,
      );
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/me/export',
    {
      config,
      schema: {
        tags,
        operationId: 'exportMe',
        summary: 'Download my data',
        description:
          'Everything kept about you, as a JSON attachment: profile and addresses, account dates, sessions, timeline, and the guest checkouts your account took over. Never a password or token.',
        response: { 200: MyExportSchema },
      },
    },
    async (request, reply) => {
      const data = await exportMe(request.store, request.shopper.customerId);
      return reply.header('content-disposition', 'attachment; filename="my-account.json"').send(data);
    },
  );
};
