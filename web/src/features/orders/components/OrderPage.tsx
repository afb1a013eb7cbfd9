import { Anchor, Box, Grid, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { useHasRole } from '@/features/auth/hooks/useHasRole';
import { useCustomer } from '@/features/customers/hooks/useCustomer';
import { customerDisplayName } from '@/features/customers/lib/display-name';
import { RecordFact } from '@/features/record-page/components/RecordFact';
import { RecordPageShell } from '@/features/record-page/components/RecordPageShell';
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
  const canChange = useHasRole()('support');
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
                  <RecordFact label="Customer">
                    <CustomerLink order={order} />
                  </RecordFact>
                  {order.email && <RecordFact label="Email">{order.email}</RecordFact>}
                  <RecordFact label="Site">{site?.name ?? '…'}</RecordFact>
                  <RecordFact label="Currency">{order.currency}</RecordFact>
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
                  <OrderAddress address={order.billingAddress} />
                </div>
                <div>
                  <Text size="xs" c="dimmed" fw={600} tt="uppercase" mb={4}>
                    Shipping
                  </Text>
                  <OrderAddress address={order.shippingAddress} />
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
  const label = order.data ? `Order ${order.data.number}` : 'Order';
  return (
    <RecordPageShell
      parent={{ label: 'Orders', to: '/orders' }}
      crumb={order.data?.number ?? 'Order'}
      documentTitle={label}
      query={order}
      loadingLabel="Loading order…"
      notFound={{
        title: 'Order not found',
        message: 'This order does not exist or was removed with its customer.',
      }}
    >
      {(data) => <OrderView order={data} />}
    </RecordPageShell>
  );
}
