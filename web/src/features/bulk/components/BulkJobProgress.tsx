import { Anchor, Group, Progress, Stack, Text } from '@mantine/core';
import { jobDownloadUrl, jobErrorsUrl } from '../api/bulk-api';
import { useBulkJob } from '../hooks/useBulkJob';

const STATUS_WORDS: Record<string, string> = {
  queued: 'Waiting to start…',
  running: 'Working…',
  succeeded: 'Done.',
  failed: 'The job failed.',
  cancelled: 'Cancelled.',
};

/** A started bulk action (or export): its progress every second, then its result and reports. */
export function BulkJobProgress({ jobId }: { jobId: string }) {
  const { job, done } = useBulkJob(jobId);
  const progress = job?.progress;
  const total = progress?.total ?? null;
  const value = total ? Math.min(100, Math.round(((progress?.done ?? 0) / total) * 100)) : done ? 100 : 0;
  const result = (job?.result ?? {}) as {
    changed?: number;
    unchanged?: number;
    failed?: number;
    rows?: number;
  };
  return (
    <Stack gap="sm" data-testid="bulk-job">
      <Text size="sm" role="status" aria-live="polite">
        {STATUS_WORDS[job?.status ?? 'queued']}{' '}
        {progress &&
          `${progress.done.toLocaleString()}${total !== null ? ` of ${total.toLocaleString()}` : ''} handled`}
        {progress && progress.failed > 0 && `, ${progress.failed.toLocaleString()} refused`}
      </Text>
      <Progress value={value} animated={!done} aria-label="Progress" />
      {done && job?.kind === 'bulk' && (
        <Text size="sm" data-testid="bulk-result">
          {result.changed ?? 0} changed, {result.unchanged ?? 0} already as asked, {result.failed ?? 0}{' '}
          refused.
        </Text>
      )}
      <Group gap="md">
        {done && job?.kind === 'bulk' && (progress?.failed ?? 0) > 0 && (
          <Anchor href={jobErrorsUrl(jobId)} size="sm">
            Download the refusals (CSV)
          </Anchor>
        )}
        {done && job?.kind === 'export' && job.status === 'succeeded' && (
          <Anchor href={jobDownloadUrl(jobId)} size="sm">
            Download the export
          </Anchor>
        )}
      </Group>
    </Stack>
  );
}
