import { Grid } from '@mantine/core';
import { useHasRole } from '@/features/auth/hooks/useHasRole';
import { CustomerMemberships } from './CustomerMemberships';
import { CustomerRoles } from './CustomerRoles';

/** The customer page's "Groups & roles" tab: memberships beside the roles they and direct assignments give. */
export function CustomerBelongingTab({ customerId }: { customerId: string }) {
  const canWrite = useHasRole()('support');
  return (
    <Grid gutter="lg" align="flex-start">
      <Grid.Col span={{ base: 12, lg: 7 }}>
        <CustomerMemberships customerId={customerId} canWrite={canWrite} />
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 5 }}>
        <CustomerRoles customerId={customerId} canWrite={canWrite} />
      </Grid.Col>
    </Grid>
  );
}
