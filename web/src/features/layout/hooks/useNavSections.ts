import { useMemo } from 'react';
import type { IconName } from '@/components/Icon';
import type { AdminRole } from '@/features/auth/api/auth-api';
import { type Feature, useHasFeature } from '@/features/auth/hooks/useFeatures';
import { useHasRole } from '@/features/auth/hooks/useHasRole';

export interface NavSection {
  to: string;
  label: string;
  icon: IconName;
}

const sections: (NavSection & { role: AdminRole; feature?: Feature })[] = [
  { to: '/customers', label: 'Customers', icon: 'users', role: 'viewer' },
  { to: '/segments', label: 'Segments', icon: 'filter', role: 'viewer', feature: { module: 'segments' } },
  { to: '/orders', label: 'Orders', icon: 'receipt', role: 'viewer', feature: { module: 'orders' } },
  {
    to: '/carts/abandoned',
    label: 'Abandoned carts',
    icon: 'shoppingCart',
    role: 'viewer',
    feature: { module: 'carts' },
  },
  { to: '/groups', label: 'Groups', icon: 'users', role: 'viewer', feature: { module: 'groups' } },
  { to: '/roles', label: 'Roles', icon: 'lock', role: 'viewer', feature: { module: 'groups' } },
  { to: '/sites', label: 'Sites', icon: 'store', role: 'viewer' },
  {
    to: '/attributes',
    label: 'Custom attributes',
    icon: 'columns',
    role: 'viewer',
    feature: { module: 'attributes' },
  },
  {
    to: '/newsletters',
    label: 'Newsletters',
    icon: 'send',
    role: 'viewer',
    feature: { module: 'marketing' },
  },
  { to: '/jobs', label: 'Jobs', icon: 'refresh', role: 'viewer', feature: { module: 'jobs' } },
  { to: '/audit', label: 'Audit log', icon: 'filter', role: 'admin' },
  { to: '/mailbox', label: 'Mailbox', icon: 'mail', role: 'admin' },
  { to: '/webhooks', label: 'Webhooks', icon: 'webhook', role: 'admin' },
];

/**
 * The pages the signed-in admin may open, as the navigation lists them: one list for the
 * sidebar and the command palette, so neither offers a page the other hides (by role, or a
 * module that is off, as in order-management-only mode).
 */
export function useNavSections(): NavSection[] {
  const hasRole = useHasRole();
  const hasFeature = useHasFeature();
  return useMemo(
    () =>
      sections
        .filter((section) => hasRole(section.role) && hasFeature(section.feature))
        .map(({ to, label, icon }) => ({ to, label, icon })),
    [hasRole, hasFeature],
  );
}
