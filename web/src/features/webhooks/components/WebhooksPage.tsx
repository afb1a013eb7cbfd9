import { Anchor, Badge, Button, Group, Paper, Stack, Switch, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { type ReactNode, useState } from 'react';
import { ConfirmModal } from '@/components/ConfirmModal';
import { Icon } from '@/components/Icon';
import { SkeletonRows } from '@/components/SkeletonRows';
import { ListNotLoaded } from '@/features/record-page/components/ListNotLoaded';
import { RecordListHeader } from '@/features/record-page/components/RecordListHeader';
import { formatDateTime } from '@/lib/format';
import { notifyError, notifySuccess } from '@/lib/notify';
import type { Webhook } from '../api/types';
import { useWebhookAction } from '../hooks/useWebhookAction';
import { useWebhooks } from '../hooks/useWebhooks';
import { NewWebhookModal } from './NewWebhookModal';
import { WebhookDeliveries } from './WebhookDeliveries';
import { WebhookSecretModal } from './WebhookSecretModal';

const whyOff: Record<NonNullable<Webhook['disabledReason']>, string> = {
  manual: 'turned off',
  gone: 'answered 410 Gone',
  failing: 'failed for 3 days',
};

/**
 * The tenant's webhook endpoints (admins only): create with topics and see the secret once,
 * turn on and off, rotate the secret, send a test, and each endpoint's delivery log with retry.
 */
export function WebhooksPage() {
  const webhooks = useWebhooks();
  const action = useWebhookAction();
  const [newOpened, newWebhook] = useDisclosure(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [rotating, setRotating] = useState<Webhook | null>(null);
  const [deleting, setDeleting] = useState<Webhook | null>(null);
  const selected = webhooks.data?.find((w) => w.id === selectedId) ?? webhooks.data?.[0] ?? null;

  const setEnabled = (webhook: Webhook, enabled: boolean) =>
    action.mutate(
      { kind: 'update', id: webhook.id, patch: { enabled } },
      {
        onSuccess: () => notifySuccess(enabled ? `${webhook.url} is on.` : `${webhook.url} is off.`),
        onError: (error) => notifyError(error),
      },
    );
  const sendTest = (webhook: Webhook) =>
    action.mutate(
      { kind: 'test', id: webhook.id },
      {
        onSuccess: () => {
          setSelectedId(webhook.id);
          notifySuccess('A test message is on its way; follow it in the delivery log.');
        },
        onError: (error) => notifyError(error),
      },
    );
  const rotate = (webhook: Webhook) =>
    action.mutate(
      { kind: 'rotateSecret', id: webhook.id },
      {
        onSuccess: (answer) => {
          setRotating(null);
          setSecret(answer.secret ?? null);
        },
        onError: (error) => notifyError(error),
      },
    );
  const remove = (webhook: Webhook) =>
    action.mutate(
      { kind: 'delete', id: webhook.id },
      {
        onSuccess: () => {
          setDeleting(null);
          notifySuccess(`${webhook.url} was deleted.`);
        },
        onError: (error) => notifyError(error),
      },
    );

  let body: ReactNode;
  if (webhooks.isError && !webhooks.data) {
    body = (
      <Table.Tr>
        <Table.Td colSpan={5}>
          <ListNotLoaded />
        </Table.Td>
      </Table.Tr>
    );
  } else if (webhooks.isPending) {
    body = <SkeletonRows rows={3} columns={5} />;
  } else if (webhooks.data.length === 0) {
    body = (
      <Table.Tr>
        <Table.Td colSpan={5}>
          <Text size="sm" c="dimmed" ta="center" py="md">
            No webhooks yet. Add one to tell another system when customers change.
          </Text>
        </Table.Td>
      </Table.Tr>
    );
  } else {
    body = webhooks.data.map((webhook) => (
      <Table.Tr
        key={webhook.id}
        data-webhook-id={webhook.id}
        bg={webhook.id === selected?.id ? 'var(--mantine-color-blue-light)' : undefined}
      >
        <Table.Td>
          <Anchor
            component="button"
            type="button"
            size="sm"
            ff="monospace"
            onClick={() => setSelectedId(webhook.id)}
            title="Show its delivery log"
          >
            {webhook.url}
          </Anchor>
          {webhook.description && (
            <Text size="xs" c="dimmed">
              {webhook.description}
            </Text>
          )}
        </Table.Td>
        <Table.Td>
          <Group gap={4}>
            {webhook.topics.map((topic) => (
              <Badge key={topic} variant="default" size="sm" radius="sm" tt="none" fw={500}>
                {topic}
              </Badge>
            ))}
          </Group>
        </Table.Td>
        <Table.Td>
          <Switch
            checked={webhook.enabled}
            onChange={(event) => setEnabled(webhook, event.currentTarget.checked)}
            label={
              webhook.enabled
                ? 'On'
                : `Off${webhook.disabledReason ? `: ${whyOff[webhook.disabledReason]}` : ''}`
            }
            aria-label={`${webhook.url} is on`}
          />
          {webhook.failingSince && (
            <Text size="xs" c="red">
              Failing since {formatDateTime(webhook.failingSince)}
            </Text>
          )}
        </Table.Td>
        <Table.Td>
          <Text size="sm">{formatDateTime(webhook.createdAt)}</Text>
        </Table.Td>
        <Table.Td>
          <Group gap={4} wrap="nowrap">
            <Button
              size="compact-xs"
              variant="subtle"
              disabled={!webhook.enabled}
              onClick={() => sendTest(webhook)}
              aria-label={`Send test to ${webhook.url}`}
            >
              Send test
            </Button>
            <Button
              size="compact-xs"
              variant="subtle"
              color="red"
              c="red"
              onClick={() => setRotating(webhook)}
              aria-label={`Rotate secret of ${webhook.url}`}
            >
              Rotate secret
            </Button>
            <Button
              size="compact-xs"
              variant="subtle"
              color="red"
              c="red"
              onClick={() => setDeleting(webhook)}
              aria-label={`Delete ${webhook.url}`}
            >
              Delete
            </Button>
          </Group>
        </Table.Td>
      </Table.Tr>
    ));
  }

  return (
    <Stack gap="lg">
      <RecordListHeader
        title="Webhooks"
        noun="webhook"
        list={webhooks}
        count={webhooks.data?.length}
        countTestId="webhooks-total"
        description="Endpoints sent a signed message (Standard Webhooks) when customers, orders, credit, consent or memberships change."
        actions={
          <Button leftSection={<Icon name="plus" size={16} />} onClick={newWebhook.open}>
            New webhook
          </Button>
        }
      />

      <Paper withBorder radius="md" shadow="xs">
        <Table.ScrollContainer minWidth={900} type="native">
          <Table aria-label="Webhooks" data-testid="webhooks-table" aria-busy={webhooks.isPending}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>URL</Table.Th>
                <Table.Th>Topics</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>{body}</Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>

      {selected && <WebhookDeliveries key={selected.id} webhook={selected} />}

      <NewWebhookModal opened={newOpened} onClose={newWebhook.close} onCreated={setSecret} />
      <WebhookSecretModal secret={secret} onClose={() => setSecret(null)} />
      <ConfirmModal
        opened={rotating !== null}
        title="Rotate signing secret"
        confirmLabel="Rotate secret"
        loading={action.isPending}
        onConfirm={() => rotating && rotate(rotating)}
        onClose={() => setRotating(null)}
      >
        Give <strong>{rotating?.url}</strong> a new secret? Every message from now on, retries included, is
        signed with the new secret only: the receiver must be updated with it.
      </ConfirmModal>
      <ConfirmModal
        opened={deleting !== null}
        title="Delete webhook"
        confirmLabel="Delete webhook"
        loading={action.isPending}
        onConfirm={() => deleting && remove(deleting)}
        onClose={() => setDeleting(null)}
      >
        Delete <strong>{deleting?.url}</strong> and its delivery log? Messages not yet delivered are not sent.
      </ConfirmModal>
    </Stack>
  );
}
