import { Group, Text } from '@mantine/core';
import { useReportingCurrency } from '@/features/auth/hooks/useReportingCurrency';
import { formatTotal } from '@/lib/format';
import { formatMoney } from '@/lib/money';
import type { CustomerGridRow } from '../api/types';
import { customerDisplayName } from '../lib/display-name';

/** A customer as a card of the narrow-screen grid: name, e-mail, orders and total spent. */
export function CustomerCard({ customer }: { customer: CustomerGridRow }) {
  const reportingCurrency = useReportingCurrency();
  return (
    <>
      <Text fw={600} size="sm" truncate>
        {customerDisplayName(customer)}
      </Text>
      {customer.email && (
        <Text size="sm" c="dimmed" truncate>
          {customer.email}
        </Text>
      )}
      <Group gap="md" mt={4}>
        <Text size="sm">{formatTotal(customer.ordersCount, 'order')}</Text>
        <Text size="sm" fw={500}>
          {formatMoney(customer.totalSpent, reportingCurrency)}
        </Text>
      </Group>
    </>
  );
}
