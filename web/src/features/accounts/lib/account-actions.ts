import type { AdminRole } from '@/features/auth/api/auth-api';
import type { Customer } from '@/features/customers/api/types';

export type AccountAction = 'unlock' | 'disable' | 'enable' | 'passwordReset' | 'invite';

interface AccountActionInfo {
  /** Menu item and button text; "…" when a dialog asks for more first. */
  label: string;
  /** The least role the server accepts for it. */
  role: AdminRole;
  appliesTo: (customer: Customer) => boolean;
  /** Sends the shopper a link to sign in with: not offered without shopper sign-in (order-management-only mode). */
  needsShopperSignIn?: true;
}

/**
 * Which account actions make sense for a customer, in the order they are offered. Invite is
 * left out where the server could only refuse it: no email to send to, or a guest whose email
 * already belongs to a registered customer.
 */
export const accountActions: Record<AccountAction, AccountActionInfo> = {
  unlock: { label: 'Unlock', role: 'support', appliesTo: (c) => Boolean(c.account?.locked) },
  disable: { label: 'Disable…', role: 'admin', appliesTo: (c) => c.enabled },
  enable: { label: 'Enable', role: 'admin', appliesTo: (c) => !c.enabled },
  passwordReset: {
    label: 'Send password reset',
    role: 'support',
    appliesTo: (c) => c.account !== null,
    needsShopperSignIn: true,
  },
  invite: {
    label: 'Invite',
    role: 'support',
    needsShopperSignIn: true,
    appliesTo: (c) =>
      Boolean(c.email) && !c.registeredCustomerId && (c.account === null || !c.account.hasPassword),
  },
};

export const accountActionOrder: readonly AccountAction[] = [
  'unlock',
  'disable',
  'enable',
  'passwordReset',
  'invite',
];
