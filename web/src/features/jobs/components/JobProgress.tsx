import { Progress, Stack, Text } from '@mantine/core';
import { formatCount } from '@/lib/format';
import type { Job } from '../api/types';
import { isActive } from '../lib/job-status';

/**
 * A job's progress: a bar (done of total when the total is known; a moving bar while a running
 * job has not counted its rows yet) and "done of total · failed refused" in words.
 */
export function JobProgress({ job, label }: { job: Job; label: string }) {
  const { done, total, failed } = job.progress;
  const finished = !isActive(job);
  const percent =
    total !== undefined && total > 0
      ? Math.min(100, Math.round((done / total) * 100))
      : job.status === 'succeeded'
        ? 100
        : job.status === 'running'
          ? 100
          : 0;
  const words = [
    total !== undefined ? `${formatCount(done)} of ${formatCount(total)}` : `${formatCount(done)} done`,
    failed > 0 ? `${formatCount(failed)} refused` : null,
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <Stack gap={4} miw={160}>
      <Progress
        aria-label={label}
        value={percent}
        color={job.status === 'failed' ? 'red' : failed > 0 ? 'orange' : 'blue'}
        striped={!finished && total === undefined}
        animated={!finished && total === undefined && job.status === 'running'}
      />
      <Text size="xs" c="dimmed" data-testid="job-progress-text">
        {words}
      </Text>
    </Stack>
  );
}
