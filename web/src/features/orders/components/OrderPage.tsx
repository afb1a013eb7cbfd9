import {
  Alert,
  Anchor,
  Box,
  Breadcrumbs,
  Button,
  Grid,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { type ReactNode, useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { isApiError } from '@/api/client';
import { describeError } from '@/api/field-errors';
import { PageLoader } from '@/components/PageLoader';
import { useHasRole } from '@/features/auth/hooks/useHasRole';
import { useCustomer } from '@/features/customers/hooks/useCustomer';
import { customerDisplayName } from '@/features/customers/lib/display-name';
import { useCountries } from '@/features/reference/hooks/useCountries';
import { useSites } from '@/features/sites/hooks/useSites';
import { formatDateTime } from '@/lib/format';
import type { OrderDetail } from '../api/types';
import { useOrder } from '../hooks/useOrder';
import { ChangeOrderStatusMenu } from './ChangeOrderStatusMenu';
import { OrderAddress } from './OrderAddress';
import { OrderLinesTable } from './OrderLinesTable';
import { OrderStatusBadge } from './OrderStatusBadge';
import { OrderStatusHistory } from './OrderStatusHistory';
import { OrderTotals } from './OrderTotals';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text component="dd" size="sm" fw={500} m={0} style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </div>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="lg" shadow="xs" component="section" aria-labelledby={id}>
      <Title order={2} size="h4" id={id} mb="md">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

/** Who bought: the customer's name when it can be read, else the order's email. */
function CustomerLink({ order }: { order: OrderDetail }) {
  const customer = useCustomer(order.customerId);
  const name = customer.data ? customerDisplayName(customer.data) : (order.email ?? 'Customer');
  return (
    <Anchor component={Link} to={`/customers/${order.customerId}`} size="sm" fw={500}>
      {name}
    </Anchor>
  );
}

function OrderView({ order }: { order: OrderDetail }) {
  const { data: sites } = useSites();
  const countries = useCountries();
  const canChange = useHasRole()('support');
  const countryName = useMemo(() => {
    const names = new Map((countries.data ?? []).map((country) => [country.code, country.name]));
    return (code: string) => names.get(code) ?? code;
  }, [countries.data]);
  const site = sites?.find((candidate) => candidate.id === order.siteId);

  return (
    <>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Stack gap={6}>
          <Title order={1} data-testid="order-title">
            Order {order.number}
          </Title>
          <Group gap="xs">
            <OrderStatusBadge status={order.status} size="md" />
            <Text size="sm" c="dimmed">
              Placed <time dateTime={order.placedAt}>{formatDateTime(order.placedAt)}</time>
            </Text>
          </Group>
        </Stack>
        {canChange && <ChangeOrderStatusMenu order={order} />}
      </Group>

      <Grid gutter="lg" align="flex-start">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="lg">
            <Section id="lines-title" title="Lines">
              <OrderLinesTable lines={order.lines} currency={order.currency} />
            </Section>
            <Section id="history-title" title="Status history">
              <OrderStatusHistory history={order.statusHistory} currency={order.currency} />
            </Section>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack gap="lg">
            <Section id="summary-title" title="Summary">
              <Stack gap="md">
                <Box component="dl" m={0} style={{ display: 'grid', gap: 12 }}>
                  <Fact label="Customer">
                    <CustomerLink order={order} />
                  </Fact>
                  {order.email && <Fact label="Email">{order.email}</Fact>}
                  <Fact label="Site">{site?.name ?? '…'}</Fact>
                  <Fact label="Currency">{order.currency}</Fact>
                </Box>
                <OrderTotals order={order} />
              </Stack>
            </Section>
            <Section id="addresses-title" title="Addresses">
              <SimpleGrid cols={{ base: 1, sm: 2, lg: 1 }} spacing="md">
                <div>
                  <Text size="xs" c="dimmed" fw={600} tt="uppercase" mb={4}>
                    Billing
                  </Text>
                  <OrderAddress
                    address={order.billingAddress}
                    countryName={countryName(order.billingAddress?.countryCode ?? '')}
                  />
                </div>
                <div>
                  <Text size="xs" c="dimmed" fw={600} tt="uppercase" mb={4}>
                    Shipping
                  </Text>
                  <OrderAddress
                    address={order.shippingAddress}
                    countryName={countryName(order.shippingAddress?.countryCode ?? '')}
                  />
                </div>
              </SimpleGrid>
            </Section>
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}

/** One order: its lines, totals, addresses and status history; support staff change its status. */
export function OrderPage() {
  const { orderId = '' } = useParams();
  const order = useOrder(orderId);
  useDocumentTitle(`${order.data ? `Order ${order.data.number}` : 'Order'} · Clientele`);

  const breadcrumbs = (
    <Box component="nav" aria-label="Breadcrumb">
      <Breadcrumbs>
        <Anchor component={Link} to="/orders" size="sm">
          Orders
        </Anchor>
        <Text size="sm" aria-current="page">
          {order.data?.number ?? 'Order'}
        </Text>
      </Breadcrumbs>
    </Box>
  );

  let body: ReactNode;
  if (order.isPending) {
    body = <PageLoader label="Loading order…" />;
  } else if (order.isError) {
    const notFound = isApiError(order.error) && order.error.status === 404;
    const { title, message } = describeError(order.error);
    body = (
      <Stack gap="lg" maw={640}>
        <Title order={1}>{notFound ? 'Order not found' : title}</Title>
        <Alert color={notFound ? 'gray' : 'red'}>
          {notFound ? 'This order does not exist or was removed with its customer.' : message}
        </Alert>
        <Box>
          <Button component={Link} to="/orders" variant="default">
            Back to orders
          </Button>
        </Box>
      </Stack>
    );
  } else {
    body = <OrderView order={order.data} />;
  }

  return (
    <Stack gap="lg">
      {breadcrumbs}
      {body}
    </Stack>
  );
}
