import { Badge, Button, Group, Paper, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { LoadErrorAlert } from '@/components/LoadErrorAlert';
import { ScrollableTable } from '@/components/ScrollableTable';
import { SkeletonRows } from '@/components/SkeletonRows';
import { formatDate, formatDateTime } from '@/lib/format';
import type { Subscription } from '../api/types';
import { useCustomerContact } from '../hooks/useCustomerMarketing';
import { optInLevelLabels } from '../lib/subscription-status';
import { ChangeSubscriptionModal } from './ChangeSubscriptionModal';
import { MarkInvalidModal } from './MarkInvalidModal';
import { SubscriptionStatusBadge } from './SubscriptionStatusBadge';

const dash = (
  <Text span c="dimmed" size="sm">
    —
  </Text>
);

/** The customer's state for every newsletter of the tenant, with Change and "Mark address invalid" for support. */
export function CustomerSubscriptions({ customerId, canWrite }: { customerId: string; canWrite: boolean }) {
  const contact = useCustomerContact(customerId);
  const [changing, setChanging] = useState<Subscription | null>(null);
  const [markingInvalid, setMarkingInvalid] = useState(false);
  const subscriptions = contact.data?.subscriptions;
  const columns = 4 + (canWrite ? 1 : 0);

  return (
    <Paper
      withBorder
      radius="md"
      p="lg"
      shadow="xs"
      component="section"
      aria-labelledby="subscriptions-title"
    >
      <Group justify="space-between" align="flex-start" mb="md">
        <div>
          <Title order={2} size="h4" id="subscriptions-title">
            Newsletters
          </Title>
          {contact.data && (
            <Group gap="xs" mt={4}>
              <Text size="sm" c="dimmed" data-testid="contact-email">
                {contact.data.email}
              </Text>
              {contact.data.invalid && (
                <Badge color="red" variant="light" size="sm" tt="none" data-testid="contact-invalid">
                  Address invalid
                </Badge>
              )}
            </Group>
          )}
        </div>
        {canWrite && contact.data && !contact.data.invalid && (
          <Button variant="subtle" color="red" size="xs" onClick={() => setMarkingInvalid(true)}>
            Mark address invalid
          </Button>
        )}
      </Group>
      {contact.isError && <LoadErrorAlert error={contact.error} onRetry={() => contact.refetch()} />}
      <ScrollableTable label="Newsletter subscriptions" minWidth={560}>
        <Table
          aria-label="Newsletter subscriptions"
          data-testid="subscriptions-table"
          aria-busy={contact.isPending}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Newsletter</Table.Th>
              <Table.Th>State</Table.Th>
              <Table.Th>Opt-in level</Table.Th>
              <Table.Th>Updated</Table.Th>
              {canWrite && <Table.Th>Action</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {contact.isPending ? (
              <SkeletonRows rows={2} columns={columns} />
            ) : (subscriptions ?? []).length === 0 ? (
              <Table.Tr>
                <Table.Td colSpan={columns}>
                  <Text size="sm" c="dimmed">
                    {contact.isError ? 'Not loaded.' : 'The store has no newsletters yet.'}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ) : (
              subscriptions?.map((subscription) => (
                <Table.Tr key={subscription.newsletterId} data-newsletter-code={subscription.code}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {subscription.name}
                    </Text>
                    <Text size="xs" c="dimmed" ff="monospace">
                      {subscription.code}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <SubscriptionStatusBadge status={subscription.status} />
                  </Table.Td>
                  <Table.Td>
                    {subscription.optInLevel ? (
                      <Text size="sm">{optInLevelLabels[subscription.optInLevel]}</Text>
                    ) : (
                      dash
                    )}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {subscription.updatedAt ? (
                      <Text size="sm">
                        <time
                          dateTime={subscription.updatedAt}
                          title={formatDateTime(subscription.updatedAt)}
                        >
                          {formatDate(subscription.updatedAt)}
                        </time>
                      </Text>
                    ) : (
                      dash
                    )}
                  </Table.Td>
                  {canWrite && (
                    <Table.Td>
                      <Button
                        size="xs"
                        variant="subtle"
                        onClick={() => setChanging(subscription)}
                        aria-label={`Change ${subscription.name}`}
                      >
                        Change
                      </Button>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))
            )}
          </Table.Tbody>
        </Table>
      </ScrollableTable>
      {changing && (
        <ChangeSubscriptionModal
          key={changing.newsletterId}
          customerId={customerId}
          subscription={changing}
          onClose={() => setChanging(null)}
        />
      )}
      {markingInvalid && contact.data && (
        <MarkInvalidModal
          customerId={customerId}
          contact={contact.data}
          onClose={() => setMarkingInvalid(false)}
        />
      )}
    </Paper>
  );
}
