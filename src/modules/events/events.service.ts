import { inTransaction, type RequestContext } from '../../lib/context.js';
import { newId } from '../../lib/ids.js';
import { type ListSpec, paginate } from '../../lib/list/paginate.js';
import { iso } from '../../lib/time.js';
import { eventsRepository } from './events.repository.js';
import { queueWebhookDeliveries } from './webhooks.service.js';

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
  | 'customer.tags_added'
  | 'customer.tags_removed'
  | 'note.added'
  | 'note.edited'
  | 'note.deleted'
  | 'credit.issued'
  | 'credit.deducted'
  | 'credit.redeemed'
  | 'credit.returned'
  | 'credit.expired'
  | 'order.placed'
  | 'order.status_changed'
  | 'membership.added'
  | 'membership.changed'
  | 'membership.removed'
  | 'membership.expired'
  | 'role.assigned'
  | 'role.unassigned'
  | 'customer.attributes_changed'
  | 'customer.merged';

/**
 * Records an event on the customer's timeline, in the caller's transaction; the actor and the
 * request id (of an HTTP request, CLI command or worker job run) come from ctx.
 */
export function recordEvent(
  ctx: RequestContext,
  customerId: string,
  action: CustomerAction,
  data: Record<string, unknown> = {},
) {
  // The event and the webhook deliveries announcing it commit together (the outbox).
  return inTransaction(ctx, async (trx) => {
    const id = newId();
    await eventsRepository.insert(trx, { id, customerId, action, data });
    await queueWebhookDeliveries(trx, { id, action, customerId, data });
  });
}

/** Newest first by id alone: UUIDv7 ids are in time order, so the cursor carries no sort key. */
const timelineList: ListSpec = { sortFields: {}, defaultSort: null };

/** One page of a customer's timeline, newest first, by the list builder's opaque cursor. */
export function listEvents(
  ctx: RequestContext,
  customerId: string,
  query: { limit?: number; cursor?: string },
) {
  return paginate(
    timelineList,
    query,
    (window) => eventsRepository.listForCustomer(ctx, customerId, window),
    (rows) =>
      rows.map((e) => ({
        id: e.id,
        action: e.action,
        actor: { type: e.actorType, id: e.actorId },
        data: e.data,
        createdAt: iso(e.createdAt),
      })),
  );
}

/** A merge (src/flows/merge-customers.ts): the source's timeline joins the survivor's, in time order. */
export const moveTimelineToCustomer = (ctx: RequestContext, fromId: string, toId: string) =>
  eventsRepository.moveToCustomer(ctx, fromId, toId);
