import { API_BASE, apiRequest } from '@/api/client';
import type { ErasureResult } from './types';

const customerPath = (id: string) => `/customers/${encodeURIComponent(id)}`;

/** Where the browser downloads a customer's data (the session cookie goes along: same origin). */
export const customerExportUrl = (id: string) => `${API_BASE}${customerPath(id)}/export`;

/** Erases the customer's personal data, or with `dryRun` answers what that would remove. */
export function eraseCustomer(id: string, dryRun: boolean) {
  return apiRequest<ErasureResult>(`${customerPath(id)}/erase`, { method: 'POST', body: { dryRun } });
}
