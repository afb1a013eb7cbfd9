import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ADMIN_COOKIE, credentialFromRequest } from '../../http/auth.js';
import { IdParams, NoContent, problemResponse } from '../../http/schemas.js';
import type { RequestContext } from '../../lib/context.js';
import type { ModuleSetup } from '../../lib/module.js';
import { iso } from '../../lib/time.js';
import { getTenant } from '../tenants/tenants.service.js';
import {
  AdminPasswordSchema,
  AdminUserCreateSchema,
  AdminUserSchema,
  ApiKeyCreatedSchema,
  ApiKeyCreateSchema,
  ApiKeySchema,
  LoginBodySchema,
  LoginResponseSchema,
  MeSchema,
  SessionSchema,
} from './admins.schemas.js';
import {
  authenticate,
  createAdmin,
  createApiKey,
  getAdmin,
  listAdmins,
  listApiKeys,
  revokeApiKey,
  setAdminDisabled,
  setAdminPassword,
  signIn,
  signOut,
  unlockAdmin,
} from './admins.service.js';

const adminToApi = (a: Awaited<ReturnType<typeof listAdmins>>[number]) => ({
  id: a.id,
  email: a.email,
  name: a.name,
  role: a.role,
  disabled: a.disabled,
  locked: a.locked,
  lockedUntil: a.locked ? iso(a.lockedUntil) : null,
  failedSignIns: a.failedSignIns,
  lastSignInAt: iso(a.lastSignInAt),
  createdAt: iso(a.createdAt),
});
const badRequest = problemResponse('Invalid input; `errors` names every bad field.');

