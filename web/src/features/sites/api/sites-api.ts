import { apiRequest } from '@/api/client';
import type { CustomerSet, CustomerSetCreate, CustomerSetPatch, Site, SiteCreate, SitePatch } from './types';

const sitePath = (id: string) => `/sites/${encodeURIComponent(id)}`;
const customerSetPath = (id: string) => `/customer-sets/${encodeURIComponent(id)}`;

export async function listSites(signal?: AbortSignal): Promise<Site[]> {
  const { data } = await apiRequest<{ data: Site[] }>('/sites', { signal });
  return data;
}

export function getSite(id: string, signal?: AbortSignal) {
  return apiRequest<Site>(sitePath(id), { signal });
}

export function createSite(input: SiteCreate) {
  return apiRequest<Site>('/sites', { method: 'POST', body: input });
}

/** Settings are merged field by field on the server: send only what changed. */
export function updateSite(id: string, patch: SitePatch) {
  return apiRequest<Site>(sitePath(id), { method: 'PATCH', body: patch });
}

/** The old key stops working at once. */
export function rotateSiteKey(id: string) {
  return apiRequest<Site>(`${sitePath(id)}/rotate-key`, { method: 'POST' });
}

export async function listCustomerSets(signal?: AbortSignal): Promise<CustomerSet[]> {
  const { data } = await apiRequest<{ data: CustomerSet[] }>('/customer-sets', { signal });
  return data;
}

export function createCustomerSet(input: CustomerSetCreate) {
  return apiRequest<CustomerSet>('/customer-sets', { method: 'POST', body: input });
}

export function renameCustomerSet(id: string, patch: CustomerSetPatch) {
  return apiRequest<CustomerSet>(customerSetPath(id), { method: 'PATCH', body: patch });
}
