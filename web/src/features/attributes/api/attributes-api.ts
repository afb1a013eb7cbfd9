import { apiRequest } from '@/api/client';
import type { Attribute, AttributeCreate, AttributePatch } from './types';

const attributePath = (id: string) => `/attributes/${encodeURIComponent(id)}`;

/** Every definition of the tenant: at most 100, so one page of 200 holds them all. */
export async function listAttributes(signal?: AbortSignal): Promise<Attribute[]> {
  const { data } = await apiRequest<{ data: Attribute[] }>('/attributes?limit=200', { signal });
  return data;
}

export function createAttribute(input: AttributeCreate) {
  return apiRequest<Attribute>('/attributes', { method: 'POST', body: input });
}

export function updateAttribute(id: string, patch: AttributePatch) {
  return apiRequest<Attribute>(attributePath(id), { method: 'PATCH', body: patch });
}

/** Removes the definition and every customer's value of it. */
export function deleteAttribute(id: string) {
  return apiRequest<null>(attributePath(id), { method: 'DELETE' });
}
