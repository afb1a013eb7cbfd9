import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { register } from '../../flows/register-shopper.js';
import { bearerToken } from '../../http/bearer.js';
import { NoContent, problemResponse } from '../../http/schemas.js';
import { confirmEmail, forgotPassword, resetPassword } from './account-links.service.js';
import {
  AcceptedSchema,
  ForgotPasswordSchema,
  RegisterBodySchema,
  ResetPasswordSchema,
  ShopperLoginSchema,
  ShopperSessionSchema,
  VerifyEmailSchema,
} from './accounts.schemas.js';
import { type SessionPolicy, signIn, signOut } from './accounts.service.js';

const tags = ['storefront auth'];
const badRequest = problemResponse('Invalid input; `errors` names every bad field.');
const sessionToApi = (s: { token: string; expiresAt: Date }) => ({
  token: s.token,
  expiresAt: s.expiresAt.toISOString(),
});

/** Storefront sign-up, sign-in and password recovery (mounted under /store/v1). */
export const storeAuthRoutes =
  (sessions: SessionPolicy): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/auth/register',
      {
        config: { store: 'site', signIn: true },
        schema: {
          tags,
          operationId: 'storeRegister',
          summary: 'Register a shopper account',
          description:
            "Creates a registered customer in the site's customer set and signs them in. The username is the email unless given. Guests with the same email are linked to the new customer and their addresses move to it; empty profile fields are filled from the newest guest.",
          body: RegisterBodySchema,
          response: {
            201: ShopperSessionSchema,
            400: badRequest,
            409: problemResponse(
              'A registered customer with this email, or an account with this username, exists.',
            ),
          },
        },
      },
      async (request, reply) =>
        reply.status(201).send(
          sessionToApi(
            await register(request.store, request.body, sessions, {
              ip: request.ip,
              userAgent: request.headers['user-agent'] ?? null,
            }),
          ),
        ),
    );

    app.post(
      '/auth/login',
      {
        config: { store: 'site', signIn: true },
        schema: {
          tags,
          operationId: 'storeLogin',
          summary: 'Sign a shopper in',
          description:
            "Answers a session token for `Authorization: Bearer`. It works on every site of this site's customer set. An unknown username, a wrong password, a locked and a disabled account all get the same 401.",
          body: ShopperLoginSchema,
          response: {
            200: ShopperSessionSchema,
            400: badRequest,
            401: problemResponse('Sign-in failed (one answer for every reason), or the site key is unknown.'),
          },
        },
      },
      async (request) => sessionToApi(await signIn(request.store, request.body, sessions)),
    );

    app.post(
      '/auth/logout',
      {
        config: { store: 'shopper' },
        schema: {
          tags,
          operationId: 'storeLogout',
          summary: 'Sign out',
          description: 'Ends the session of the token sent.',
          response: { 204: NoContent },
        },
      },
      async (request, reply) => {
        const token = bearerToken(request);
        if (token) await signOut(request.store, token);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/auth/password/forgot',
      {
        config: { store: 'site', signIn: true },
        schema: {
          tags,
          operationId: 'storeForgotPassword',
          summary: 'Ask for a password-reset email',
          description:
            'Always answers 202 the same way. If the username belongs to an enabled account, an email with a single-use link (valid 60 minutes) is sent, at most 5 an hour per account.',
          body: ForgotPasswordSchema,
          response: { 202: AcceptedSchema, 400: badRequest },
        },
      },
      async (request, reply) => {
        await forgotPassword(request.store, request.body.username, (error) =>
          request.log.error({ err: error }, 'password reset email was not queued'),
        );
        return reply.status(202).send({
          status: 'accepted' as const,
          message: 'If an account with that username exists, we have emailed a link to reset its password.',
        });
      },
    );

    app.post(
      '/auth/password/reset',
      {
        config: { store: 'site', signIn: true },
        schema: {
          tags,
          operationId: 'storeResetPassword',
          summary: 'Set a new password from an emailed link',
          description:
            "Takes the token of a reset or invite link. Ends all of the account's sessions, clears a lockout, and emails a notice. A used, replaced or expired token is a 400.",
          body: ResetPasswordSchema,
          response: { 204: NoContent, 400: badRequest },
        },
      },
      async (request, reply) => {
        await resetPassword(request.store, request.body.token, request.body.newPassword);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/auth/email/confirm',
      {
        config: { store: 'site', signIn: true },
        schema: {
          tags,
          operationId: 'storeConfirmEmail',
          summary: 'Confirm a new email address',
          description:
            'Takes the token of the link sent to the new address after an email change. A username that was the old email follows it.',
          body: VerifyEmailSchema,
          response: {
            204: NoContent,
            400: badRequest,
            409: problemResponse('Another registered customer has taken this email meanwhile.'),
          },
        },
      },
      async (request, reply) => {
        await confirmEmail(request.store, request.body.token);
        return reply.status(204).send(null);
      },
    );
  };
