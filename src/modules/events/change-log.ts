import type { RequestContext } from '../../lib/context.js';
import { newId } from '../../lib/ids.js';
import { eventsRepository } from './events.repository.js';

/** What a change that is not about one customer is about (the audit log's subjects). */
export type ChangeSubject =
  | 'site'
  | 'customerSet'
  | 'apiKey'
  | 'adminUser'
  | 'group'
  | 'role'
  | 'segment'
  | 'attribute'
  | 'settings'
  | 'webhook';

/**
 * Records a change that is not about one customer (a site, an API key, a group…) in the tenant's
 * audit log, in the caller's transaction: `action` as `<subject>.<verb>` (`site.updated`),
 * `data.changes` for an update.
 */
export function recordChange(
  ctx: RequestContext,
  change: {
    action: `${ChangeSubject}.${string}`;
    subjectType: ChangeSubject;
    subjectId: string;
    data?: Record<string, unknown>;
  },
) {
  return eventsRepository.insert(ctx, {
    id: newId(),
    customerId: null,
    subjectType: change.subjectType,
    subjectId: change.subjectId,
    action: change.action,
    data: change.data ?? {},
  });
}
