import { apiRequest } from '@/api/client';
import type { CreditBalances, CreditEntryCreate, CreditEntryPage, CreditEntryResult } from './types';

const creditPath = (customerId: string) => `/customers/${encodeURIComponent(customerId)}/credit`;

export function getCreditBalances(customerId: string, signal?: AbortSignal) {
  return apiRequest<CreditBalances>(creditPath(customerId), { signal });
}

export function listCreditEntries(customerId: string, cursor: string | null, signal?: AbortSignal) {
  return apiRequest<CreditEntryPage>(`${creditPath(customerId)}/entries`, {
    signal,
    query: { limit: 25, cursor },
  });
}

/** Issues (positive amount) or deducts (negative) credit, once per `idempotencyKey`. */
export function addCreditEntry(customerId: string, body: CreditEntryCreate, idempotencyKey: string) {
  return apiRequest<CreditEntryResult>(creditPath(customerId), {
    method: 'POST',
    body,
    headers: { 'idempotency-key': idempotencyKey },
  });
}
