import type { CreditEntryKind } from '../api/types';

export const creditKindLooks: Record<CreditEntryKind, { label: string; color: string }> = {
  issue: { label: 'Issued', color: 'teal' },
  deduct: { label: 'Deducted', color: 'red' },
  redeem: { label: 'Redeemed', color: 'blue' },
  return: { label: 'Returned', color: 'teal' },
  expire: { label: 'Expired', color: 'gray' },
};
