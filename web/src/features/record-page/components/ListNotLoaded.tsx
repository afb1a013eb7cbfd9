import { Text } from '@mantine/core';

/**
 * A list body whose first page did not load: neither skeleton rows (nothing is coming) nor an
 * empty state (the list may well have records). `RecordListHeader` explains and offers a retry.
 */
export function ListNotLoaded() {
  return (
    <Text size="sm" c="dimmed" ta="center" py="xl">
      Nothing to show: the list did not load.
    </Text>
  );
}
