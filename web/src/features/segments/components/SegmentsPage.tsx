import { Anchor, Button, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { Icon } from '@/components/Icon';
import { useHasRole } from '@/features/auth/hooks/useHasRole';
import { RecordListHeader } from '@/features/record-page/components/RecordListHeader';
import { DefinitionTable } from '@/features/record-table/components/DefinitionTable';
import { useSegments } from '../hooks/useSegments';

/** The tenant's segments: open one in the editor, or in the customer grid as a view. */
export function SegmentsPage() {
  const segments = useSegments();
  const canEdit = useHasRole()('support');
  const rows = segments.data?.data;

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
      <DefinitionTable
        label="Segments"
        testId="segments-table"
        minWidth={640}
        query={{ data: rows, isPending: segments.isPending, isError: segments.isError }}
        rowKey={(segment) => segment.id}
        rowAttributes={(segment) => ({ 'data-segment-id': segment.id })}
        empty={
          <Text py="lg" ta="center" c="dimmed">
            No segments yet. A segment saves a filter, such as customers who have not ordered in 90 days.
          </Text>
        }
        columns={[
          {
            header: 'Name',
            cell: (segment) => (
              <>
                <Anchor component={Link} to={`/segments/${segment.id}`} size="sm" fw={500}>
                  {segment.name}
                </Anchor>
                {segment.description && (
                  <Text size="xs" c="dimmed" lineClamp={1}>
                    {segment.description}
                  </Text>
                )}
              </>
            ),
          },
          {
            header: 'Filter',
            cell: (segment) => (
              <Text size="sm" ff="monospace" lineClamp={2}>
                {segment.filter}
              </Text>
            ),
          },
          {
            header: 'Members',
            cell: (segment) => (
              <Anchor
                component={Link}
                to={`/customers?segment=${segment.id}`}
                size="sm"
                aria-label={`Customers in ${segment.name}`}
              >
                Customers
              </Anchor>
            ),
          },
        ]}
      />
    </Stack>
  );
}
