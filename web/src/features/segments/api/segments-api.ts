import { apiRequest } from '@/api/client';
import type { Segment, SegmentChange, SegmentInput, SegmentPage, SegmentPreview } from './types';

const segmentPath = (id: string) => `/segments/${encodeURIComponent(id)}`;

/** The first 200 segments by name: a tenant keeps a handful, so one page serves the list. */
export function listSegments(signal?: AbortSignal) {
  return apiRequest<SegmentPage>('/segments', { signal, query: { limit: 200 } });
}

export function getSegment(id: string, signal?: AbortSignal) {
  return apiRequest<Segment>(segmentPath(id), { signal });
}

export function createSegment(input: SegmentInput) {
  return apiRequest<Segment>('/segments', { method: 'POST', body: input });
}

export function updateSegment(id: string, change: SegmentChange) {
  return apiRequest<Segment>(segmentPath(id), { method: 'PATCH', body: change });
}

export function deleteSegment(id: string) {
  return apiRequest<void>(segmentPath(id), { method: 'DELETE' });
}

export function previewSegment(filter: string, signal?: AbortSignal) {
  return apiRequest<SegmentPreview>('/segments/preview', { method: 'POST', body: { filter }, signal });
}
