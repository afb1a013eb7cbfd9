import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams, NoContent, problemResponse } from '../../http/schemas.js';
import type { CustomerFilterSource } from '../../lib/module.js';
import {
  DefaultViewSchema,
  ViewCreateSchema,
  ViewListQuerySchema,
  ViewPageSchema,
  ViewPatchSchema,
  ViewSchema,
} from './views.schemas.js';
import { createView, deleteView, getView, listViews, setDefaultView, updateView } from './views.service.js';

const tags = ['views'];
const badRequest = problemResponse(
  'Invalid input; `errors` names every bad field. A bad filter names `/filter` with the position of the fault, a sort the grid cannot take `/sort`, an unknown segment `/segmentId`.',
);
const notFound = problemResponse("No such view in this tenant, or another author's private view.");
const nameTaken = problemResponse(
  "Another view in the same place (the tenant's shared views, or your own) has this name, whatever its case.",
);
const sharedOnly = problemResponse(
  "Shared views are the tenant's: saving, changing or deleting one needs the admin role (`view.shared_needs_admin`). API calls without an author (none today) get `view.no_author`.",
);

/**
 * Saved views of the customer grid (mounted under /admin/v1). `customerFilters` adds the other
 * modules' attributes, so a view's filter is checked exactly as the customer list checks it.
 */
export const viewsRoutes =
  (customerFilters: CustomerFilterSource): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/views',
      {
        config: { role: 'viewer' },
        schema: {
          tags,
          operationId: 'listViews',
          summary: 'List saved views',
          description:
            "The tenant's shared views and the caller's own private ones, by name. `isDefault` marks the one the caller's grid opens on.",
          querystring: ViewListQuerySchema,
          response: { 200: ViewPageSchema, 400: badRequest, 403: sharedOnly },
        },
      },
      (request) => listViews(request.ctx, request.query),
    );

    app.post(
      '/views',
      {
        config: { role: 'support' },
        schema: {
          tags,
          operationId: 'createView',
          summary: 'Save a view',
          description:
            "Saves the customer grid's state (`q`, `filter`, `sort`, `columns`, `segmentId`) under a name. Private (the default) to its author; `shared: true` needs the admin role. The filter and sort are checked as the customer list checks them.",
          body: ViewCreateSchema,
          response: { 201: ViewSchema, 400: badRequest, 403: sharedOnly, 409: nameTaken },
        },
      },
      async (request, reply) => {
        const view = await createView(request.ctx, request.body, customerFilters);
        return reply.status(201).header('location', `/admin/v1/views/${view.id}`).send(view);
      },
    );

    app.put(
      '/views/default',
      {
        config: { role: 'viewer' },
        schema: {
          tags,
          operationId: 'setDefaultView',
          summary: 'Choose your default view',
          description:
            "The view the caller's customer grid opens on: any view they can see (shared, or their own), or `null` for none. Each admin user and API key has its own.",
          body: DefaultViewSchema,
          response: { 200: DefaultViewSchema, 400: badRequest, 403: sharedOnly },
        },
      },
      (request) => setDefaultView(request.ctx, request.body),
    );

    app.get(
      '/views/:id',
      {
        config: { role: 'viewer' },
        schema: {
          tags,
          operationId: 'getView',
          summary: 'Get a view',
          description: 'A shared view, or one of your own.',
          params: IdParams,
          response: { 200: ViewSchema, 400: badRequest, 403: sharedOnly, 404: notFound },
        },
      },
      (request) => getView(request.ctx, request.params.id),
    );

    app.patch(
      '/views/:id',
      {
        config: { role: 'support' },
        schema: {
          tags,
          operationId: 'updateView',
          summary: 'Change a view',
          description:
            'Changes the given fields; filter and sort are checked as on creation. Your own private views are yours to change; a shared one (or sharing one) needs the admin role. A shared view made private goes back to its author alone.',
          params: IdParams,
          body: ViewPatchSchema,
          response: { 200: ViewSchema, 400: badRequest, 403: sharedOnly, 404: notFound, 409: nameTaken },
        },
      },
      (request) => updateView(request.ctx, request.params.id, request.body, customerFilters),
    );

    app.delete(
      '/views/:id',
      {
        config: { role: 'support' },
        schema: {
          tags,
          operationId: 'deleteView',
          summary: 'Delete a view',
          description:
            "Removes the view (a shared one needs the admin role); it stops being anyone's default. No customer changes.",
          params: IdParams,
          response: { 204: NoContent, 400: badRequest, 403: sharedOnly, 404: notFound },
        },
      },
      async (request, reply) => {
        await deleteView(request.ctx, request.params.id);
        return reply.status(204).send(null);
      },
    );
  };
