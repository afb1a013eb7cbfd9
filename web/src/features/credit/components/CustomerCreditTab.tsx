import { Grid, Stack } from '@mantine/core';
import { useHasRole } from '@/features/auth/hooks/useHasRole';
import { useReportingCurrency } from '@/features/auth/hooks/useReportingCurrency';
import { useCreditBalances } from '../hooks/useCreditBalances';
import { CreditBalances } from './CreditBalances';
import { CreditEntryForm } from './CreditEntryForm';
import { CreditHistory } from './CreditHistory';

/** The customer's store credit: balance per currency, the issue/deduct form (support), the ledger. */
export function CustomerCreditTab({ customerId }: { customerId: string }) {
  const canWrite = useHasRole()('support');
  const balances = useCreditBalances(customerId);
  const reportingCurrency = useReportingCurrency();
  // The form starts in the currency the customer already has credit in, if any.
  const defaultCurrency = balances.data?.balances[0]?.currency ?? reportingCurrency;
  return (
    <Grid gutter="lg" align="flex-start">
      <Grid.Col span={{ base: 12, lg: 4 }}>
        <Stack gap="lg">
          <CreditBalances customerId={customerId} />
          {canWrite && !balances.isPending && (
            <CreditEntryForm customerId={customerId} defaultCurrency={defaultCurrency} />
          )}
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 8 }}>
        <CreditHistory customerId={customerId} />
      </Grid.Col>
    </Grid>
  );
}
