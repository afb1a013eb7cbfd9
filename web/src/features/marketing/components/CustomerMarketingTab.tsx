import { Paper, Stack, Text, Title } from '@mantine/core';
import { isApiError } from '@/api/client';
import { useHasRole } from '@/features/auth/hooks/useHasRole';
import { useCustomerContact } from '../hooks/useCustomerMarketing';
import { ConsentHistory } from './ConsentHistory';
import { CustomerSubscriptions } from './CustomerSubscriptions';

/** The customer page's Marketing tab: the state per newsletter above the consent history that proves it. */
export function CustomerMarketingTab({ customerId }: { customerId: string }) {
  const canWrite = useHasRole()('support');
  // Shares the query CustomerSubscriptions reads: names the history's newsletters without a second fetch.
  const contact = useCustomerContact(customerId);
  // A customer without an email address has no marketing contact: an answer, not a failure.
  if (isApiError(contact.error) && contact.error.status === 404) {
    return (
      <Paper
        withBorder
        radius="md"
        p="lg"
        shadow="xs"
        component="section"
        aria-labelledby="subscriptions-title"
      >
        <Title order={2} size="h4" id="subscriptions-title" mb="xs">
          Newsletters
        </Title>
        <Text size="sm" c="dimmed" data-testid="no-contact">
          {contact.error.detail ?? 'This customer has no marketing contact.'}
        </Text>
      </Paper>
    );
  }
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
