import { Button, Checkbox, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { describeError } from '@/api/field-errors';
import type { SavedView } from '../api/types';
import { useSaveView } from '../hooks/useSaveView';
import { type GridUrlState, stateFields } from '../lib/view-state';

interface SaveViewModalProps {
  opened: boolean;
  state: GridUrlState;
  /** Admins may share a view with everyone in the store. */
  canShare: boolean;
  onClose: () => void;
  onSaved: (view: SavedView) => void;
}

/** Names the grid's current state as a new view (private, or shared by an admin). */
export function SaveViewModal({ opened, state, canShare, onClose, onSaved }: SaveViewModalProps) {
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const save = useSaveView();
  const error = save.error ? describeError(save.error).message : null;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const view = await save
      .mutateAsync({ kind: 'create', input: { name, shared, ...stateFields(state) } })
      .catch(() => null);
    if (!view) return;
    setName('');
    setShared(false);
    save.reset();
    onSaved(view);
  };

  return (
    <Modal opened={opened} onClose={onClose} title="Save view" centered>
      <form onSubmit={submit}>
        <Stack>
          <TextInput
            label="View name"
            required
            maxLength={100}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            error={error}
            data-autofocus
          />
          {canShare && (
            <Checkbox
              label="Share with everyone in the store"
              checked={shared}
              onChange={(event) => setShared(event.currentTarget.checked)}
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!name.trim()}>
              Save view
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
