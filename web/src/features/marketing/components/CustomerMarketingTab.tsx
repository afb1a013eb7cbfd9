import { Stack } from '@mantine/core';
import { useHasRole } from '@/features/auth/hooks/useHasRole';
import { useCustomerContact } from '../hooks/useCustomerMarketing';
import { ConsentHistory } from './ConsentHistory';
import { CustomerSubscriptions } from './CustomerSubscriptions';

/** The customer page's Marketing tab: the state per newsletter above the consent history that proves it. */
export function CustomerMarketingTab({ customerId }: { customerId: string }) {
  const canWrite = useHasRole()('support');
  // Shares the query CustomerSubscriptions reads: names the history's newsletters without a second fetch.
  const contact = useCustomerContact(customerId);
  const newsletterNames = new Map(
    (contact.data?.subscriptions ?? []).map((subscription) => [subscription.newsletterId, subscription.name]),
  );
  return (
    <Stack gap="lg">
      <CustomerSubscriptions customerId={customerId} canWrite={canWrite} />
      <ConsentHistory customerId={customerId} newsletterNames={newsletterNames} />
    </Stack>
  );
}
