import { Anchor, Button, Paper, Stack, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Icon } from '@/components/Icon';
import { SkeletonRows } from '@/components/SkeletonRows';
import { useHasRole } from '@/features/auth/hooks/useHasRole';
import { ListNotLoaded } from '@/features/record-page/components/ListNotLoaded';
import { RecordListHeader } from '@/features/record-page/components/RecordListHeader';
import { useCustomerSets } from '../hooks/useCustomerSets';
import { useSites } from '../hooks/useSites';
import { CustomerSetsCard } from './CustomerSetsCard';
import { NewSiteModal } from './NewSiteModal';
import { PublishableKey } from './PublishableKey';

/** The tenant's sites with their publishable keys, and the customer sets that group them. */
export function SitesPage() {
  const sites = useSites();
  const sets = useCustomerSets();
  const canEdit = useHasRole()('admin');
  const [newOpened, newSite] = useDisclosure(false);
  const setNames = new Map((sets.data ?? []).map((customerSet) => [customerSet.id, customerSet.name]));

  let body: ReactNode;
  if (sites.isError && !sites.data) {
    body = (
      <Table.Tr>
        <Table.Td colSpan={5}>
          <ListNotLoaded />
        </Table.Td>
      </Table.Tr>
    );
  } else if (sites.isPending) {
    body = <SkeletonRows rows={3} columns={5} />;
  } else {
    body = sites.data.map((site) => (
      <Table.Tr key={site.id} data-site-id={site.id}>
        <Table.Td>
          <Anchor component={Link} to={`/sites/${site.id}`} size="sm" ff="monospace">
            {site.code}
          </Anchor>
        </Table.Td>
        <Table.Td>
          <Text size="sm" fw={500}>
            {site.name}
          </Text>
        </Table.Td>
        <Table.Td>
          <Text size="sm">{setNames.get(site.customerSetId) ?? '…'}</Text>
        </Table.Td>
        <Table.Td>
          <Text size="sm">{site.defaultCurrency}</Text>
        </Table.Td>
        <Table.Td>
          <PublishableKey site={site} canRotate={canEdit} />
        </Table.Td>
      </Table.Tr>
    ));
  }

  return (
    <Stack gap="lg">
      <RecordListHeader
        title="Sites"
        noun="site"
        list={sites}
        count={sites.data?.length}
        countTestId="sites-total"
        description="Each storefront is a site. Open one to change its settings: guest checkout, lockout, emails."
        actions={
          canEdit && (
            <Button leftSection={<Icon name="plus" size={16} />} onClick={newSite.open}>
              New site
            </Button>
          )
        }
      />

      <Paper withBorder radius="md" shadow="xs">
        <Table.ScrollContainer minWidth={760} type="native">
          <Table aria-label="Sites" data-testid="sites-table" aria-busy={sites.isPending}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Code</Table.Th>
                <Table.Th>Name</Table.Th>
                <Table.Th>Customer set</Table.Th>
                <Table.Th>Currency</Table.Th>
                <Table.Th>Publishable key</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>{body}</Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>

      <CustomerSetsCard sites={sites.data ?? []} canEdit={canEdit} />
      <NewSiteModal opened={newOpened} onClose={newSite.close} />
    </Stack>
  );
}
