import { useMutation, useQueryClient } from '@tanstack/react-query';
import { customerKeys } from '@/features/customers/api/customer-keys';
import { noteKeys } from '../api/note-keys';
import { addNote, deleteNote, editNote } from '../api/notes-api';

/** Adds, edits and deletes the customer's notes; each refreshes the notes and the timeline. */
export function useNoteChanges(customerId: string) {
  const queryClient = useQueryClient();
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: noteKeys.customer(customerId) }),
      queryClient.invalidateQueries({ queryKey: customerKeys.timeline(customerId) }),
    ]);
  return {
    add: useMutation({ mutationFn: (body: string) => addNote(customerId, body), onSuccess: refresh }),
    edit: useMutation({
      mutationFn: ({ noteId, body }: { noteId: string; body: string }) => editNote(customerId, noteId, body),
      onSuccess: refresh,
    }),
    remove: useMutation({
      mutationFn: (noteId: string) => deleteNote(customerId, noteId),
      onSuccess: refresh,
    }),
  };
}
