import { Skeleton, Table } from '@mantine/core';

/** Placeholder rows while a table loads, hidden from assistive technology. */
export function SkeletonRows({ rows, columns }: { rows: number; columns: number }) {
  return Array.from({ length: rows }, (_, index) => (
    // biome-ignore lint/suspicious/noArrayIndexKey: placeholder rows have no identity
    <Table.Tr key={index} aria-hidden="true">
      {Array.from({ length: columns }, (_, cell) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholder cells have no identity
        <Table.Td key={cell}>
          <Skeleton height={12} width="70%" radius="sm" />
        </Table.Td>
      ))}
    </Table.Tr>
  ));
}
