import { Anchor, CloseButton, Group, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useSegment } from '../hooks/useSegment';

interface SegmentViewBannerProps {
  segmentId: string;
  /** Leaves the segment: the grid shows every customer again. */
  onClose: () => void;
}

/** Says which segment the customer grid is showing (`segment=` in the URL), with a way out. */
export function SegmentViewBanner({ segmentId, onClose }: SegmentViewBannerProps) {
  const segment = useSegment(segmentId);
  const name = segment.data?.name ?? (segment.isError ? 'an unknown segment' : '…');
  return (
    <Group gap="xs" px="sm" pt="sm" data-testid="segment-view">
      <Text size="sm">
        Members of segment{' '}
        <Anchor component={Link} to={`/segments/${segmentId}`} fw={600} size="sm">
          {name}
        </Anchor>
      </Text>
      <CloseButton size="sm" aria-label="Show all customers" onClick={onClose} />
    </Group>
  );
}
