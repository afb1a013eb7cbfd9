import { Anchor, Button, Paper, Stack, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Icon } from '@/components/Icon';
import { SkeletonRows } from '@/components/SkeletonRows';
import { useHasRole } from '@/features/auth/hooks/useHasRole';
import { ListNotLoaded } from '@/features/record-page/components/ListNotLoaded';
import { RecordListHeader } from '@/features/record-page/components/RecordListHeader';
import { useSegments } from '../hooks/useSegments';

/** The tenant's segments: open one in the editor, or in the customer grid as a view. */
export function SegmentsPage() {
  const segments = useSegments();
  const canEdit = useHasRole()('support');
  const rows = segments.data?.data;

  let body: ReactNode;
  if (segments.isError && !rows) {
    body = (
      <Table.Tr>
        <Table.Td colSpan={3}>
          <ListNotLoaded />
        </Table.Td>
      </Table.Tr>
    );
  } else if (!rows) {
    body = <SkeletonRows rows={3} columns={3} />;
  } else if (rows.length === 0) {
    body = (
      <Table.Tr>
        <Table.Td colSpan={3}>
          <Text py="lg" ta="center" c="dimmed">
            No segments yet. A segment saves a filter, such as customers who have not ordered in 90 days.
          </Text>
        </Table.Td>
      </Table.Tr>
    );
  } else {
    body = rows.map((segment) => (
      <Table.Tr key={segment.id} data-segment-id={segment.id}>
        <Table.Td>
          <Anchor component={Link} to={`/segments/${segment.id}`} size="sm" fw={500}>
            {segment.name}
          </Anchor>
          {segment.description && (
            <Text size="xs" c="dimmed" lineClamp={1}>
              {segment.description}
            </Text>
          )}
        </Table.Td>
        <Table.Td>
          <Text size="sm" ff="monospace" lineClamp={2}>
            {segment.filter}
          </Text>
        </Table.Td>
        <Table.Td>
          <Anchor
            component={Link}
            to={`/customers?segment=${segment.id}`}
            size="sm"
            aria-label={`Customers in ${segment.name}`}
          >
            Customers
          </Anchor>
        </Table.Td>
      </Table.Tr>
    ));
  }

  return (
    <Stack gap="lg">
      <RecordListHeader
        title="Segments"
        noun="segment"
        list={segments}
        count={rows?.length}
        countIsLowerBound={Boolean(segments.data?.nextCursor)}
        countTestId="segments-total"
        description="Saved customer filters. Members are whoever matches now."
        actions={
          canEdit && (
            <Button component={Link} to="/segments/new" leftSection={<Icon name="plus" size={16} />}>
              New segment
            </Button>
          )
        }
      />
      <Paper withBorder radius="md" shadow="xs">
        <Table.ScrollContainer minWidth={640} type="native">
          <Table aria-label="Segments" data-testid="segments-table" aria-busy={segments.isPending}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Filter</Table.Th>
                <Table.Th>Members</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>{body}</Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
    </Stack>
  );
}
