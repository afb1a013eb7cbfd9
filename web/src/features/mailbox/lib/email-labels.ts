import type { Email } from '../api/types';

export const templateLabels: Record<Email['template'], string> = {
  invite: 'Invitation',
  passwordReset: 'Password reset',
  passwordChanged: 'Password changed',
  welcome: 'Welcome',
  verifyEmail: 'Email confirmation',
  emailChangedByStore: 'Email changed by the store',
  cartReminder: 'Cart reminder',
  membershipEnding: 'Membership ending',
  newsletterConfirm: 'Newsletter confirmation',
  webhookDisabled: 'Webhook disabled',
  erasureConfirm: 'Erasure confirmation',
};

export const statusLooks: Record<Email['status'], { label: string; color: string; description: string }> = {
  pending: { label: 'Pending', color: 'yellow', description: 'Waiting to be sent (or for its next try).' },
  sent: { label: 'Sent', color: 'teal', description: 'Accepted by the mail server.' },
  kept: {
    label: 'Kept',
    color: 'indigo',
    description: 'Not sent: no mail server is configured (SMTP_URL), so it is only kept here.',
  },
  failed: { label: 'Failed', color: 'red', description: 'Given up after repeated failures.' },
};
