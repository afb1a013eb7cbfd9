import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { problemResponse } from '../../http/schemas.js';
import { TenantSettingsPatchSchema, TenantSettingsSchema } from './tenants.schemas.js';
import { getTenantSettings, updateTenantSettings } from './tenants.service.js';

const tags = ['sites'];
const badRequest = problemResponse('Invalid input; `errors` names every bad field.');

/** The tenant's own settings (mounted under /admin/v1): admins read and change them. */
export const tenantSettingsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/settings',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        operationId: 'getTenantSettings',
        summary: "The tenant's settings",
        description:
          'Settings of the whole tenant (sites have their own): how long the audit log keeps entries.',
        response: { 200: TenantSettingsSchema },
      },
    },
    (request) => getTenantSettings(request.ctx),
  );

  app.patch(
    '/settings',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        operationId: 'updateTenantSettings',
        summary: "Change the tenant's settings",
        description:
          'Changes the fields sent. `auditRetentionDays` (1–3650): the worker deletes audit log entries (and so timeline entries) older than that, in batches. The audit log records `settings.updated`.',
        body: TenantSettingsPatchSchema,
        response: { 200: TenantSettingsSchema, 400: badRequest },
      },
    },
    (request) => updateTenantSettings(request.ctx, request.body),
  );
};
