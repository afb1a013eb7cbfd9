import { Table, Text } from '@mantine/core';
import { PagedHistory } from '@/components/PagedHistory';
import { useSession } from '@/features/auth/hooks/useSession';
import { formatDateTime } from '@/lib/format';
import type { ConsentRecord } from '../api/types';
import { useCustomerConsents } from '../hooks/useCustomerMarketing';
import { consentSourceLabels, optInLevelLabels } from '../lib/subscription-status';
import { SubscriptionStatusBadge } from './SubscriptionStatusBadge';

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
  const { data: session } = useSession();
  return (
    <PagedHistory
      query={useCustomerConsents(customerId)}
      title="Consent history"
      titleId="consent-history-title"
      subtitle="Every change, newest first. Records are never edited or deleted."
      label="Consent history"
      testId="consent-history"
      minWidth={820}
      headers={['When', 'Newsletter', 'State', 'Source', 'Wording', 'IP address'].map((name) => (
        <Table.Th key={name}>{name}</Table.Th>
      ))}
      empty="No consent has been given or withdrawn yet."
      row={(record) => (
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
      )}
    />
  );
}
