import { Button, Group, Modal, Stack } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';

interface DefinitionModalProps {
  /** The modal's title, also the form's accessible name. */
  title: string;
  onClose: () => void;
  onSubmit: (event: FormEvent) => void;
  /** While the save runs: the submit button spins and Cancel waits for it. */
  saving: boolean;
  submitLabel: string;
  children: ReactNode;
}

/** The modal, form and Cancel/submit footer around a group's or a role's fields. */
export function DefinitionModal({
  title,
  onClose,
  onSubmit,
  saving,
  submitLabel,
  children,
}: DefinitionModalProps) {
  return (
    <Modal opened onClose={onClose} title={title} centered>
      {/* noValidate: the server's field errors show under the fields, not the browser's bubbles. */}
      <form onSubmit={onSubmit} aria-label={title} noValidate>
        <Stack gap="md">
          {children}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={saving}>
              Cancel
            </Button>
            <Button type="submit" loading={saving}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
