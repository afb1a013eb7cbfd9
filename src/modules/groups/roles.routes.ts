import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { emptyBodyAsObject } from '../../http/optional-body.js';
import { IdParams, NoContent, problemResponse } from '../../http/schemas.js';
import {
  EffectiveRoleListSchema,
  EffectiveRoleSchema,
  RoleAssignmentInputSchema,
  RoleAssignmentQuerySchema,
  RoleInputSchema,
  RoleListQuerySchema,
  RolePageSchema,
  RoleParams,
  RolePatchSchema,
  RoleSchema,
} from './roles.schemas.js';
import {
  assignRole,
  createRole,
  deleteRole,
  getRole,
  listCustomerRoles,
  listRoles,
  unassignRole,
  updateRole,
} from './roles.service.js';

const tags = ['customer roles'];
const badRequest = problemResponse('Invalid input; `errors` names every bad field.');
const noRole = problemResponse('No such role in this tenant.');
const codeTaken = problemResponse('Another role has this code (whatever its case).');

/** The tenant's customer roles (mounted under /admin/v1); not the admin users' roles. */
export const rolesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/roles',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        operationId: 'listRoles',
        summary: 'List customer roles',
        description:
          'The roles customers can hold (directly or through groups), by code unless sorted otherwise.',
        querystring: RoleListQuerySchema,
        response: { 200: RolePageSchema, 400: badRequest },
      },
    },
    (request) => listRoles(request.ctx, request.query),
  );

  app.post(
    '/roles',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        operationId: 'createRole',
        summary: 'Create a customer role',
        description:
          'A role a store gates on (restricted sections, products, discounts), e.g. `wholesale`. `code` is unique in the tenant whatever its case.',
        body: RoleInputSchema,
        response: { 201: RoleSchema, 400: badRequest, 409: codeTaken },
      },
    },
    async (request, reply) => {
      const role = await createRole(request.ctx, request.body);
      return reply.status(201).header('location', `/admin/v1/roles/${role.id}`).send(role);
    },
  );

  app.get(
    '/roles/:id',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        operationId: 'getRole',
        summary: 'Get a customer role',
        description: 'One role of the tenant.',
        params: IdParams,
        response: { 200: RoleSchema, 400: badRequest, 404: noRole },
      },
    },
    (request) => getRole(request.ctx, request.params.id),
  );

  app.patch(
    '/roles/:id',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        operationId: 'updateRole',
        summary: 'Change a customer role',
        description: 'Changes the fields sent; `description: null` clears it.',
        params: IdParams,
        body: RolePatchSchema,
        response: { 200: RoleSchema, 400: badRequest, 404: noRole, 409: codeTaken },
      },
    },
    (request) => updateRole(request.ctx, request.params.id, request.body),
  );

  app.delete(
    '/roles/:id',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        operationId: 'deleteRole',
        summary: 'Delete a customer role',
        description:
          'Removes the role, and with it the role from every group that bundles it and every customer who holds it directly.',
        params: IdParams,
        response: { 204: NoContent, 400: badRequest, 404: noRole },
      },
    },
    async (request, reply) => {
      await deleteRole(request.ctx, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/customers/:id/roles',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        operationId: 'listCustomerRoles',
        summary: "List a customer's effective roles",
        description:
          'The roles the customer holds now: direct assignments (`source: "direct"`, with their site or null for every site), then roles of groups whose membership is active now (`source: "group"`, with `groupId`).',
        params: IdParams,
        response: {
          200: EffectiveRoleListSchema,
          400: badRequest,
          404: problemResponse('No such customer in this tenant.'),
        },
      },
    },
    async (request) => ({ data: await listCustomerRoles(request.ctx, request.params.id) }),
  );

  app.put(
    '/customers/:id/roles/:roleId',
    {
      config: { role: 'support' },
      preValidation: emptyBodyAsObject,
      schema: {
        tags,
        operationId: 'putCustomerRole',
        summary: 'Assign a role to a customer',
        description:
          'Gives the customer the role directly, on every site or only on `siteId`. Assigning it again changes nothing (200); a new assignment is 201 and recorded on the timeline. At most 500 direct assignments per customer (422).',
        params: RoleParams,
        body: RoleAssignmentInputSchema,
        response: {
          200: EffectiveRoleSchema,
          201: EffectiveRoleSchema,
          400: badRequest,
          404: problemResponse('No such customer or role in this tenant.'),
          422: problemResponse('The customer already holds 500 direct role assignments.'),
        },
      },
    },
    async (request, reply) => {
      const { id, roleId } = request.params;
      const { role, created } = await assignRole(request.ctx, id, roleId, request.body);
      if (created) reply.status(201);
      return reply.send(role);
    },
  );

  app.delete(
    '/customers/:id/roles/:roleId',
    {
      config: { role: 'support' },
      schema: {
        tags,
        operationId: 'deleteCustomerRole',
        summary: 'Take a role from a customer',
        description:
          'Removes the direct assignment on `siteId`, or every direct assignment of the role when no site is named. Roles held through groups stay. Recorded on the timeline.',
        params: RoleParams,
        querystring: RoleAssignmentQuerySchema,
        response: {
          204: NoContent,
          400: badRequest,
          404: problemResponse('No such customer or role in this tenant, or no such direct assignment.'),
        },
      },
    },
    async (request, reply) => {
      await unassignRole(request.ctx, request.params.id, request.params.roleId, request.query.siteId);
      return reply.status(204).send(null);
    },
  );
};
