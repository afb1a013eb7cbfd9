import type { RequestContext } from '../../lib/context.js';
import { listAuditEvents } from '../events/events.service.js';
import { withActorNames } from './admins.service.js';

/**
 * One page of the tenant's audit log, newest first, each entry naming its actor (an admin's
 * name, an API key's name, `System`). The log is the events table (src/modules/events); it lives
 * here because naming actors is this module's.
 */
export async function listAudit(
  ctx: RequestContext,
  query: { filter?: string; limit?: number; cursor?: string },
) {
  const page = await listAuditEvents(ctx, query);
  return { ...page, data: await withActorNames(ctx, page.data) };
}
