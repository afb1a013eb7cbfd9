import { apiRequest } from '@/api/client';
import type { DefaultView, SavedView, SavedViewChange, SavedViewInput, SavedViewPage } from './types';

const viewPath = (id: string) => `/views/${encodeURIComponent(id)}`;

/** The first 200 views by name (shared and your own): one page serves the tabs. */
export function listViews(signal?: AbortSignal) {
  return apiRequest<SavedViewPage>('/views', { signal, query: { limit: 200 } });
}

export function createView(input: SavedViewInput) {
  return apiRequest<SavedView>('/views', { method: 'POST', body: input });
}

export function updateView(id: string, change: SavedViewChange) {
  return apiRequest<SavedView>(viewPath(id), { method: 'PATCH', body: change });
}

export function deleteView(id: string) {
  return apiRequest<void>(viewPath(id), { method: 'DELETE' });
}

export function setDefaultView(viewId: string | null) {
  return apiRequest<DefaultView>('/views/default', { method: 'PUT', body: { viewId } });
}
