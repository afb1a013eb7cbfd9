import {
  Alert,
  Anchor,
  Badge,
  Button,
  Center,
  Group,
  Loader,
  Paper,
  Table,
  Text,
  Title,
} from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { describeError } from '@/api/field-errors';
import { ScrollableTable } from '@/components/ScrollableTable';
import { SkeletonRows } from '@/components/SkeletonRows';
import { useSession } from '@/features/auth/hooks/useSession';
import { describeActor } from '@/features/orders/lib/describe-actor';
import { formatDate, formatDateTime } from '@/lib/format';
import { formatMoney } from '@/lib/money';
import type { CreditEntry } from '../api/types';
import { useCreditEntries } from '../hooks/useCreditEntries';
import { creditKindLooks } from '../lib/credit-kinds';

const COLUMNS = 6;

const dash = (
  <Text span c="dimmed" size="sm">
    —
  </Text>
);

function Amount({ entry }: { entry: CreditEntry }) {
  const partlyUsed = entry.remaining !== null && entry.remaining !== entry.amount;
  return (
    <>
      <Text size="sm" fw={600} c={entry.amount < 0 ? 'red.9' : 'teal.9'} style={{ whiteSpace: 'nowrap' }}>
        {formatMoney(entry.amount, entry.currency, { signed: true })}
      </Text>
      {partlyUsed && (
        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {formatMoney(entry.remaining ?? 0, entry.currency)} left
        </Text>
      )}
    </>
  );
}

/** Every movement of the customer's credit, newest first, with who made it and why. */
export function CreditHistory({ customerId }: { customerId: string }) {
  const entries = useCreditEntries(customerId);
  const { data: session } = useSession();
  const rows = entries.data?.pages.flatMap((page) => page.data);

  const fullRow = (content: ReactNode) => (
    <Table.Tr>
      <Table.Td colSpan={COLUMNS}>{content}</Table.Td>
    </Table.Tr>
  );

  let body: ReactNode;
  if (entries.isError && !rows) {
    const { title, message } = describeError(entries.error);
    body = fullRow(
      <Alert color="red" title={title} my="sm">
        {message}
      </Alert>,
    );
  } else if (!rows) {
    body = <SkeletonRows rows={3} columns={COLUMNS} />;
  } else if (rows.length === 0) {
    body = fullRow(
      <Text size="sm" c="dimmed" ta="center" py="md">
        No credit has been issued to this customer.
      </Text>,
    );
  } else {
    body = rows.map((entry) => {
      const look = creditKindLooks[entry.kind];
      return (
        <Table.Tr key={entry.id} data-entry-id={entry.id} data-kind={entry.kind}>
          <Table.Td style={{ whiteSpace: 'nowrap' }}>
            <Text size="sm">
              <time dateTime={entry.createdAt} title={formatDateTime(entry.createdAt)}>
                {formatDate(entry.createdAt)}
              </time>
            </Text>
            <Text size="xs" c="dimmed">
              by {describeActor(entry.actor, session?.id)}
            </Text>
          </Table.Td>
          <Table.Td>
            <Badge variant="dot" color={look.color} size="sm" radius="sm" tt="none" fw={500}>
              {look.label}
            </Badge>
          </Table.Td>
          <Table.Td ta="right">
            <Amount entry={entry} />
          </Table.Td>
          <Table.Td style={{ maxWidth: 260, overflowWrap: 'anywhere' }}>
            <Text size="sm">{entry.reason || '—'}</Text>
            {entry.reference && (
              <Text size="xs" c="dimmed">
                Ref. {entry.reference}
              </Text>
            )}
          </Table.Td>
          <Table.Td>
            {entry.orderId ? (
              <Anchor component={Link} to={`/orders/${entry.orderId}`} size="sm">
                View order
              </Anchor>
            ) : (
              dash
            )}
          </Table.Td>
          <Table.Td style={{ whiteSpace: 'nowrap' }}>
            {entry.expiresAt ? (
              <time dateTime={entry.expiresAt} title={formatDateTime(entry.expiresAt)}>
                {formatDate(entry.expiresAt)}
              </time>
            ) : (
              dash
            )}
          </Table.Td>
        </Table.Tr>
      );
    });
  }

  return (
    <Paper
      withBorder
      radius="md"
      p="lg"
      shadow="xs"
      component="section"
      aria-labelledby="credit-history-title"
    >
      <Group justify="space-between" mb="md">
        <Title order={2} size="h4" id="credit-history-title">
          History
        </Title>
        {entries.isFetching && rows && <Loader size={14} aria-hidden="true" />}
      </Group>
      <ScrollableTable label="Store credit history" minWidth={600}>
        <Table aria-label="Store credit history" data-testid="credit-history" aria-busy={entries.isFetching}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Date</Table.Th>
              <Table.Th>Kind</Table.Th>
              <Table.Th ta="right">Amount</Table.Th>
              <Table.Th>Reason</Table.Th>
              <Table.Th>Order</Table.Th>
              <Table.Th>Expires</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>{body}</Table.Tbody>
        </Table>
      </ScrollableTable>
      {entries.hasNextPage && (
        <Center pt="md">
          <Button
            variant="default"
            size="xs"
            onClick={() => entries.fetchNextPage()}
            loading={entries.isFetchingNextPage}
          >
            Load more
          </Button>
        </Center>
      )}
    </Paper>
  );
}
