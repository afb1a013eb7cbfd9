import { apiRequest } from '@/api/client';
import type { DuplicateList, MergeResult } from './types';

const customerPath = (id: string) => `/customers/${encodeURIComponent(id)}`;

export function listDuplicates(customerId: string, signal?: AbortSignal) {
  return apiRequest<DuplicateList>(`${customerPath(customerId)}/duplicates`, { signal });
}

/** Merges `sourceId` into the survivor; with `dryRun` answers the same and changes nothing. */
export function mergeCustomer(survivorId: string, sourceId: string, dryRun: boolean, signal?: AbortSignal) {
  return apiRequest<MergeResult>(`${customerPath(survivorId)}/merge`, {
    method: 'POST',
    body: { sourceId, dryRun },
    signal,
  });
}
