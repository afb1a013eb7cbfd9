import { Anchor, Badge, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { PagedHistory } from '@/components/PagedHistory';
import { useSession } from '@/features/auth/hooks/useSession';
import { describeActor } from '@/features/orders/lib/describe-actor';
import { formatDate, formatDateTime } from '@/lib/format';
import { formatMoney } from '@/lib/money';
import type { CreditEntry } from '../api/types';
import { useCreditEntries } from '../hooks/useCreditEntries';
import { creditKindLooks } from '../lib/credit-kinds';

const dash = (
  <Text span c="dimmed" size="sm">
    —
  </Text>
);

function Amount({ entry }: { entry: CreditEntry }) {
  const partlyUsed = entry.remaining !== null && entry.remaining !== entry.amount;
  return (
    <>
      <Text size="sm" fw={600} c={entry.amount < 0 ? 'red' : 'teal'} style={{ whiteSpace: 'nowrap' }}>
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
  const { data: session } = useSession();
  return (
    <PagedHistory
      query={useCreditEntries(customerId)}
      title="History"
      titleId="credit-history-title"
      label="Store credit history"
      testId="credit-history"
      minWidth={600}
      headers={[
        <Table.Th key="date">Date</Table.Th>,
        <Table.Th key="kind">Kind</Table.Th>,
        <Table.Th key="amount" ta="right">
          Amount
        </Table.Th>,
        <Table.Th key="reason">Reason</Table.Th>,
        <Table.Th key="order">Order</Table.Th>,
        <Table.Th key="expires">Expires</Table.Th>,
      ]}
      empty="No credit has been issued to this customer."
      row={(entry) => {
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
              {/* A badge's label may shrink to an ellipsis ("Redee…") when the table is squeezed: never here. */}
              <Badge
                variant="dot"
                color={look.color}
                size="sm"
                radius="sm"
                tt="none"
                fw={500}
                miw="max-content"
              >
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
      }}
    />
  );
}
