import { Alert, Paper, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { describeError } from '@/api/field-errors';
import { ScrollableTable } from '@/components/ScrollableTable';
import { formatCount, formatDate, formatDateTime } from '@/lib/format';
import type { Wishlist } from '../api/types';
import { useCustomerWishlists } from '../hooks/useCustomerWishlists';

function WishlistCard({ list }: { list: Wishlist }) {
  const titleId = `wishlist-${list.id}`;
  return (
    <Paper
      withBorder
      radius="md"
      p="lg"
      shadow="xs"
      component="section"
      aria-labelledby={titleId}
      data-wishlist-id={list.id}
    >
      <Stack gap={2} mb="sm">
        <Title order={2} size="h4" id={titleId}>
          {list.name}
        </Title>
        <Text size="sm" c="dimmed">
          {formatCount(list.items.length)} {list.items.length === 1 ? 'item' : 'items'} · updated{' '}
          <time dateTime={list.updatedAt} title={formatDateTime(list.updatedAt)}>
            {formatDate(list.updatedAt)}
          </time>
        </Text>
      </Stack>
      {list.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing on this list yet.
        </Text>
      ) : (
        <ScrollableTable label={`Items of ${list.name}`} minWidth={520}>
          <Table aria-label={`Items of ${list.name}`} verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>SKU</Table.Th>
                <Table.Th>Product</Table.Th>
                <Table.Th ta="right">Qty</Table.Th>
                <Table.Th>Note</Table.Th>
                <Table.Th>Added</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.items.map((item) => (
                <Table.Tr key={item.id}>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {item.sku}
                    </Text>
                  </Table.Td>
                  <Table.Td>{item.name}</Table.Td>
                  <Table.Td ta="right">{formatCount(item.quantity)}</Table.Td>
                  <Table.Td style={{ maxWidth: 320, overflowWrap: 'anywhere' }}>
                    {item.note ?? (
                      <Text span size="sm" c="dimmed">
                        —
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <time dateTime={item.createdAt}>{formatDate(item.createdAt)}</time>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollableTable>
      )}
    </Paper>
  );
}

/** The wish lists the shopper keeps on the storefront, with their items; read-only here. */
export function CustomerWishlistsTab({ customerId }: { customerId: string }) {
  const wishlists = useCustomerWishlists(customerId);
  if (wishlists.isPending) return <Skeleton height={120} radius="md" aria-hidden="true" />;
  if (wishlists.isError) {
    const { title, message } = describeError(wishlists.error);
    return (
      <Alert color="red" title={title}>
        {message}
      </Alert>
    );
  }
  if (wishlists.data.data.length === 0) {
    return (
      <Paper withBorder radius="md" p="xl" shadow="xs">
        <Text size="sm" c="dimmed" ta="center">
          No wish lists. Signed-in shoppers keep them on the storefront.
        </Text>
      </Paper>
    );
  }
  return (
    <Stack gap="md" data-testid="customer-wishlists">
      {wishlists.data.data.map((list) => (
        <WishlistCard key={list.id} list={list} />
      ))}
    </Stack>
  );
}
