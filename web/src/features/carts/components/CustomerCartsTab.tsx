import {
  Alert,
  Anchor,
  Badge,
  Button,
  Center,
  Group,
  Paper,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { Link } from 'react-router';
import { describeError } from '@/api/field-errors';
import { ScrollableTable } from '@/components/ScrollableTable';
import { useSites } from '@/features/sites/hooks/useSites';
import { formatAge, formatCount, formatDateTime } from '@/lib/format';
import { formatMoney } from '@/lib/money';
import type { Cart } from '../api/types';
import { useCustomerCarts } from '../hooks/useCustomerCarts';

function CartState({ cart }: { cart: Cart }) {
  if (cart.convertedOrderId) {
    return (
      <Group gap={6}>
        <Badge variant="dot" color="green" size="sm" radius="sm" tt="none" fw={500}>
          Bought
        </Badge>
        <Anchor component={Link} to={`/orders/${cart.convertedOrderId}`} size="sm">
          View order
        </Anchor>
      </Group>
    );
  }
  if (cart.abandoned) {
    return (
      <Badge variant="dot" color="orange" size="sm" radius="sm" tt="none" fw={500}>
        Abandoned
      </Badge>
    );
  }
  return (
    <Badge variant="dot" color="gray" size="sm" radius="sm" tt="none" fw={500}>
      {cart.lineCount === 0 ? 'Empty' : 'Open'}
    </Badge>
  );
}

function CartCard({ cart, siteName }: { cart: Cart; siteName: string | null }) {
  const titleId = `cart-${cart.id}`;
  const money = (minor: number) => formatMoney(minor, cart.currency);
  return (
    <Paper
      withBorder
      radius="md"
      p="lg"
      shadow="xs"
      component="section"
      aria-labelledby={titleId}
      data-cart-id={cart.id}
    >
      <Group justify="space-between" align="flex-start" mb="sm" wrap="wrap">
        <Stack gap={4}>
          <Title order={2} size="h4" id={titleId}>
            {money(cart.subtotal)}{' '}
            <Text span size="sm" c="dimmed" fw={400}>
              · {formatCount(cart.lineCount)} {cart.lineCount === 1 ? 'line' : 'lines'}
              {siteName ? ` · ${siteName}` : ''}
            </Text>
          </Title>
          <Text size="sm" c="dimmed">
            Last activity <time dateTime={cart.lastActivityAt}>{formatDateTime(cart.lastActivityAt)}</time> (
            {formatAge(cart.lastActivityAt)} ago)
            {cart.reminderSentAt && (
              <>
                {' '}
                · reminder sent{' '}
                <time dateTime={cart.reminderSentAt}>{formatDateTime(cart.reminderSentAt)}</time>
              </>
            )}
          </Text>
        </Stack>
        <CartState cart={cart} />
      </Group>
      {cart.lines.length > 0 && (
        <ScrollableTable label={`Lines of the cart worth ${money(cart.subtotal)}`} minWidth={520}>
          <Table aria-label={`Lines of the cart worth ${money(cart.subtotal)}`} verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>SKU</Table.Th>
                <Table.Th>Product</Table.Th>
                <Table.Th ta="right">Qty</Table.Th>
                <Table.Th ta="right">Unit price</Table.Th>
                <Table.Th ta="right">Total</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {cart.lines.map((line) => (
                <Table.Tr key={line.sku}>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {line.sku}
                    </Text>
                  </Table.Td>
                  <Table.Td>{line.name}</Table.Td>
                  <Table.Td ta="right">{formatCount(line.quantity)}</Table.Td>
                  <Table.Td ta="right">{money(line.unitPrice)}</Table.Td>
                  <Table.Td ta="right">{money(line.total)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollableTable>
      )}
    </Paper>
  );
}

/** The customer's carts, latest activity first: value, lines, whether abandoned or bought. */
export function CustomerCartsTab({ customerId }: { customerId: string }) {
  const carts = useCustomerCarts(customerId);
  const { data: sites } = useSites();
  const siteName = (id: string) => sites?.find((site) => site.id === id)?.name ?? null;
  const rows = carts.data?.pages.flatMap((page) => page.data);

  if (carts.isError && !rows) {
    const { title, message } = describeError(carts.error);
    return (
      <Alert color="red" title={title}>
        {message}
      </Alert>
    );
  }
  if (!rows) return <Skeleton height={120} radius="md" aria-hidden="true" />;
  if (rows.length === 0) {
    return (
      <Paper withBorder radius="md" p="xl" shadow="xs">
        <Text size="sm" c="dimmed" ta="center">
          No carts yet.
        </Text>
      </Paper>
    );
  }
  return (
    <Stack gap="md" data-testid="customer-carts">
      {rows.map((cart) => (
        <CartCard key={cart.id} cart={cart} siteName={siteName(cart.siteId)} />
      ))}
      {carts.hasNextPage && (
        <Center>
          <Button variant="default" onClick={() => carts.fetchNextPage()} loading={carts.isFetchingNextPage}>
            Load more
          </Button>
        </Center>
      )}
    </Stack>
  );
}
