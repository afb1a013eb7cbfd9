import { ActionIcon, Button, Code, Group } from '@mantine/core';
import { useClipboard, useDisclosure } from '@mantine/hooks';
import { useEffect } from 'react';
import { ConfirmModal } from '@/components/ConfirmModal';
import { Icon } from '@/components/Icon';
import { notifyError, notifySuccess } from '@/lib/notify';
import type { Site } from '../api/types';
import { useSaveSite } from '../hooks/useSaveSite';

interface PublishableKeyProps {
  site: Site;
  /** Admins and owners may give the site a new key. */
  canRotate: boolean;
}

/** A site's publishable key with a copy button and, behind a confirmation, "Rotate key". */
export function PublishableKey({ site, canRotate }: PublishableKeyProps) {
  const clipboard = useClipboard({ timeout: 2000 });
  const [confirmOpened, confirm] = useDisclosure(false);
  const save = useSaveSite();

  useEffect(() => {
    if (clipboard.error)
      notifyError(new Error('The browser did not allow copying; select the key and copy it.'));
  }, [clipboard.error]);

  const rotate = () =>
    save.mutate(
      { kind: 'rotateKey', id: site.id },
      {
        onSuccess: () => {
          confirm.close();
          notifySuccess(`${site.name} has a new publishable key.`);
        },
        onError: (error) => notifyError(error),
      },
    );

  return (
    <Group gap={6} wrap="nowrap">
      <Code data-testid="publishable-key" style={{ whiteSpace: 'nowrap' }}>
        {site.publishableKey}
      </Code>
      <ActionIcon
        variant="subtle"
        color={clipboard.copied ? 'teal' : 'gray'}
        aria-label={clipboard.copied ? `Copied the key of ${site.name}` : `Copy the key of ${site.name}`}
        onClick={() => clipboard.copy(site.publishableKey)}
      >
        <Icon name={clipboard.copied ? 'check' : 'copy'} size={16} />
      </ActionIcon>
      {canRotate && (
        <Button
          size="compact-xs"
          variant="subtle"
          color="red"
          c="red"
          onClick={confirm.open}
          aria-label={`Rotate key of ${site.name}`}
        >
          Rotate key
        </Button>
      )}
      <ConfirmModal
        opened={confirmOpened}
        title="Rotate publishable key"
        confirmLabel="Rotate key"
        loading={save.isPending}
        onConfirm={rotate}
        onClose={confirm.close}
      >
        Give <strong>{site.name}</strong> a new key? The current key stops working at once: storefronts
        sending it are refused until they are updated with the new one.
      </ConfirmModal>
    </Group>
  );
}