export const adminsRoutes =
  (options: {
    sessionTtlHours: number;
    secureCookies: boolean;
    features: ModuleSetup['features'];
  }): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/auth/login',
      {
        config: { role: 'public', signIn: true },
        schema: {
          tags: ['auth'],
          operationId: 'login',
          summary: 'Sign in as an admin',
          description:
            'Answers a session token for the Bearer header; the admin app gets the same session as an httpOnly, SameSite=Strict cookie.',
          security: [],
          body: LoginBodySchema,
          response: {
            200: LoginResponseSchema,
            400: badRequest,
            401: problemResponse('Unknown email or wrong password (one answer for both).'),
          },
        },
      },
      async (request, reply) => {
        const session = await signIn(
          request.server.db,
          request.body.email,
          request.body.password,
          options.sessionTtlHours,
        );
        reply.setCookie(ADMIN_COOKIE, session.token, {
          httpOnly: true,
          sameSite: 'strict',
          secure: options.secureCookies,
          path: '/',
          expires: session.expiresAt,
        });
        const { tenantId: _tenant, ...user } = session.user;
        return { token: session.token, expiresAt: session.expiresAt.toISOString(), user };
      },
    );

    app.post(
      '/auth/logout',
      {
        config: { role: 'viewer' },
        schema: {
          tags: ['auth'],
          operationId: 'logout',
          summary: 'Sign out',
          description: 'Ends the session of the token or cookie sent. (API keys are revoked instead.)',
          response: { 204: NoContent },
        },
      },
      async (request, reply) => {
        const credential = credentialFromRequest(request);
        if (credential) await signOut(request.server.db, credential);
        reply.clearCookie(ADMIN_COOKIE, { path: '/' });
        return reply.status(204).send(null);
      },
    );

    /** The signed-in admin (or API key) and its tenant, as /auth/me and /auth/session answer it. */
    const whoAmI = async (ctx: RequestContext) => {
      const tenant = await getTenant(ctx);
      const actor = ctx.actor;
      const admin = actor.type === 'admin' ? await getAdmin(ctx, actor.id) : null;
      return {
        id: actor.id === 'system' ? tenant.id : actor.id,
        email: admin?.email ?? `${actor.type}@${tenant.slug}`,
        name: admin?.name ?? (actor.type === 'apiKey' ? 'API key' : null),
        // Admin routes only ever see admin actors, which all carry a role.
        role: actor.role ?? 'viewer',
        tenant: {
          id: tenant.id,
          slug: tenant.slug,
          name: tenant.name,
          reportingCurrency: tenant.reportingCurrency,
        },
        features: { mode: options.features.mode, modules: [...options.features.modules] },
      };
    };

    app.get(
      '/auth/me',
      {
        config: { role: 'viewer' },
        schema: {
          tags: ['auth'],
          operationId: 'getCurrentAdmin',
          summary: 'Who am I',
          description: 'The signed-in admin (or API key) and its tenant.',
          response: { 200: MeSchema },
        },
      },
      async (request) => whoAmI(request.ctx),
    );

    app.get(
      '/auth/session',
      {
        config: { role: 'public' },
        schema: {
          tags: ['auth'],
          operationId: 'getSession',
          summary: 'Am I signed in',
          description:
            'Like `/auth/me`, but answers 200 `{session: null}` when no valid session cookie or token is sent, instead of 401: for the admin app to ask on load without an error in the console.',
          security: [],
          response: { 200: SessionSchema },
        },
      },
      async (request) => {
        const credential = credentialFromRequest(request);
        const principal = credential ? await authenticate(request.server.db, credential) : null;
        if (!principal) return { session: null };
        return { session: await whoAmI({ db: request.server.db, ...principal }) };
      },
    );

    app.get(
      '/admin-users',
      {
        config: { role: 'admin' },
        schema: {
          tags: ['admins'],
          operationId: 'listAdminUsers',
          summary: 'List admin users',
          response: { 200: Type.Object({ data: Type.Array(AdminUserSchema, { maxItems: 10000 }) }) },
        },
      },
      async (request) => ({ data: (await listAdmins(request.ctx)).map(adminToApi) }),
    );

    app.post(
      '/admin-users',
      {
        config: { role: 'admin' },
        schema: {
          tags: ['admins'],
          operationId: 'createAdminUser',
          summary: 'Create an admin user',
          description: 'Nobody can grant a role above their own.',
          body: AdminUserCreateSchema,
          response: { 201: AdminUserSchema, 400: badRequest, 409: problemResponse('The email is taken.') },
        },
      },
      async (request, reply) => {
        return reply.status(201).send(adminToApi(await createAdmin(request.ctx, request.body)));
      },
    );

    const notFound = problemResponse('No such admin user in this tenant.');

    app.post(
      '/admin-users/:id/unlock',
      {
        config: { role: 'owner' },
        schema: {
          tags: ['admins'],
          operationId: 'unlockAdminUser',
          summary: 'Unlock an admin user',
          description:
            'Ends a lockout (5 wrong passwords lock an admin for 15 minutes, doubling up to 24 hours) and resets the failure count.',
          params: IdParams,
          response: { 200: AdminUserSchema, 400: badRequest, 404: notFound },
        },
      },
      async (request) => adminToApi(await unlockAdmin(request.ctx, request.params.id)),
    );

    app.post(
      '/admin-users/:id/password',
      {
        config: { role: 'owner' },
        schema: {
          tags: ['admins'],
          operationId: 'setAdminUserPassword',
          summary: "Set an admin user's password",
          description: 'Ends all their sessions and any lockout. The password must pass the password rules.',
          params: IdParams,
          body: AdminPasswordSchema,
          response: { 204: NoContent, 400: badRequest, 404: notFound },
        },
      },
      async (request, reply) => {
        await setAdminPassword(request.ctx, request.params.id, request.body.password);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/admin-users/:id/disable',
      {
        config: { role: 'owner' },
        schema: {
          tags: ['admins'],
          operationId: 'disableAdminUser',
          summary: 'Disable an admin user',
          description:
            'They cannot sign in, and their sessions end at once, until enabled again. Nobody can disable themselves.',
          params: IdParams,
          response: {
            200: AdminUserSchema,
            400: badRequest,
            404: notFound,
            422: problemResponse('You cannot disable yourself.'),
          },
        },
      },
      async (request) => adminToApi(await setAdminDisabled(request.ctx, request.params.id, true)),
    );

    app.post(
      '/admin-users/:id/enable',
      {
        config: { role: 'owner' },
        schema: {
          tags: ['admins'],
          operationId: 'enableAdminUser',
          summary: 'Enable an admin user again',
          params: IdParams,
          response: { 200: AdminUserSchema, 400: badRequest, 404: notFound },
        },
      },
      async (request) => adminToApi(await setAdminDisabled(request.ctx, request.params.id, false)),
    );

    const keyToApi = (k: Awaited<ReturnType<typeof listApiKeys>>[number]) => ({
      id: k.id,
      name: k.name,
      role: k.role,
      keyPrefix: k.keyPrefix,
      createdAt: iso(k.createdAt),
      lastUsedAt: iso(k.lastUsedAt),
      revokedAt: iso(k.revokedAt),
    });

    app.get(
      '/api-keys',
      {
        config: { role: 'admin' },
        schema: {
          tags: ['admins'],
          operationId: 'listApiKeys',
          summary: 'List API keys',
          response: { 200: Type.Object({ data: Type.Array(ApiKeySchema, { maxItems: 10000 }) }) },
        },
      },
      async (request) => ({ data: (await listApiKeys(request.ctx)).map(keyToApi) }),
    );

    app.post(
      '/api-keys',
      {
        config: { role: 'admin' },
        schema: {
          tags: ['admins'],
          operationId: 'createApiKey',
          summary: 'Create an API key',
          description: 'The key is answered once; only its SHA-256 digest is kept.',
          body: ApiKeyCreateSchema,
          response: { 201: ApiKeyCreatedSchema, 400: badRequest },
        },
      },
      async (request, reply) => {
        const key = await createApiKey(request.ctx, request.body);
        return reply.status(201).send({ ...keyToApi(key), key: key.key });
      },
    );

    app.delete(
      '/api-keys/:id',
      {
        config: { role: 'admin' },
        schema: {
          tags: ['admins'],
          operationId: 'revokeApiKey',
          summary: 'Revoke an API key',
          params: IdParams,
          response: { 204: NoContent, 400: badRequest, 404: problemResponse('No such active key.') },
        },
      },
      async (request, reply) => {
        await revokeApiKey(request.ctx, request.params.id);
        return reply.status(204).send(null);
      },
    );
  };
