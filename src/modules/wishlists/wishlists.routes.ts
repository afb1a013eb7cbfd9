import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams, NoContent, problemResponse } from '../../http/schemas.js';
import {
  WishlistInputSchema,
  WishlistItemInputSchema,
  WishlistItemParams,
  WishlistItemPatchSchema,
  WishlistItemSchema,
  WishlistListSchema,
  WishlistParams,
  WishlistSchema,
} from './wishlists.schemas.js';
import {
  addWishlistItem,
  createWishlist,
  deleteWishlist,
  getWishlist,
  listCustomerWishlists,
  listWishlists,
  removeWishlistItem,
  renameWishlist,
  updateWishlistItem,
} from './wishlists.service.js';

const tags = ['wish lists'];
const config = { store: 'shopper' as const };
const badRequest = problemResponse('Invalid input; `errors` names every bad field.');
const noList = problemResponse('You have no wish list with this id.');
const noItem = problemResponse('You have no wish list with this id, or it has no item with this id.');
const nameTaken = problemResponse('You already have a wish list with this name (whatever its case).');

/**
 * The signed-in shopper's wish lists (mounted under /store/v1). The customer is always the
 * session's: another shopper's list or item ids answer 404.
 */
export const myWishlistsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/me/wishlists',
    {
      config,
      schema: {
        tags,
        operationId: 'listMyWishlists',
        summary: 'My wish lists',
        description: 'Your wish lists with their items, oldest first.',
        response: { 200: WishlistListSchema },
      },
    },
    async (request) => ({ data: await listWishlists(request.store, request.shopper.customerId) }),
  );

  app.post(
    '/me/wishlists',
    {
      config,
      schema: {
        tags,
        operationId: 'createMyWishlist',
        summary: 'Start a wish list',
        description: 'A new, empty wish list. You can keep up to 50.',
        body: WishlistInputSchema,
        response: {
          201: WishlistSchema,
          400: badRequest,
          409: nameTaken,
          422: problemResponse('You already have 50 wish lists.'),
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createWishlist(request.store, request.shopper.customerId, request.body)),
  );

  app.get(
    '/me/wishlists/:wishlistId',
    {
      config,
      schema: {
        tags,
        operationId: 'getMyWishlist',
        summary: 'One of my wish lists',
        params: WishlistParams,
        response: { 200: WishlistSchema, 400: badRequest, 404: noList },
      },
    },
    (request) => getWishlist(request.store, request.shopper.customerId, request.params.wishlistId),
  );

  app.patch(
    '/me/wishlists/:wishlistId',
    {
      config,
      schema: {
        tags,
        operationId: 'renameMyWishlist',
        summary: 'Rename a wish list',
        params: WishlistParams,
        body: WishlistInputSchema,
        response: { 200: WishlistSchema, 400: badRequest, 404: noList, 409: nameTaken },
      },
    },
    (request) =>
      renameWishlist(request.store, request.shopper.customerId, request.params.wishlistId, request.body),
  );

  app.delete(
    '/me/wishlists/:wishlistId',
    {
      config,
      schema: {
        tags,
        operationId: 'deleteMyWishlist',
        summary: 'Delete a wish list',
        description: 'Removes the list and its items.',
        params: WishlistParams,
        response: { 204: NoContent, 400: badRequest, 404: noList },
      },
    },
    async (request, reply) => {
      await deleteWishlist(request.store, request.shopper.customerId, request.params.wishlistId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/me/wishlists/:wishlistId/items',
    {
      config,
      schema: {
        tags,
        operationId: 'addMyWishlistItem',
        summary: 'Add a product to a wish list',
        description:
          'A product (sku) is on a list once: adding it again is a 409, and you change that item instead. A list holds up to 500 items.',
        params: WishlistParams,
        body: WishlistItemInputSchema,
        response: {
          201: WishlistItemSchema,
          400: badRequest,
          404: noList,
          409: problemResponse('This product is already on the wish list.'),
          422: problemResponse('The wish list already holds 500 items.'),
        },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await addWishlistItem(
            request.store,
            request.shopper.customerId,
            request.params.wishlistId,
            request.body,
          ),
        ),
  );

  app.patch(
    '/me/wishlists/:wishlistId/items/:itemId',
    {
      config,
      schema: {
        tags,
        operationId: 'updateMyWishlistItem',
        summary: 'Change a wish-list item',
        description: 'Changes the name, quantity or note sent; `note: null` clears the note.',
        params: WishlistItemParams,
        body: WishlistItemPatchSchema,
        response: { 200: WishlistItemSchema, 400: badRequest, 404: noItem },
      },
    },
    (request) =>
      updateWishlistItem(
        request.store,
        request.shopper.customerId,
        request.params.wishlistId,
        request.params.itemId,
        request.body,
      ),
  );

  app.delete(
    '/me/wishlists/:wishlistId/items/:itemId',
    {
      config,
      schema: {
        tags,
        operationId: 'removeMyWishlistItem',
        summary: 'Remove a wish-list item',
        params: WishlistItemParams,
        response: { 204: NoContent, 400: badRequest, 404: noItem },
      },
    },
    async (request, reply) => {
      await removeWishlistItem(
        request.store,
        request.shopper.customerId,
        request.params.wishlistId,
        request.params.itemId,
      );
      return reply.status(204).send(null);
    },
  );
};

/** Admins read a customer's wish lists (mounted under /admin/v1). */
export const customerWishlistsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/customers/:id/wishlists',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        operationId: 'listCustomerWishlists',
        summary: "List a customer's wish lists",
        description: "The customer's wish lists with their items, oldest first.",
        params: IdParams,
        response: {
          200: WishlistListSchema,
          400: badRequest,
          404: problemResponse('No such customer in this tenant.'),
        },
      },
    },
    async (request) => ({ data: await listCustomerWishlists(request.ctx, request.params.id) }),
  );
};
