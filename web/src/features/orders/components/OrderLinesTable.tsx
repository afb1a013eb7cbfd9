import { Table, Text } from '@mantine/core';
import { ScrollableTable } from '@/components/ScrollableTable';
import { formatCount } from '@/lib/format';
import { formatMoney } from '@/lib/money';
import type { OrderLine } from '../api/types';

/** The order's lines as sold: quantity × unit price, less the discount, plus the tax. */
export function OrderLinesTable({ lines, currency }: { lines: OrderLine[]; currency: string }) {
  const money = (minor: number) => formatMoney(minor, currency);
  return (
    <ScrollableTable label="Order lines" minWidth={640}>
      <Table aria-label="Order lines" data-testid="order-lines">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>SKU</Table.Th>
            <Table.Th>Product</Table.Th>
            <Table.Th ta="right">Qty</Table.Th>
            <Table.Th ta="right">Unit price</Table.Th>
            <Table.Th ta="right">Discount</Table.Th>
            <Table.Th ta="right">Tax</Table.Th>
            <Table.Th ta="right">Total</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.map((line) => (
            <Table.Tr key={line.lineNo}>
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {line.sku}
                </Text>
              </Table.Td>
              <Table.Td>{line.name}</Table.Td>
              <Table.Td ta="right">{formatCount(line.quantity)}</Table.Td>
              <Table.Td ta="right">{money(line.unitPrice)}</Table.Td>
              <Table.Td ta="right">{line.discount > 0 ? `−${money(line.discount)}` : '—'}</Table.Td>
              <Table.Td ta="right">{line.tax > 0 ? money(line.tax) : '—'}</Table.Td>
              <Table.Td ta="right" fw={600}>
                {money(line.total)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollableTable>
  );
}
