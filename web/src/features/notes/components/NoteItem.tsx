import { Badge, Button, Group, Paper, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { isApiError } from '@/api/client';
import { asSentence, describeError } from '@/api/field-errors';
import { ConfirmModal } from '@/components/ConfirmModal';
import { formatDateTime } from '@/lib/format';
import { notifyError, notifySuccess } from '@/lib/notify';
import type { Note } from '../api/types';
import type { useNoteChanges } from '../hooks/useNoteChanges';

interface NoteItemProps {
  note: Note;
  /** The author or an admin: the server allows them to edit and delete it. */
  canChange: boolean;
  changes: ReturnType<typeof useNoteChanges>;
}

const problem = (error: unknown) =>
  isApiError(error) && error.errors.length > 0
    ? asSentence(error.errors[0]!.message)
    : describeError(error).message;

/** One note: who wrote it and when, its text, and Edit/Delete for those allowed. */
export function NoteItem({ note, canChange, changes }: NoteItemProps) {
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);

  const save = () => {
    if (editing === null) return;
    changes.edit.mutate(
      { noteId: note.id, body: editing },
      { onSuccess: () => setEditing(null), onError: (failure) => setError(problem(failure)) },
    );
  };
  const remove = () =>
    changes.remove.mutate(note.id, {
      onSuccess: () => {
        setConfirming(false);
        notifySuccess('Note deleted.');
      },
      onError: (failure) => {
        setConfirming(false);
        notifyError(failure);
      },
    });

  return (
    <Paper withBorder radius="sm" p="sm" component="article" data-testid="note">
      <Group justify="space-between" gap="xs" mb={4}>
        <Text size="sm" fw={600}>
          {note.authorName ?? 'Former user'}
        </Text>
        <Group gap={6}>
          <Text size="xs" c="dimmed" component="time" dateTime={note.createdAt}>
            {formatDateTime(note.createdAt)}
          </Text>
          {note.edited && (
            <Badge size="xs" variant="light" color="gray" title={`Edited ${formatDateTime(note.updatedAt)}`}>
              edited
            </Badge>
          )}
        </Group>
      </Group>
      {editing === null ? (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {note.body}
        </Text>
      ) : (
        <Stack gap="xs">
          <Textarea
            label="Edit note"
            value={editing}
            onChange={(event) => {
              setEditing(event.currentTarget.value);
              setError(null);
            }}
            autosize
            minRows={2}
            maxLength={10_000}
            error={error}
          />
          <Group gap="xs" justify="flex-end">
            <Button variant="default" size="xs" onClick={() => setEditing(null)}>
              Cancel
            </Button>
            <Button size="xs" onClick={save} loading={changes.edit.isPending} disabled={!editing.trim()}>
              Save note
            </Button>
          </Group>
        </Stack>
      )}
      {canChange && editing === null && (
        <Group gap="xs" mt="xs">
          <Button variant="subtle" size="compact-xs" onClick={() => setEditing(note.body)}>
            Edit
          </Button>
          <Button variant="subtle" color="red" size="compact-xs" onClick={() => setConfirming(true)}>
            Delete
          </Button>
        </Group>
      )}
      <ConfirmModal
        opened={confirming}
        title="Delete this note?"
        confirmLabel="Delete note"
        loading={changes.remove.isPending}
        onConfirm={remove}
        onClose={() => setConfirming(false)}
      >
        The note is deleted for good. The timeline keeps that it existed, not what it said.
      </ConfirmModal>
    </Paper>
  );
}
