import { Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { useReportingCurrency } from '@/features/auth/hooks/useReportingCurrency';
import { useSubdivisionName } from '@/features/reference/hooks/useSubdivisionName';
import { useSites } from '@/features/sites/hooks/useSites';
import { countryName, formatCount, formatDate, formatDateTime } from '@/lib/format';
import { formatMoney } from '@/lib/money';
import type { Customer } from '../api/types';

function Fact({ label, value, title }: { label: string; value: string; title?: string }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text size="sm" fw={500} title={title}>
        {value}
      </Text>
    </Stack>
  );
}

/** Read-only facts about the customer that the form does not edit. */
export function CustomerSummary({ customer }: { customer: Customer }) {
  const { data: sites } = useSites();
  const reportingCurrency = useReportingCurrency();
  const site = sites?.find((candidate) => candidate.id === customer.originSiteId);
  const stateName = useSubdivisionName(customer.countryCode, customer.stateCode);
  // The billing address's state and country, by name: "California, United States".
  const location = [stateName, customer.countryCode && countryName(customer.countryCode)]
    .filter(Boolean)
    .join(', ');
  return (
    <Paper withBorder radius="md" p="md" shadow="xs">
      <SimpleGrid cols={{ base: 2, sm: 4, lg: 7 }} spacing="md">
        <Fact label="Orders" value={formatCount(customer.ordersCount ?? 0)} />
        <Fact
          label="Total spent"
          value={formatMoney(customer.totalSpent ?? 0, reportingCurrency)}
          title={`Orders in ${reportingCurrency}, less refunds`}
        />
        <Fact
          label="Last order"
          value={formatDate(customer.lastOrderAt)}
          title={formatDateTime(customer.lastOrderAt)}
        />
        <Fact label="Origin site" value={site?.name ?? (customer.originSiteId ? '…' : '—')} />
        <Fact label="Location" value={location || '—'} />
        <Fact
          label="Created"
          value={formatDate(customer.createdAt)}
          title={formatDateTime(customer.createdAt)}
        />
        <Fact
          label="Updated"
          value={formatDate(customer.updatedAt)}
          title={formatDateTime(customer.updatedAt)}
        />
      </SimpleGrid>
    </Paper>
  );
}
