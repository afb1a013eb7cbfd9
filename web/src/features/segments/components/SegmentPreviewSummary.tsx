import { Anchor, Group, List, Loader, Stack, Text, VisuallyHidden } from '@mantine/core';
import { Link } from 'react-router';
import { customerDisplayName } from '@/features/customers/lib/display-name';
import { formatTotal } from '@/lib/format';
import type { SegmentPreview } from '../api/types';

interface SegmentPreviewSummaryProps {
  preview: SegmentPreview | undefined;
  /** A newer answer is on its way (typing or fetching): the shown one may be stale. */
  updating: boolean;
}

const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });

/** The live count of the filter being edited, its share of all customers and the first few. */
export function SegmentPreviewSummary({ preview, updating }: SegmentPreviewSummaryProps) {
  const share =
    preview?.share == null
      ? null
      : `${preview.shareIsEstimate ? 'about ' : ''}${percent.format(preview.share)}`;
  return (
    <Stack gap={4} aria-live="polite" aria-busy={updating}>
      <Group gap="xs">
        <Text fw={600} data-testid="segment-count">
          {preview ? formatTotal(preview.count, 'customer', preview.countIsLowerBound) : 'No count yet'}
        </Text>
        {share && (
          <Text size="sm" c="dimmed">
            {share} of all customers
          </Text>
        )}
        {updating && (
          <>
            <Loader size="xs" aria-hidden="true" />
            <VisuallyHidden>Counting</VisuallyHidden>
          </>
        )}
      </Group>
      {preview && preview.sample.length > 0 && (
        <List size="sm" aria-label="First matching customers">
          {preview.sample.map((customer) => (
            <List.Item key={customer.id}>
              <Anchor component={Link} to={`/customers/${customer.id}`} size="sm">
                {customerDisplayName(customer)}
              </Anchor>
            </List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}
