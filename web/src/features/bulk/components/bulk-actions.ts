import type { BulkAction } from '../api/types';

export interface BulkActionInfo {
  /** In the actions menu. */
  label: string;
  /** The confirm button, with the count: "Delete 12 customers". */
  verb: string;
  /** Asks for confirmation with the count in red (delete, disable, remove from group). */
  destructive: boolean;
  /** What the admin is told before confirming. */
  warning?: string;
}

export const BULK_ACTIONS: Record<BulkAction, BulkActionInfo> = {
  addTags: { label: 'Add tags…', verb: 'Add tags to', destructive: false },
  removeTags: { label: 'Remove tags…', verb: 'Remove tags from', destructive: false },
  addToGroup: { label: 'Add to group…', verb: 'Add to group', destructive: false },
  removeFromGroup: {
    label: 'Remove from group…',
    verb: 'Remove from group',
    destructive: true,
    warning: 'Their memberships end now; the timeline keeps each period.',
  },
  enable: { label: 'Enable…', verb: 'Enable', destructive: false },
  disable: {
    label: 'Disable…',
    verb: 'Disable',
    destructive: true,
    warning: 'Each is signed out everywhere and cannot sign in or check out until enabled again.',
  },
  delete: {
    label: 'Delete…',
    verb: 'Delete',
    destructive: true,
    warning:
      'Deleted customers are gone for good. Customers with orders, store credit or an account are kept and listed in the error report.',
  },
  export: { label: 'Export…', verb: 'Export', destructive: false },
};

export const plural = (n: number, lowerBound = false) =>
  `${n.toLocaleString()}${lowerBound ? '+' : ''} customer${n === 1 && !lowerBound ? '' : 's'}`;
