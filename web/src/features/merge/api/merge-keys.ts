import { customerKeys } from '@/features/customers/api/customer-keys';

export const mergeKeys = {
  /** Below the customer's detail key: refreshing the customer refreshes its duplicates too. */
  duplicates: (id: string) => [...customerKeys.detail(id), 'duplicates'] as const,
  /**
   * Apart from the customer's keys: a merge refreshes every customer, and the preview of the merge
   * just done must not be asked again (its source is gone, a 404).
   */
  preview: (survivorId: string, sourceId: string) => ['merge-preview', survivorId, sourceId] as const,
};
