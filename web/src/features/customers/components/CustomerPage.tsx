import { Grid, Paper, Stack, Tabs, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import { AccountCard } from '@/features/accounts/components/AccountCard';
import { CustomerTimeline } from '@/features/accounts/components/CustomerTimeline';
import { DisableCustomerModal } from '@/features/accounts/components/DisableCustomerModal';
import { type Feature, useHasFeature } from '@/features/auth/hooks/useFeatures';
import { CustomerCartsTab } from '@/features/carts/components/CustomerCartsTab';
import { CustomerCreditTab } from '@/features/credit/components/CustomerCreditTab';
import { CustomerBelongingTab } from '@/features/groups/components/CustomerBelongingTab';
import { CustomerMarketingTab } from '@/features/marketing/components/CustomerMarketingTab';
import { DuplicatesPanel } from '@/features/merge/components/DuplicatesPanel';
import { CustomerNotes } from '@/features/notes/components/CustomerNotes';
import { CustomerOrdersTab } from '@/features/orders/components/CustomerOrdersTab';
import { PrivacyActions } from '@/features/privacy/components/PrivacyActions';
import { RecordPageShell } from '@/features/record-page/components/RecordPageShell';
import { useUrlParams } from '@/features/record-table/hooks/useUrlParams';
import { CustomerTags } from '@/features/tags/components/CustomerTags';
import { CustomerWishlistsTab } from '@/features/wishlists/components/CustomerWishlistsTab';
import { notifySuccess } from '@/lib/notify';
import type { CustomerWithAddresses } from '../api/types';
import { useCustomer } from '../hooks/useCustomer';
import { customerDisplayName } from '../lib/display-name';
import { AddressesCard } from './AddressesCard';
import { CustomerDetailsForm } from './CustomerDetailsForm';
import { CustomerHeader } from './CustomerHeader';
import { CustomerSummary } from './CustomerSummary';
import { RemoveCustomerModal } from './RemoveCustomerModal';

/** The grid view the user came from (search, sort, columns), so "Customers" leads back to it. */
function useGridLink(): string {
  const state = useLocation().state as { gridSearch?: unknown } | null;
  return `/customers${typeof state?.gridSearch === 'string' ? state.gridSearch : ''}`;
}

const tabs: readonly { value: string; label: string; feature?: Feature }[] = [
  { value: 'details', label: 'Details' },
  { value: 'orders', label: 'Orders', feature: { module: 'orders' } },
  { value: 'carts', label: 'Carts', feature: { module: 'carts' } },
  { value: 'wishlists', label: 'Wish lists', feature: { module: 'wishlists' } },
  { value: 'credit', label: 'Store credit', feature: { module: 'credit' } },
  { value: 'groups', label: 'Groups & roles', feature: { module: 'groups' } },
  { value: 'marketing', label: 'Marketing', feature: { module: 'marketing' } },
  { value: 'duplicates', label: 'Duplicates' },
];

/** The open tab, from `?tab=` so a tab can be linked to; Details when absent, unknown or switched off. */
function useCustomerTab(): [string, (tab: string | null) => void] {
  const [params, update] = useUrlParams();
  const hasFeature = useHasFeature();
  const value = params.get('tab');
  const tab =
    tabs.find((candidate) => candidate.value === value && hasFeature(candidate.feature))?.value ?? 'details';
  const setTab = (next: string | null) => update({ tab: next && next !== 'details' ? next : null });
  return [tab, setTab];
}

export function CustomerPage() {
  const { customerId = '' } = useParams();
  const gridLink = useGridLink();
  const customer = useCustomer(customerId);
  const name = customer.data ? customerDisplayName(customer.data) : 'Customer';
  return (
    <RecordPageShell
      parent={{ label: 'Customers', to: gridLink }}
      crumb={name}
      documentTitle={name}
      query={customer}
      loadingLabel="Loading customer…"
      notFound={{ title: 'Customer not found', message: 'This customer does not exist or was removed.' }}
    >
      {(data) => (
        <CustomerView
          customer={data}
          gridLink={gridLink}
          onReload={async () => (await customer.refetch()).data}
        />
      )}
    </RecordPageShell>
  );
}

interface CustomerViewProps {
  customer: CustomerWithAddresses;
  gridLink: string;
  /** Reads the customer again (after a conflicting edit). */
  onReload: () => Promise<CustomerWithAddresses | undefined>;
}

/** The customer's header, summary and tabs, once the customer has loaded. */
function CustomerView({ customer: data, gridLink, onReload }: CustomerViewProps) {
  const navigate = useNavigate();
  const [confirmOpened, confirm] = useDisclosure(false);
  const [disableOpened, disable] = useDisclosure(false);
  const [tab, setTab] = useCustomerTab();
  const hasFeature = useHasFeature();
  // Tabs load when first opened and then stay mounted: an unsaved edit on Details survives a
  // look at the orders, and going back to a tab does not show a spinner again.
  const [visited, setVisited] = useState<ReadonlySet<string>>(() => new Set([tab]));
  if (!visited.has(tab)) setVisited(new Set([...visited, tab]));

  const removed = () => {
    confirm.close();
    notifySuccess(`${customerDisplayName(data)} was removed.`);
    navigate(gridLink, { replace: true });
  };
  const disableInstead = () => {
    confirm.close();
    disable.open();
  };

  return (
    <>
      <CustomerHeader customer={data} onRemove={confirm.open} actions={<PrivacyActions customer={data} />} />
      <CustomerSummary customer={data} />
      <Tabs value={tab} onChange={setTab}>
        <Tabs.List mb="lg">
          {tabs
            .filter((candidate) => hasFeature(candidate.feature))
            .map((candidate) => (
              <Tabs.Tab key={candidate.value} value={candidate.value}>
                {candidate.label}
              </Tabs.Tab>
            ))}
        </Tabs.List>
        <Tabs.Panel value="details">
          <Grid gutter="lg" align="flex-start">
            <Grid.Col span={{ base: 12, lg: 7 }}>
              <Paper
                withBorder
                radius="md"
                p="lg"
                shadow="xs"
                component="section"
                aria-labelledby="details-title"
              >
                <Title order={2} size="h4" id="details-title" mb="md">
                  Details
                </Title>
                <CustomerDetailsForm key={data.id} customer={data} onReload={onReload} />
              </Paper>
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 5 }}>
              <Stack gap="lg">
                <AccountCard customer={data} />
                <CustomerTags customer={data} />
                <CustomerNotes customerId={data.id} />
                <AddressesCard customerId={data.id} addresses={data.addresses ?? []} />
                <CustomerTimeline customerId={data.id} />
              </Stack>
            </Grid.Col>
          </Grid>
        </Tabs.Panel>
        <Tabs.Panel value="orders">
          {visited.has('orders') && <CustomerOrdersTab customerId={data.id} />}
        </Tabs.Panel>
        <Tabs.Panel value="carts">
          {visited.has('carts') && <CustomerCartsTab customerId={data.id} />}
        </Tabs.Panel>
        <Tabs.Panel value="wishlists">
          {visited.has('wishlists') && <CustomerWishlistsTab customerId={data.id} />}
        </Tabs.Panel>
        <Tabs.Panel value="credit">
          {visited.has('credit') && <CustomerCreditTab customerId={data.id} />}
        </Tabs.Panel>
        <Tabs.Panel value="groups">
          {visited.has('groups') && <CustomerBelongingTab customerId={data.id} />}
        </Tabs.Panel>
        <Tabs.Panel value="marketing">
          {visited.has('marketing') && <CustomerMarketingTab customerId={data.id} />}
        </Tabs.Panel>
        <Tabs.Panel value="duplicates">
          {visited.has('duplicates') && <DuplicatesPanel customer={data} />}
        </Tabs.Panel>
      </Tabs>
      <RemoveCustomerModal
        opened={confirmOpened}
        customer={data}
        onClose={confirm.close}
        onRemoved={removed}
        onDisable={disableInstead}
      />
      <DisableCustomerModal opened={disableOpened} customer={data} onClose={disable.close} />
    </>
  );
}
