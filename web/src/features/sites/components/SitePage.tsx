import { Alert, Anchor, Box, Breadcrumbs, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { Link, useParams } from 'react-router';
import { isApiError } from '@/api/client';
import { describeError } from '@/api/field-errors';
import { PageLoader } from '@/components/PageLoader';
import { useHasRole } from '@/features/auth/hooks/useHasRole';
import { formatDateTime } from '@/lib/format';
import { useCustomerSets } from '../hooks/useCustomerSets';
import { useSite } from '../hooks/useSite';
import { PublishableKey } from './PublishableKey';
import { SiteSettingsForm } from './SiteSettingsForm';

/** One site: its publishable key and a form for its settings. */
export function SitePage() {
  const { siteId = '' } = useParams();
  const site = useSite(siteId);
  const sets = useCustomerSets();
  const hasRole = useHasRole();
  const name = site.data?.name ?? 'Site';
  useDocumentTitle(`${name} · Sites · Clientele`);

  const breadcrumbs = (
    <Box component="nav" aria-label="Breadcrumb">
      <Breadcrumbs>
        <Anchor component={Link} to="/sites" size="sm">
          Sites
        </Anchor>
        <Text size="sm" aria-current="page">
          {name}
        </Text>
      </Breadcrumbs>
    </Box>
  );

  if (site.isPending) {
    return (
      <Stack gap="lg">
        {breadcrumbs}
        <PageLoader label="Loading site…" />
      </Stack>
    );
  }

  if (site.isError) {
    const notFound = isApiError(site.error) && site.error.status === 404;
    const { title, message } = describeError(site.error);
    return (
      <Stack gap="lg" maw={640}>
        {breadcrumbs}
        <Title order={1}>{notFound ? 'Site not found' : title}</Title>
        <Alert color={notFound ? 'gray' : 'red'}>{notFound ? 'This site does not exist.' : message}</Alert>
        <Box>
          <Button component={Link} to="/sites" variant="default">
            Back to sites
          </Button>
        </Box>
      </Stack>
    );
  }

  const data = site.data;
  const customerSet = sets.data?.find((candidate) => candidate.id === data.customerSetId);
  const canEdit = hasRole('admin');

  return (
    <Stack gap="lg" maw={960}>
      {breadcrumbs}
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
    </Stack>
  );
}
