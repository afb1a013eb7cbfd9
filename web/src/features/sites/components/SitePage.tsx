import { Group, Paper, Text, Title } from '@mantine/core';
import { useParams } from 'react-router';
import { useHasRole } from '@/features/auth/hooks/useHasRole';
import { RecordPageShell } from '@/features/record-page/components/RecordPageShell';
import { formatDateTime } from '@/lib/format';
import type { Site } from '../api/types';
import { useCustomerSets } from '../hooks/useCustomerSets';
import { useSite } from '../hooks/useSite';
import { PublishableKey } from './PublishableKey';
import { SiteSettingsForm } from './SiteSettingsForm';

/** One site: its publishable key and a form for its settings. */
export function SitePage() {
  const { siteId = '' } = useParams();
  const site = useSite(siteId);
  const name = site.data?.name ?? 'Site';
  return (
    <RecordPageShell
      parent={{ label: 'Sites', to: '/sites' }}
      crumb={name}
      documentTitle={`${name} · Sites`}
      maw={960}
      query={site}
      loadingLabel="Loading site…"
      notFound={{ title: 'Site not found', message: 'This site does not exist.' }}
    >
      {(data) => <SiteView site={data} />}
    </RecordPageShell>
  );
}

function SiteView({ site: data }: { site: Site }) {
  const sets = useCustomerSets();
  const hasRole = useHasRole();
  const customerSet = sets.data?.find((candidate) => candidate.id === data.customerSetId);
  const canEdit = hasRole('admin');

  return (
    <>
      <div>
        <Title order={1}>{data.name}</Title>
        <Text size="sm" c="dimmed">
          Code {data.code} · {customerSet ? `customer set ${customerSet.name}` : 'customer set …'} · updated{' '}
          {formatDateTime(data.updatedAt)}
        </Text>
      </div>
      <Paper withBorder radius="md" p="lg" shadow="xs" component="section" aria-labelledby="key-title">
        <Title order={2} size="h4" id="key-title" mb={4}>
          Publishable key
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          Storefronts send it as <code>X-Site-Key</code> to the storefront API. It is not a secret: it ships
          in storefront pages.
        </Text>
        <Group>
          <PublishableKey site={data} canRotate={canEdit} />
        </Group>
      </Paper>
      <Paper withBorder radius="md" p="lg" shadow="xs" component="section" aria-labelledby="settings-title">
        <Title order={2} size="h4" id="settings-title" mb="md">
          Settings
        </Title>
        <SiteSettingsForm key={data.id} site={data} readOnly={!canEdit} />
      </Paper>
    </>
  );
}
