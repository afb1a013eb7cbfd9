import { Alert, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { describeError } from '@/api/field-errors';
import { formatMoney } from '@/lib/money';
import { useCreditBalances } from '../hooks/useCreditBalances';

/** What the customer can spend, per currency; a currency they once had credit in shows even at zero. */
export function CreditBalances({ customerId }: { customerId: string }) {
  const balances = useCreditBalances(customerId);

  let body: ReactNode;
  if (balances.isPending) {
    body = <Skeleton height={36} width="60%" radius="sm" />;
  } else if (balances.isError) {
    body = (
      <Alert color="red" title={describeError(balances.error).title}>
        {describeError(balances.error).message}
      </Alert>
    );
  } else if (balances.data.balances.length === 0) {
    body = (
      <Text size="sm" c="dimmed" data-testid="credit-balances-empty">
        No store credit yet.
      </Text>
    );
  } else {
    body = (
      <Stack gap="xs" component="dl" m={0}>
        {balances.data.balances.map(({ currency, balance }) => (
          <Group key={currency} justify="space-between" align="baseline" wrap="nowrap">
            <Text component="dt" size="sm" c="dimmed" fw={600}>
              {currency}
            </Text>
            <Text component="dd" m={0} fz={26} fw={700} lh={1.2} data-testid={`credit-balance-${currency}`}>
              {formatMoney(balance, currency)}
            </Text>
          </Group>
        ))}
      </Stack>
    );
  }

  return (
    <Paper withBorder radius="md" p="lg" shadow="xs" component="section" aria-labelledby="balances-title">
      <Title order={2} size="h4" id="balances-title" mb="md">
        Balance
      </Title>
      <div aria-live="polite">{body}</div>
    </Paper>
  );
}
