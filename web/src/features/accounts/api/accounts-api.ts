import { apiRequest } from '@/api/client';
import type { CustomerWithAddresses } from '@/features/customers/api/types';
import type { Accepted, TimelinePage } from './types';

const customerPath = (id: string) => `/customers/${encodeURIComponent(id)}`;

export function unlockAccount(customerId: string) {
  return apiRequest<CustomerWithAddresses>(`${customerPath(customerId)}/unlock`, { method: 'POST' });
}

export function disableCustomer(customerId: string, reason: string) {
  return apiRequest<CustomerWithAddresses>(`${customerPath(customerId)}/disable`, {
    method: 'POST',
    body: { reason },
  });
}

export function enableCustomer(customerId: string) {
  return apiRequest<CustomerWithAddresses>(`${customerPath(customerId)}/enable`, { method: 'POST' });
}

export function sendPasswordReset(customerId: string) {
  return apiRequest<Accepted>(`${customerPath(customerId)}/password-reset`, { method: 'POST' });
}

export function inviteCustomer(customerId: string) {
  return apiRequest<CustomerWithAddresses>(`${customerPath(customerId)}/invite`, { method: 'POST' });
}

export function listTimeline(customerId: string, cursor: string | null, signal?: AbortSignal) {
  return apiRequest<TimelinePage>(`${customerPath(customerId)}/timeline`, {
    signal,
    query: { limit: 20, cursor },
  });
}
