import { apiRequest } from '@/api/client';
import type { CustomerTags, TagList } from './types';

const tagsPath = (customerId: string) => `/customers/${encodeURIComponent(customerId)}/tags`;

/** Adds tags, keeping the customer's others; answers all its tags and its new etag. */
export function addCustomerTags(customerId: string, tags: string[]) {
  return apiRequest<CustomerTags>(tagsPath(customerId), { method: 'POST', body: { tags } });
}

/** Removes one tag (matched without case); tags may hold spaces and slashes, hence the encoding. */
export function removeCustomerTag(customerId: string, tag: string) {
  return apiRequest<void>(`${tagsPath(customerId)}/${encodeURIComponent(tag)}`, { method: 'DELETE' });
}

/** The tenant's most used tags starting with `prefix` (any case), for completion. */
export function listTagSuggestions(prefix: string, signal?: AbortSignal) {
  return apiRequest<TagList>('/tags', { query: { q: prefix, limit: 10 }, signal });
}
