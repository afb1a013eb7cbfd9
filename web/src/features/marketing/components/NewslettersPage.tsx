import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { Icon } from '@/components/Icon';
import { useHasRole } from '@/features/auth/hooks/useHasRole';
import { RecordListHeader } from '@/features/record-page/components/RecordListHeader';
import { DefinitionTable } from '@/features/record-table/components/DefinitionTable';
import { useSites } from '@/features/sites/hooks/useSites';
import { formatCount } from '@/lib/format';
import type { Newsletter } from '../api/types';
import { useNewsletters } from '../hooks/useNewsletters';
import { NewsletterModal } from './NewsletterModal';

/** The tenant's newsletters per site, with how many contacts are subscribed to each now. */
export function NewslettersPage() {
  const newsletters = useNewsletters();
  const sites = useSites();
  const canEdit = useHasRole()('admin');
  // undefined: no modal; null: a new newsletter; a newsletter: editing it.
  const [editing, setEditing] = useState<Newsletter | null | undefined>(undefined);
  const siteNames = new Map((sites.data ?? []).map((site) => [site.id, site.name]));

  return (
    <Stack gap="lg">
      <RecordListHeader
        title="Newsletters"
        noun="newsletter"
        list={newsletters}
        count={newsletters.data?.length}
        countTestId="newsletters-total"
        description="Lists shoppers sign up to. Each customer's Marketing tab shows their state and the consent behind it."
        actions={
          canEdit && (
            <Button leftSection={<Icon name="plus" size={16} />} onClick={() => setEditing(null)}>
              New newsletter
            </Button>
          )
        }
      />
      <DefinitionTable
        label="Newsletters"
        testId="newsletters-table"
        minWidth={720}
        query={newsletters}
        rowKey={(newsletter) => newsletter.id}
        rowAttributes={(newsletter) => ({ 'data-newsletter-code': newsletter.code })}
        empty={
          <Text size="sm" c="dimmed">
            No newsletters yet.
          </Text>
        }
        columns={[
          {
            header: 'Code',
            cell: (newsletter) => (
              <Text size="sm" ff="monospace">
                {newsletter.code}
              </Text>
            ),
          },
          {
            header: 'Name',
            cell: (newsletter) => (
              <>
                <Text size="sm" fw={500}>
                  {newsletter.name}
                </Text>
                {newsletter.description && (
                  <Text size="xs" c="dimmed" lineClamp={2}>
                    {newsletter.description}
                  </Text>
                )}
              </>
            ),
          },
          {
            header: 'Site',
            cell: (newsletter) => <Text size="sm">{siteNames.get(newsletter.siteId) ?? '…'}</Text>,
          },
          {
            header: 'Sign-up',
            cell: (newsletter) => (
              <Group gap={4}>
                <Badge variant="light" color={newsletter.doubleOptIn ? 'indigo' : 'gray'} size="sm" tt="none">
                  {newsletter.doubleOptIn ? 'Double opt-in' : 'Single opt-in'}
                </Badge>
                {newsletter.isDefault && (
                  <Badge variant="light" color="teal" size="sm" tt="none">
                    Site default
                  </Badge>
                )}
              </Group>
            ),
          },
          {
            header: <span style={{ display: 'block', textAlign: 'right' }}>Subscribers</span>,
            cell: (newsletter) => (
              <Text size="sm" ta="right" data-testid="subscriber-count">
                {formatCount(newsletter.subscriberCount)}
              </Text>
            ),
          },
        ]}
        edit={{
          onEdit: canEdit ? setEditing : undefined,
          label: (newsletter) => `Edit ${newsletter.name}`,
          icon: <Icon name="pencil" size={14} />,
        }}
      />
      {editing !== undefined && (
        <NewsletterModal
          key={editing?.id ?? 'new'}
          newsletter={editing}
          onClose={() => setEditing(undefined)}
        />
      )}
    </Stack>
  );
}
