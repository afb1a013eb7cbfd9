import type { RequestContext } from '../../lib/context.js';
import { invalid } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { iso } from '../../lib/time.js';
import { eventsRepository } from './events.repository.js';

/** What happened to a customer's account or record, as it appears on their timeline. */
export type CustomerAction =
  | 'account.registered'
  | 'account.guests_linked'
  | 'account.signed_in'
  | 'account.locked'
  | 'account.unlocked'
  | 'account.disabled'
  | 'account.enabled'
  | 'account.password_reset_requested'
  | 'account.password_reset'
  | 'account.password_changed'
  | 'account.invited'
  | 'account.username_changed'
  | 'account.email_change_requested'
  | 'account.email_changed'
  | 'credit.issued'
  | 'credit.deducted'
  | 'credit.redeemed'
  | 'credit.returned'
  | 'credit.expired'
  | 'order.placed'
  | 'order.status_changed';

/** Records an event on the customer's timeline, in the caller's transaction; the actor comes from ctx. */
export function recordEvent(
  ctx: RequestContext,
  customerId: string,
  action: CustomerAction,
  data: Record<string, unknown> = {},
) {
  return eventsRepository.insert(ctx, { id: newId(), customerId, action, data });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One page of a customer's timeline, newest first. The cursor is the last event's id. */
export async function listEvents(
  ctx: RequestContext,
  customerId: string,
  query: { limit?: number; cursor?: string },
) {
  const limit = query.limit ?? 50;
  let before: string | null = null;
  if (query.cursor) {
    before = Buffer.from(query.cursor, 'base64url').toString('utf8');
    if (!UUID.test(before))
      throw invalid('list.invalid_cursor', 'The cursor is not one this list gave out.', [
        { path: '/cursor', message: 'is not a cursor of this list', in: 'query' },
      ]);
  }
  const rows = await eventsRepository.listForCustomer(ctx, customerId, limit, before);
  const page = rows.slice(0, limit);
  return {
    data: page.map((e) => ({
      id: e.id,
      action: e.action,
      actor: { type: e.actorType, id: e.actorId },
      data: e.data,
      createdAt: iso(e.createdAt),
    })),
    nextCursor: rows.length > limit ? Buffer.from(page.at(-1)!.id).toString('base64url') : null,
  };
}
