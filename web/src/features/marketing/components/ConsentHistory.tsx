import { Alert, Button, Center, Group, Loader, Paper, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { describeError } from '@/api/field-errors';
import { ScrollableTable } from '@/components/ScrollableTable';
import { SkeletonRows } from '@/components/SkeletonRows';
import { useSession } from '@/features/auth/hooks/useSession';
import { formatDateTime } from '@/lib/format';
import type { ConsentRecord } from '../api/types';
import { useCustomerConsents } from '../hooks/useCustomerMarketing';
import { consentSourceLabels, optInLevelLabels } from '../lib/subscription-status';
import { SubscriptionStatusBadge } from './SubscriptionStatusBadge';

const COLUMNS = 6;

const dash = (
  <Text span c="dimmed" size="sm">
    —
  </Text>
);

const actorPhrases: Record<ConsentRecord['actor']['type'], string> = {
  admin: 'an admin',
  apiKey: 'an API key',
  shopper: 'the customer',
  anonymous: 'a visitor',
  system: 'the system',
};

/** Who recorded the change, as an admin reads it; the server's label (a name, a key's name) when it sent one. */
function describeConsentActor(actor: ConsentRecord['actor'], myId: string | undefined): string {
  if (actor.type === 'admin' && actor.id !== null && actor.id === myId) return 'you';
  return actor.label ?? actorPhrases[actor.type];
}

/**
 * Every consent record of the customer, newest first: what they agreed to or withdrew from, the
 * exact wording, where and from which address. This is what a store shows when asked to prove consent.
 */
export function ConsentHistory({
  customerId,
  newsletterNames,
}: {
  customerId: string;
  /** Names by newsletter id, from the subscriptions; a record of a deleted newsletter shows its code. */
  newsletterNames: ReadonlyMap<string, string>;
}) {
  const consents = useCustomerConsents(customerId);
  const { data: session } = useSession();
  const rows = consents.data?.pages.flatMap((page) => page.data);

  const fullRow = (content: ReactNode) => (
    <Table.Tr>
      <Table.Td colSpan={COLUMNS}>{content}</Table.Td>
    </Table.Tr>
  );

  let body: ReactNode;
  if (consents.isError && !rows) {
    const { title, message } = describeError(consents.error);
    body = fullRow(
      <Alert color="red" title={title} my="sm">
        {message}
      </Alert>,
    );
  } else if (!rows) {
    body = <SkeletonRows rows={3} columns={COLUMNS} />;
  } else if (rows.length === 0) {
    body = fullRow(
      <Text size="sm" c="dimmed" ta="center" py="md">
        No consent has been given or withdrawn yet.
      </Text>,
    );
  } else {
    body = rows.map((record) => (
      <Table.Tr key={record.id} data-consent-id={record.id} data-status={record.status}>
        <Table.Td style={{ whiteSpace: 'nowrap' }}>
          <Text size="sm">
            <time dateTime={record.createdAt}>{formatDateTime(record.createdAt)}</time>
          </Text>
        </Table.Td>
        <Table.Td>
          <Text size="sm">{newsletterNames.get(record.newsletterId) ?? record.newsletterCode}</Text>
        </Table.Td>
        <Table.Td>
          <SubscriptionStatusBadge status={record.status} />
          {record.optInLevel && (
            <Text size="xs" c="dimmed" mt={2}>
              {optInLevelLabels[record.optInLevel]}
            </Text>
          )}
        </Table.Td>
        <Table.Td>
          <Text size="sm">{consentSourceLabels[record.source]}</Text>
          <Text size="xs" c="dimmed">
            by {describeConsentActor(record.actor, session?.id)}
          </Text>
        </Table.Td>
        <Table.Td style={{ maxWidth: 340, overflowWrap: 'anywhere' }}>
          {record.consentText ? <Text size="sm">{record.consentText}</Text> : dash}
        </Table.Td>
        <Table.Td style={{ maxWidth: 200, overflowWrap: 'anywhere' }}>
          {record.ip ? (
            <Text size="sm" ff="monospace">
              {record.ip}
            </Text>
          ) : (
            dash
          )}
          {record.userAgent && (
            <Text size="xs" c="dimmed" lineClamp={2} title={record.userAgent}>
              {record.userAgent}
            </Text>
          )}
        </Table.Td>
      </Table.Tr>
    ));
  }

  return (
    <Paper
      withBorder
      radius="md"
      p="lg"
      shadow="xs"
      component="section"
      aria-labelledby="consent-history-title"
    >
      <Group justify="space-between" mb="md">
        <div>
          <Title order={2} size="h4" id="consent-history-title">
            Consent history
          </Title>
          <Text size="sm" c="dimmed">
            Every change, newest first. Records are never edited or deleted.
          </Text>
        </div>
        {consents.isFetching && rows && <Loader size={14} aria-hidden="true" />}
      </Group>
      <ScrollableTable label="Consent history" minWidth={820}>
        <Table aria-label="Consent history" data-testid="consent-history" aria-busy={consents.isFetching}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>Newsletter</Table.Th>
              <Table.Th>State</Table.Th>
              <Table.Th>Source</Table.Th>
              <Table.Th>Wording</Table.Th>
              <Table.Th>IP address</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>{body}</Table.Tbody>
        </Table>
      </ScrollableTable>
      {consents.hasNextPage && (
        <Center pt="md">
          <Button
            variant="default"
            size="xs"
            onClick={() => consents.fetchNextPage()}
            loading={consents.isFetchingNextPage}
          >
            Load more
          </Button>
        </Center>
      )}
    </Paper>
  );
}
