import type { TimelineEvent } from '../api/types';

/**
 * Who did it: "by you", "by Jane (admin)", "by ERP sync (API key)", "via the storefront" (the
 * shopper, before signing in), … An admin or key that no longer exists has no name.
 */
export function actorPhrase(actor: TimelineEvent['actor'], myId: string | undefined): string {
  switch (actor.type) {
    case 'admin':
      if (actor.id === myId) return 'by you';
      return actor.name ? `by ${actor.name} (admin)` : 'by an admin';
    case 'apiKey':
      return actor.name ? `by ${actor.name} (API key)` : 'by an API key';
    case 'shopper':
      return 'by the customer';
    case 'storefront':
      return 'via the storefront';
    default:
      return 'by the system';
  }
}
