import {
  Alert,
  Anchor,
  Box,
  Breadcrumbs,
  Button,
  Grid,
  Paper,
  Stack,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { useDisclosure, useDocumentTitle } from '@mantine/hooks';
import { useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { isApiError } from '@/api/client';
import { describeError } from '@/api/field-errors';
import { PageLoader } from '@/components/PageLoader';
import { AccountCard } from '@/features/accounts/components/AccountCard';
import { CustomerTimeline } from '@/features/accounts/components/CustomerTimeline';
import { DisableCustomerModal } from '@/features/accounts/components/DisableCustomerModal';
import { CustomerCartsTab } from '@/features/carts/components/CustomerCartsTab';
import { CustomerCreditTab } from '@/features/credit/components/CustomerCreditTab';
import { CustomerOrdersTab } from '@/features/orders/components/CustomerOrdersTab';
import { useUrlParams } from '@/features/record-table/hooks/useUrlParams';
import { CustomerWishlistsTab } from '@/features/wishlists/components/CustomerWishlistsTab';
import { notifySuccess } from '@/lib/notify';
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

const tabs = [
  { value: 'details', label: 'Details' },
  { value: 'orders', label: 'Orders' },
  { value: 'carts', label: 'Carts' },
  { value: 'wishlists', label: 'Wish lists' },
  { value: 'credit', label: 'Store credit' },
] as const;
type CustomerTab = (typeof tabs)[number]['value'];

/** The open tab, from `?tab=` so a tab can be linked to; Details when absent or unknown. */
function useCustomerTab(): [CustomerTab, (tab: string | null) => void] {
  const [params, update] = useUrlParams();
  const value = params.get('tab');
  const tab = tabs.find((candidate) => candidate.value === value)?.value ?? 'details';
  const setTab = (next: string | null) => update({ tab: next && next !== 'details' ? next : null });
  return [tab, setTab];
}

export function CustomerPage() {
  const { customerId = '' } = useParams();
  const navigate = useNavigate();
  const gridLink = useGridLink();
  const customer = useCustomer(customerId);
  const [confirmOpened, confirm] = useDisclosure(false);
  const [disableOpened, disable] = useDisclosure(false);
  const [tab, setTab] = useCustomerTab();
  // Tabs load when first opened and then stay mounted: an unsaved edit on Details survives a
  // look at the orders, and going back to a tab does not show a spinner again.
  const [visited, setVisited] = useState<ReadonlySet<CustomerTab>>(() => new Set([tab]));
  if (!visited.has(tab)) setVisited(new Set([...visited, tab]));
  const name = customer.data ? customerDisplayName(customer.data) : 'Customer';
  useDocumentTitle(`${name} · Clientele`);

  const breadcrumbs = (
    <Box component="nav" aria-label="Breadcrumb">
      <Breadcrumbs>
        <Anchor component={Link} to={gridLink} size="sm">
          Customers
        </Anchor>
        <Text size="sm" aria-current="page">
          {name}
        </Text>
      </Breadcrumbs>
    </Box>
  );

  if (customer.isPending) {
    return (
      <Stack gap="lg">
        {breadcrumbs}
        <PageLoader label="Loading customer…" />
      </Stack>
    );
  }

  if (customer.isError) {
    const notFound = isApiError(customer.error) && customer.error.status === 404;
    const { title, message } = describeError(customer.error);
    return (
      <Stack gap="lg" maw={640}>
        {breadcrumbs}
        <Title order={1}>{notFound ? 'Customer not found' : title}</Title>
        <Alert color={notFound ? 'gray' : 'red'}>
          {notFound ? 'This customer does not exist or was removed.' : message}
        </Alert>
        <Box>
          <Button component={Link} to={gridLink} variant="default">
            Back to customers
          </Button>
        </Box>
      </Stack>
    );
  }

  const data = customer.data;
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
    <Stack gap="lg">
      {breadcrumbs}
      <CustomerHeader customer={data} onRemove={confirm.open} />
      <CustomerSummary customer={data} />
      <Tabs value={tab} onChange={setTab}>
        <Tabs.List mb="lg">
          {tabs.map((candidate) => (
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
                <CustomerDetailsForm
                  key={data.id}
                  customer={data}
                  onReload={async () => (await customer.refetch()).data}
                />
              </Paper>
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 5 }}>
              <Stack gap="lg">
                <AccountCard customer={data} />
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
      </Tabs>
      <RemoveCustomerModal
        opened={confirmOpened}
        customer={data}
        onClose={confirm.close}
        onRemoved={removed}
        onDisable={disableInstead}
      />
      <DisableCustomerModal opened={disableOpened} customer={data} onClose={disable.close} />
    </Stack>
  );
}
