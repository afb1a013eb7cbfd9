import { apiRequest } from '@/api/client';
import type {
  AdminSubscriptionInput,
  ConsentRecord,
  Contact,
  Newsletter,
  NewsletterInput,
  NewsletterPatch,
  Subscription,
} from './types';

/** Pages this list gives at most (200 each): a tenant has a handful of newsletters per site. */
const MAX_PAGES = 10;

const newsletterPath = (id: string) => `/newsletters/${encodeURIComponent(id)}`;
const customerPath = (id: string) => `/customers/${encodeURIComponent(id)}`;

export async function listNewsletters(signal?: AbortSignal): Promise<Newsletter[]> {
  const items: Newsletter[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result: { data: Newsletter[]; nextCursor: string | null } = await apiRequest('/newsletters', {
      query: { limit: 200, cursor },
      signal,
    });
    items.push(...result.data);
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return items;
}

export const createNewsletter = (input: NewsletterInput) =>
  apiRequest<Newsletter>('/newsletters', { method: 'POST', body: input });
export const updateNewsletter = (id: string, patch: NewsletterPatch) =>
  apiRequest<Newsletter>(newsletterPath(id), { method: 'PATCH', body: patch });
export const deleteNewsletter = (id: string) => apiRequest<null>(newsletterPath(id), { method: 'DELETE' });

export const getCustomerContact = (customerId: string, signal?: AbortSignal) =>
  apiRequest<Contact>(`${customerPath(customerId)}/contact`, { signal });

export const listCustomerConsents = (customerId: string, cursor: string | null, signal?: AbortSignal) =>
  apiRequest<{ data: ConsentRecord[]; nextCursor: string | null }>(`${customerPath(customerId)}/consents`, {
    signal,
    query: { limit: 25, cursor },
  });

export const putCustomerSubscription = (
  customerId: string,
  newsletterId: string,
  change: AdminSubscriptionInput,
) =>
  apiRequest<Subscription>(`${customerPath(customerId)}/subscriptions/${encodeURIComponent(newsletterId)}`, {
    method: 'PUT',
    body: change,
  });

export const markContactInvalid = (contactId: string, reason: string | undefined) =>
  apiRequest<Contact>(`/contacts/${encodeURIComponent(contactId)}/invalid`, {
    method: 'POST',
    body: reason ? { reason } : {},
  });
