import { ActionIcon, Alert, Button, Code, Group, Modal, Stack, Text } from '@mantine/core';
import { useClipboard } from '@mantine/hooks';
import { useEffect } from 'react';
import { Icon } from '@/components/Icon';
import { notifyError } from '@/lib/notify';

/** The signing secret, right after create or rotate: the only time the server shows it. */
export function WebhookSecretModal({ secret, onClose }: { secret: string | null; onClose: () => void }) {
  const clipboard = useClipboard({ timeout: 2000 });
  useEffect(() => {
    if (clipboard.error)
      notifyError(new Error('The browser did not allow copying; select the secret and copy it.'));
  }, [clipboard.error]);

  return (
    <Modal opened={secret !== null} onClose={onClose} title="Signing secret" centered size="lg">
      <Stack gap="md">
        <Alert color="yellow" title="Shown once">
          Store this secret in the receiving system now: Clientele will not show it again. Receivers use it to
          verify the <Code>webhook-signature</Code> header (Standard Webhooks).
        </Alert>
        <Group gap={6} wrap="nowrap">
          <Code data-testid="webhook-secret" style={{ wordBreak: 'break-all' }}>
            {secret}
          </Code>
          <ActionIcon
            variant="subtle"
            color={clipboard.copied ? 'teal' : 'gray'}
            aria-label={clipboard.copied ? 'Copied the secret' : 'Copy the secret'}
            onClick={() => secret && clipboard.copy(secret)}
          >
            <Icon name={clipboard.copied ? 'check' : 'copy'} size={16} />
          </ActionIcon>
        </Group>
        <Text size="sm" c="dimmed">
          Lost it? Rotate the secret to get a new one.
        </Text>
        <Group justify="flex-end">
          <Button onClick={onClose}>I have stored it</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
