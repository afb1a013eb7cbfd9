import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { problemResponse } from '../../http/schemas.js';
import { AuditQuerySchema, EventPageSchema } from '../events/events.schemas.js';
import { listAudit } from './audit.service.js';

/** The tenant's audit log (mounted under /admin/v1): admins and owners only. */
export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/audit',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['audit'],
        operationId: 'listAuditLog',
        summary: "The tenant's audit log",
        description:
          'Every change in the tenant, newest first: customers\' timelines (`customer.updated`, `address.added`, `account.locked`, …) and changes not about one customer (`site.updated`, `apiKey.created`, `group.deleted`, `settings.updated`, …, with `subject`). Each entry names its actor, the request that made it and, for updates, the changed fields with their values before and after. `filter` narrows it (`action sw "customer." and actorType eq "admin" and createdAt ge "2026-01-01"`); follow `nextCursor` for older entries. Entries older than the tenant\'s `auditRetentionDays` (GET /settings) are deleted by the worker.',
        querystring: AuditQuerySchema,
        response: {
          200: EventPageSchema,
          400: problemResponse('A bad filter (`errors` points at the attribute), limit or cursor.'),
        },
      },
    },
    (request) => listAudit(request.ctx, request.query),
  );
};
