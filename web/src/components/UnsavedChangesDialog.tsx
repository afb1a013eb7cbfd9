import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { Blocker } from 'react-router';

/**
 * "Discard changes?" for a navigation `useUnsavedChangesGuard` held back: Stay (the default,
 * focused, and what Esc or the close button mean) keeps the edit; Discard goes on.
 */
export function UnsavedChangesDialog({ blocker }: { blocker: Blocker }) {
  const blocked = blocker.state === 'blocked';
  const stay = () => blocker.reset?.();
  return (
    <Modal opened={blocked} onClose={stay} title="Discard changes?" centered>
      <Stack gap="lg">
        <Text size="sm">You have unsaved changes on this page. Leaving now discards them.</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => blocker.proceed?.()}>
            Discard
          </Button>
          <Button onClick={stay} data-autofocus>
            Stay
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
