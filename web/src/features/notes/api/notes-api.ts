import { apiRequest } from '@/api/client';
import type { Note, NotePage } from './types';

const notesPath = (customerId: string) => `/customers/${encodeURIComponent(customerId)}/notes`;
const notePath = (customerId: string, noteId: string) =>
  `${notesPath(customerId)}/${encodeURIComponent(noteId)}`;

export function listNotes(customerId: string, cursor: string | null, signal?: AbortSignal) {
  return apiRequest<NotePage>(notesPath(customerId), { signal, query: { limit: 20, cursor } });
}

export function addNote(customerId: string, body: string) {
  return apiRequest<Note>(notesPath(customerId), { method: 'POST', body: { body } });
}

export function editNote(customerId: string, noteId: string, body: string) {
  return apiRequest<Note>(notePath(customerId, noteId), { method: 'PATCH', body: { body } });
}

export function deleteNote(customerId: string, noteId: string) {
  return apiRequest<void>(notePath(customerId, noteId), { method: 'DELETE' });
}
