import { Badge } from '@mantine/core';
import type { JobStatus } from '../api/types';
import { statusColor, statusLabel } from '../lib/job-status';

/** A job's status as a coloured word (the word carries the meaning; the colour only helps). */
export function JobStatusBadge({ status }: { status: JobStatus }) {
  return (
    <Badge
      variant="dot"
      color={statusColor[status]}
      size="sm"
      radius="sm"
      tt="none"
      fw={500}
      data-testid="job-status"
    >
      {statusLabel[status]}
    </Badge>
  );
}
