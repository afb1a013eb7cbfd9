import { Anchor, Text } from '@mantine/core';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { customerDisplayName } from '@/features/customers/lib/display-name';
import type { RecordColumn } from '@/features/record-table/types';
import { formatAge, formatCount, formatDateTime } from '@/lib/format';
import { formatMoney } from '@/lib/money';
import type { AbandonedCart } from '../api/types';

const dimmed = (text: string) => (
  <Text span size="sm" c="dimmed">
    {text}
  </Text>
);

/** The Abandoned carts page's columns; `value` and `lastActivityAt` are the API's sort fields. */
export function useAbandonedCartColumns(): RecordColumn<AbandonedCart>[] {
  return useMemo(
    () =>
      [
        {
          id: 'customer',
          header: 'Customer',
          sortable: false,
          cell: (cart) =>
            cart.customer ? (
              <Anchor component={Link} to={`/customers/${cart.customer.id}`} size="sm" fw={500}>
                {customerDisplayName({ ...cart.customer, companyName: null })}
              </Anchor>
            ) : (
              dimmed('Anonymous')
            ),
        },
        { id: 'site', header: 'Site', sortable: false, cell: (cart) => cart.site.name },
        {
          id: 'value',
          header: 'Value',
          align: 'right',
          cell: (cart) => formatMoney(cart.value, cart.currency),
        },
        {
          id: 'lineCount',
          header: 'Lines',
          sortable: false,
          align: 'right',
          cell: (cart) => formatCount(cart.lineCount),
        },
        {
          id: 'lastActivityAt',
          header: 'Last activity',
          cell: (cart) => (
            <time dateTime={cart.lastActivityAt} title={formatDateTime(cart.lastActivityAt)}>
              {formatAge(cart.lastActivityAt)} ago
            </time>
          ),
        },
        {
          id: 'abandonedAt',
          header: 'Abandoned since',
          sortable: false,
          cell: (cart) => <time dateTime={cart.abandonedAt}>{formatDateTime(cart.abandonedAt)}</time>,
        },
        {
          id: 'reminderSentAt',
          header: 'Reminder',
          sortable: false,
          cell: (cart) =>
            cart.reminderSentAt ? (
              <time dateTime={cart.reminderSentAt} title={formatDateTime(cart.reminderSentAt)}>
                Sent {formatAge(cart.reminderSentAt)} ago
              </time>
            ) : (
              dimmed('Not sent')
            ),
        },
      ] satisfies RecordColumn<AbandonedCart>[],
    [],
  );
}
