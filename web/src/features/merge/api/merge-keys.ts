import { customerKeys } from '@/features/customers/api/customer-keys';

/** Below the customer's detail key: refreshing the customer refreshes its duplicates too. */
export const mergeKeys = {
  duplicates: (id: string) => [...customerKeys.detail(id), 'duplicates'] as const,
  preview: (survivorId: string, sourceId: string) =>
    [...customerKeys.detail(survivorId), 'merge-preview', sourceId] as const,
};
