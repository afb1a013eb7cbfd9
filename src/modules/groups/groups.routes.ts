import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { emptyBodyAsObject } from '../../http/optional-body.js';
import { IdParams, NoContent, problemResponse } from '../../http/schemas.js';
import {
  GroupInputSchema,
  GroupListQuerySchema,
  GroupPageSchema,
  GroupPatchSchema,
  GroupSchema,
  MembershipInputSchema,
  MembershipListSchema,
  MembershipParams,
  MembershipSchema,
} from './groups.schemas.js';
import { createGroup, deleteGroup, getGroup, listGroups, updateGroup } from './groups.service.js';
import { listMemberships, putMembership, removeMembership } from './memberships.service.js';

const tags = ['groups'];
const badRequest = problemResponse('Invalid input; `errors` names every bad field.');
const noGroup = problemResponse('No such group in this tenant.');
const codeTaken = problemResponse('Another group has this code (whatever its case).');
const noCustomerOrGroup = problemResponse('No such customer or group in this tenant.');

/** The tenant's groups (mounted under /admin/v1): a group bundles roles for its members. */
export const groupsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/groups',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        operationId: 'listGroups',
        summary: 'List groups',
        description: 'The tenant’s groups with the roles they bundle, by code unless sorted otherwise.',
        querystring: GroupListQuerySchema,
        response: { 200: GroupPageSchema, 400: badRequest },
      },
    },
    (request) => listGroups(request.ctx, request.query),
  );

  app.post(
    '/groups',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        operationId: 'createGroup',
        summary: 'Create a group',
        description:
          'A group bundles roles (`roleIds`) for its members. `code` is what stores gate on and filters name (`group eq "vip"`); `reminderDays` asks for one email that many days before a membership ends.',
        body: GroupInputSchema,
        response: { 201: GroupSchema, 400: badRequest, 409: codeTaken },
      },
    },
    async (request, reply) => {
      const group = await createGroup(request.ctx, request.body);
      return reply.status(201).header('location', `/admin/v1/groups/${group.id}`).send(group);
    },
  );

  app.get(
    '/groups/:id',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        operationId: 'getGroup',
        summary: 'Get a group',
        description: 'The group with the ids of the roles it bundles.',
        params: IdParams,
        response: { 200: GroupSchema, 400: badRequest, 404: noGroup },
      },
    },
    (request) => getGroup(request.ctx, request.params.id),
  );

  app.patch(
    '/groups/:id',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        operationId: 'updateGroup',
        summary: 'Change a group',
        description:
          'Changes the fields sent; `roleIds` replaces the bundled roles, for every member at once. `reminderDays: null` stops reminders.',
        params: IdParams,
        body: GroupPatchSchema,
        response: { 200: GroupSchema, 400: badRequest, 404: noGroup, 409: codeTaken },
      },
    },
    (request) => updateGroup(request.ctx, request.params.id, request.body),
  );

  app.delete(
    '/groups/:id',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        operationId: 'deleteGroup',
        summary: 'Delete a group',
        description:
          'Removes the group and every membership of it at once; members lose its roles. No event is written per member.',
        params: IdParams,
        response: { 204: NoContent, 400: badRequest, 404: noGroup },
      },
    },
    async (request, reply) => {
      await deleteGroup(request.ctx, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/customers/:id/groups',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        operationId: 'listCustomerGroups',
        summary: "List a customer's memberships",
        description:
          'Every membership the customer holds: active now, starting later, or expired (`active: false`), by group code.',
        params: IdParams,
        response: {
          200: MembershipListSchema,
          400: badRequest,
          404: problemResponse('No such customer in this tenant.'),
        },
      },
    },
    async (request) => ({ data: await listMemberships(request.ctx, request.params.id) }),
  );

  app.put(
    '/customers/:id/groups/:groupId',
    {
      config: { role: 'support' },
      preValidation: emptyBodyAsObject,
      schema: {
        tags,
        operationId: 'putCustomerGroup',
        summary: 'Add or change a membership',
        description:
          'Makes the customer a member of the group for `validFrom`–`validTo`: absent `validFrom` is now (or the current start of a membership not yet ended), absent `validTo` is no end. Renews an expired membership. 201 when new, 200 when changed. A customer holds at most 500 memberships, expired ones included (422). Recorded on the timeline.',
        params: MembershipParams,
        body: MembershipInputSchema,
        response: {
          200: MembershipSchema,
          201: MembershipSchema,
          400: badRequest,
          404: noCustomerOrGroup,
          422: problemResponse('The customer already holds 500 memberships.'),
        },
      },
    },
    async (request, reply) => {
      const { id, groupId } = request.params;
      const { membership, created } = await putMembership(request.ctx, id, groupId, request.body);
      if (created) reply.status(201);
      return reply.send(membership);
    },
  );

  app.delete(
    '/customers/:id/groups/:groupId',
    {
      config: { role: 'support' },
      schema: {
        tags,
        operationId: 'deleteCustomerGroup',
        summary: 'End a membership',
        description:
          'Ends the membership now by removing it; the timeline keeps its period (`membership.removed`).',
        params: MembershipParams,
        response: {
          204: NoContent,
          400: badRequest,
          404: problemResponse('No such customer or group in this tenant, or the customer is not a member.'),
        },
      },
    },
    async (request, reply) => {
      await removeMembership(request.ctx, request.params.id, request.params.groupId);
      return reply.status(204).send(null);
    },
  );
};
