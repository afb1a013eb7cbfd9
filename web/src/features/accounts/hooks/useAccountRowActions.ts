import { useMemo } from 'react';
import { useHasFeature } from '@/features/auth/hooks/useFeatures';
import { useHasRole } from '@/features/auth/hooks/useHasRole';
import type { Customer } from '@/features/customers/api/types';
import type { RowAction } from '@/features/record-table/types';
import { accountActionOrder, accountActions } from '../lib/account-actions';
import { useAccountAction } from './useAccountAction';

/**
 * The account actions of the customers grid's row menu, each offered only on the rows it applies
 * to and only to admins whose role allows it. Disable asks for a reason first (`onDisable`).
 */
export function useAccountRowActions(onDisable: (customer: Customer) => void): RowAction<Customer>[] {
  const { mutate } = useAccountAction();
  const hasRole = useHasRole();
  const hasFeature = useHasFeature();
  return useMemo(
    () =>
      accountActionOrder
        .filter(
          (name) =>
            hasRole(accountActions[name].role) &&
            hasFeature(accountActions[name].needsShopperSignIn ? 'shopperSignIn' : undefined),
        )
        .map((name) => ({
          label: accountActions[name].label,
          isAvailable: accountActions[name].appliesTo,
          onSelect: (customer: Customer) =>
            name === 'disable' ? onDisable(customer) : mutate({ action: name, customer }),
        })),
    [hasRole, hasFeature, mutate, onDisable],
  );
}
