import { Table, Text } from '@mantine/core';
import { ScrollableTable } from '@/components/ScrollableTable';
import { useSession } from '@/features/auth/hooks/useSession';
import { formatDateTime } from '@/lib/format';
import { formatMoney } from '@/lib/money';
import type { OrderStatusChange } from '../api/types';
import { describeActor } from '../lib/describe-actor';
import { OrderStatusBadge } from './OrderStatusBadge';

const dash = (
  <Text span c="dimmed" size="sm">
    —
  </Text>
);

/** Every status the order went through, oldest first, with who changed it and when. */
export function OrderStatusHistory({
  history,
  currency,
}: {
  history: OrderStatusChange[];
  currency: string;
}) {
  const { data: session } = useSession();
  return (
    <ScrollableTable label="Status history" minWidth={640}>
      <Table aria-label="Status history" data-testid="order-status-history">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>When</Table.Th>
            <Table.Th>From</Table.Th>
            <Table.Th>To</Table.Th>
            <Table.Th ta="right">Amount</Table.Th>
            <Table.Th>Note</Table.Th>
            <Table.Th>Who</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {history.map((change) => (
            <Table.Tr key={change.id} data-to-status={change.toStatus}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <time dateTime={change.createdAt}>{formatDateTime(change.createdAt)}</time>
              </Table.Td>
              <Table.Td>
                {change.fromStatus ? <OrderStatusBadge status={change.fromStatus} /> : dash}
              </Table.Td>
              <Table.Td>
                <OrderStatusBadge status={change.toStatus} />
              </Table.Td>
              <Table.Td ta="right">
                {change.amount !== null ? formatMoney(change.amount, currency) : dash}
              </Table.Td>
              <Table.Td style={{ maxWidth: 320, overflowWrap: 'anywhere' }}>{change.note ?? dash}</Table.Td>
              <Table.Td>{describeActor(change.actor, session?.id, { capitalized: true })}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollableTable>
  );
}
