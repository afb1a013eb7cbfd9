import { Alert, Button, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { type FormEvent, type ReactNode, useState } from 'react';
import { isApiError } from '@/api/client';
import { asSentence, describeError } from '@/api/field-errors';
import { SectionLoader } from '@/components/PageLoader';
import { useHasRole } from '@/features/auth/hooks/useHasRole';
import { useSession } from '@/features/auth/hooks/useSession';
import type { Note } from '../api/types';
import { useCustomerNotes } from '../hooks/useCustomerNotes';
import { useNoteChanges } from '../hooks/useNoteChanges';
import { NoteItem } from './NoteItem';

/** Staff notes on the customer: newest first, a form to add one, Edit/Delete on your own. */
export function CustomerNotes({ customerId }: { customerId: string }) {
  const notes = useCustomerNotes(customerId);
  const changes = useNoteChanges(customerId);
  const hasRole = useHasRole();
  const { data: session } = useSession();
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const mayChange = (note: Note) =>
    hasRole('admin') || (hasRole('support') && note.authorType === 'admin' && note.authorId === session?.id);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    changes.add.mutate(draft, {
      onSuccess: () => setDraft(''),
      onError: (failure) =>
        setError(
          isApiError(failure) && failure.errors[0]
            ? asSentence(failure.errors[0].message)
            : describeError(failure).message,
        ),
    });
  };

  const all = notes.data?.pages.flatMap((page) => page.data) ?? [];
  let list: ReactNode;
  if (notes.isPending) {
    list = <SectionLoader label="Loading notes" />;
  } else if (notes.isError) {
    list = (
      <Alert color="red" title={describeError(notes.error).title}>
        {describeError(notes.error).message}
      </Alert>
    );
  } else if (all.length === 0) {
    list = (
      <Text size="sm" c="dimmed">
        No notes yet.
      </Text>
    );
  } else {
    list = (
      <Stack gap="xs" data-testid="notes">
        {all.map((note) => (
          <NoteItem key={note.id} note={note} canChange={mayChange(note)} changes={changes} />
        ))}
        {notes.hasNextPage && (
          <Button
            variant="default"
            size="xs"
            onClick={() => notes.fetchNextPage()}
            loading={notes.isFetchingNextPage}
          >
            Older notes
          </Button>
        )}
      </Stack>
    );
  }

  return (
    <Paper withBorder radius="md" p="lg" shadow="xs" component="section" aria-labelledby="notes-title">
      <Title order={2} size="h4" id="notes-title" mb="sm">
        Notes
      </Title>
      {hasRole('support') && (
        <form onSubmit={submit}>
          <Stack gap="xs" mb="md">
            <Textarea
              label="New note"
              description="Only staff see notes."
              value={draft}
              onChange={(event) => {
                setDraft(event.currentTarget.value);
                setError(null);
              }}
              autosize
              minRows={2}
              maxLength={10_000}
              error={error}
            />
            <Button
              type="submit"
              size="xs"
              loading={changes.add.isPending}
              disabled={!draft.trim()}
              style={{ alignSelf: 'flex-end' }}
            >
              Add note
            </Button>
          </Stack>
        </form>
      )}
      {list}
    </Paper>
  );
}
