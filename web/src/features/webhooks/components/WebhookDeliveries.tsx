import { Badge, Button, Table, Text, VisuallyHidden } from '@mantine/core';
import { PagedHistory } from '@/components/PagedHistory';
import { formatDateTime } from '@/lib/format';
import { notifyError, notifySuccess } from '@/lib/notify';
import type { Webhook, WebhookDelivery } from '../api/types';
import { useWebhookAction } from '../hooks/useWebhookAction';
import { useWebhookDeliveries } from '../hooks/useWebhookDeliveries';

const statusColor: Record<WebhookDelivery['status'], string> = {
  pending: 'gray',
  succeeded: 'teal',
  failed: 'orange',
  dead: 'red',
};

/** An endpoint's delivery log: each message's state, attempts, last answer, next attempt; retry. */
export function WebhookDeliveries({ webhook }: { webhook: Webhook }) {
  const deliveries = useWebhookDeliveries(webhook.id);
  const action = useWebhookAction();

  const retry = (delivery: WebhookDelivery) =>
    action.mutate(
      { kind: 'retry', id: webhook.id, deliveryId: delivery.id },
      {
        onSuccess: () => notifySuccess('The message is sent again.'),
        onError: (error) => notifyError(error),
      },
    );

  return (
    <PagedHistory
      query={deliveries}
      title="Delivery log"
      titleId="webhook-deliveries-title"
      subtitle={webhook.url}
      label="Deliveries"
      testId="webhook-deliveries"
      minWidth={820}
      headers={[
        <Table.Th key="created">Created</Table.Th>,
        <Table.Th key="topic">Topic</Table.Th>,
        <Table.Th key="status">Status</Table.Th>,
        <Table.Th key="attempts">Attempts</Table.Th>,
        <Table.Th key="response">Last response</Table.Th>,
        <Table.Th key="next">Next attempt</Table.Th>,
        <Table.Th key="actions">
          <VisuallyHidden>Actions</VisuallyHidden>
        </Table.Th>,
      ]}
      empty="Nothing sent to this endpoint yet."
      row={(delivery) => (
        <Table.Tr key={delivery.id} data-delivery-id={delivery.id}>
          <Table.Td>
            <Text size="sm">{formatDateTime(delivery.createdAt)}</Text>
          </Table.Td>
          <Table.Td>
            <Text size="sm" ff="monospace">
              {delivery.topic}
            </Text>
          </Table.Td>
          <Table.Td>
            <Badge
              color={statusColor[delivery.status]}
              variant="dot"
              size="sm"
              radius="sm"
              tt="none"
              fw={500}
              title={delivery.lastError ?? undefined}
            >
              {delivery.status}
            </Badge>
          </Table.Td>
          <Table.Td>
            <Text size="sm">{delivery.attempts}</Text>
          </Table.Td>
          <Table.Td>
            <Text size="sm">
              {delivery.lastResponseCode ?? (delivery.attempts > 0 ? 'no answer' : '—')}
              {delivery.lastResponseMs !== null && ` in ${delivery.lastResponseMs} ms`}
            </Text>
            {delivery.lastError && (
              <Text size="xs" c="dimmed" lineClamp={2}>
                {delivery.lastError}
              </Text>
            )}
          </Table.Td>
          <Table.Td>
            <Text size="sm">{delivery.nextAttemptAt ? formatDateTime(delivery.nextAttemptAt) : '—'}</Text>
          </Table.Td>
          <Table.Td>
            {delivery.status !== 'pending' && webhook.enabled && (
              <Button
                size="compact-xs"
                variant="subtle"
                onClick={() => retry(delivery)}
                aria-label={`Retry the ${delivery.topic} message of ${formatDateTime(delivery.createdAt)}`}
              >
                Retry
              </Button>
            )}
          </Table.Td>
        </Table.Tr>
      )}
    />
  );
}
