import type { ConsentRecord, OptInLevel, SubscriptionStatus } from '../api/types';

/** Each state in the store's words and a colour; the word carries the meaning, the colour only helps. */
export const subscriptionStatusLooks: Record<SubscriptionStatus, { label: string; color: string }> = {
  SUBSCRIBED: { label: 'Subscribed', color: 'teal' },
  PENDING: { label: 'Awaiting confirmation', color: 'yellow' },
  NOT_SUBSCRIBED: { label: 'Not subscribed', color: 'gray' },
  UNSUBSCRIBED: { label: 'Unsubscribed', color: 'orange' },
  INVALID: { label: 'Address invalid', color: 'red' },
  REDACTED: { label: 'Erased', color: 'dark' },
};

export const optInLevelLabels: Record<OptInLevel, string> = {
  SINGLE_OPT_IN: 'Single opt-in',
  CONFIRMED_OPT_IN: 'Confirmed opt-in',
};

/** Where a consent record's change came from (the server's `source`). */
export const consentSourceLabels: Record<ConsentRecord['source'], string> = {
  storefront_form: 'Storefront form',
  checkout: 'Checkout',
  registration: 'Registration',
  admin: 'Admin',
  import: 'Import',
  api: 'API',
  unsubscribe_link: 'Unsubscribe link',
  bounce: 'Bounce or complaint',
};
