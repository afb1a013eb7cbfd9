import { orderStatusLabels } from '@/features/orders/lib/order-status';
import { formatDateTime } from '@/lib/format';
import { formatMoney, isCurrencyCode } from '@/lib/money';
import type { TimelineEvent } from '../api/types';

const text = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);
const count = (value: unknown): number | null => (typeof value === 'number' ? value : null);
const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** "$25.00" from an event's minor units and currency; null when the event has none. */
function money(data: Record<string, unknown>, key = 'amount'): string | null {
  const amount = count(data[key]);
  const currency = text(data.currency);
  if (amount === null || !currency || !isCurrencyCode(currency)) return null;
  return formatMoney(Math.abs(amount), currency);
}

function describeCommerce(event: TimelineEvent, onSite: string): string | null {
  const { data } = event;
  const order = text(data.number) ? `order ${data.number}` : 'an order';
  const amount = money(data);
  const reason = text(data.reason);
  const credit = amount ? `${amount} of store credit` : 'store credit';
  const because = reason ? `: “${reason}”` : '';
  switch (event.action) {
    case 'order.placed': {
      const total = money(data, 'total');
      return `Placed ${order}${total ? ` (${total})` : ''}${onSite}`;
    }
    case 'order.status_changed': {
      const label = orderStatusLabels[String(data.to) as keyof typeof orderStatusLabels];
      const to = label ? label.toLowerCase() : String(data.to);
      return `${order.charAt(0).toUpperCase()}${order.slice(1)} ${to}${amount ? ` (${amount})` : ''}`;
    }
    case 'cart.created': {
      const subtotal = money(data, 'subtotal');
      const lines = count(data.lineCount);
      const what = [lines !== null ? plural(lines, 'line') : null, subtotal].filter(Boolean).join(', ');
      return `Started a cart${what ? ` (${what})` : ''}${onSite}`;
    }
    case 'cart.converted': {
      const subtotal = money(data, 'subtotal');
      return `Checked out a cart${subtotal ? ` of ${subtotal}` : ''}${onSite}`;
    }
    case 'credit.issued':
      return `Issued ${credit}${because}`;
    case 'credit.deducted':
      return `Deducted ${credit}${because}`;
    case 'credit.redeemed':
      return `Spent ${credit} on an order`;
    case 'credit.returned':
      return `Got ${credit} back from a cancelled or refunded order`;
    case 'credit.expired':
      return amount ? `${amount} of store credit expired` : 'Store credit expired';
    case 'customer.tags_added':
    case 'customer.tags_removed': {
      const tags = Array.isArray(data.tags) ? data.tags.filter((tag) => typeof tag === 'string') : [];
      const verb = event.action === 'customer.tags_added' ? 'Tagged' : 'Untagged';
      return tags.length > 0 ? `${verb} ${tags.map((tag) => `“${tag}”`).join(', ')}` : verb;
    }
    case 'note.added':
      return 'Note added';
    case 'note.edited':
      return 'Note edited';
    case 'note.deleted':
      return 'Note deleted';
    default:
      return null;
  }
}

/**
 * A timeline event as a sentence an admin reads at a glance, e.g. "Locked after 5 failed
 * sign-ins until Nov 22, 2025, 9:15 AM". `siteName` names the site an event happened on.
 */
export function describeEvent(event: TimelineEvent, siteName: (id: string) => string | null): string {
  const { data } = event;
  const site = text(data.siteId) ? siteName(data.siteId as string) : null;
  const onSite = site ? ` on ${site}` : '';
  switch (event.action) {
    case 'account.registered':
      return data.via === 'invite' ? 'Became a registered customer by invitation' : `Registered${onSite}`;
    case 'account.guests_linked': {
      const guests = Array.isArray(data.guestIds) ? data.guestIds.length : 0;
      const moved = count(data.addressesMoved) ?? 0;
      return `Took over ${plural(guests, 'guest record')} with the same email${moved ? ` and ${plural(moved, 'address')}` : ''}`;
    }
    case 'account.signed_in':
      return `Signed in${onSite}`;
    case 'account.locked': {
      const failures = count(data.failures);
      const until = text(data.lockedUntil);
      const after = failures ? ` after ${plural(failures, 'failed sign-in')}` : '';
      return `Locked${after}${until ? ` until ${formatDateTime(until)}` : ''}${onSite}`;
    }
    case 'account.unlocked':
      return 'Unlocked';
    case 'account.disabled': {
      const reason = text(data.reason);
      return reason ? `Disabled: “${reason}”` : 'Disabled';
    }
    case 'account.enabled':
      return 'Enabled';
    case 'account.password_reset_requested':
      return `Password-reset email sent${onSite}`;
    case 'account.password_reset':
      return data.via === 'invite'
        ? 'Set a password from the invitation'
        : 'Reset the password from the emailed link';
    case 'account.password_changed':
      return 'Changed the password';
    case 'account.invited':
      return `Invited to set a password${text(data.username) ? ` as ${data.username}` : ''}${onSite}`;
    case 'account.username_changed':
      return text(data.to) ? `Username changed to ${data.to}` : 'Username changed';
    case 'account.email_change_requested':
      return text(data.newEmail)
        ? `Asked to change the email to ${data.newEmail}`
        : 'Asked to change the email';
    case 'account.email_changed':
      return text(data.to)
        ? `Email changed${text(data.from) ? ` from ${data.from}` : ''} to ${data.to}`
        : 'Email changed';
    case 'customer.created':
      return 'Customer created';
    case 'customer.updated':
      return event.changes.length === 1
        ? 'Details changed'
        : `${plural(event.changes.length, 'detail')} changed`;
    case 'customer.deleted':
      return 'Customer deleted';
    case 'address.added':
      return 'Address added';
    case 'address.changed':
      return 'Address changed';
    case 'address.removed':
      return 'Address removed';
    case 'consent.updated': {
      const newsletter = text(data.newsletterCode) ?? 'a newsletter';
      const to = text(data.to)?.toLowerCase().replaceAll('_', ' ');
      return to
        ? `Marketing consent for ${newsletter}: ${to}`
        : `Marketing consent for ${newsletter} changed`;
    }
    case 'customer.attributes_changed': {
      const codes = Object.keys((data.changes as Record<string, unknown> | undefined) ?? {});
      return codes.length > 0
        ? `Custom attributes changed: ${codes.join(', ')}`
        : 'Custom attributes changed';
    }
    default:
      return describeCommerce(event, onSite) ?? event.action;
  }
}
