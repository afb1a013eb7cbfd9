import { Alert, Anchor, Group, Progress, SimpleGrid, Stack, Text } from '@mantine/core';
import { formatCount } from '@/lib/format';
import { jobErrorsUrl } from '../api/jobs-api';
import type { Job } from '../api/types';
import { useJob } from '../hooks/useJob';
import { isActive, resultCount } from '../lib/job-status';
import { JobProgress } from './JobProgress';
import { JobStatusBadge } from './JobStatusBadge';

export interface UploadState {
  sent: number;
  total: number;
  /** The queued job once the server has the whole file. */
  job: Job | null;
  error: string | null;
}

interface ImportRunProps {
  /** "Dry run" or "Import": names the progress bars. */
  name: string;
  upload: UploadState;
  dryRun: boolean;
}

function Count({ label, value, testId }: { label: string; value: number; testId: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600} data-testid={testId}>
        {formatCount(value)}
      </Text>
    </div>
  );
}

/** One upload and its job: the upload's bar, then the job's, then its counts and refused rows. */
export function ImportRun({ name, upload, dryRun }: ImportRunProps) {
  const followed = useJob(upload.job?.id ?? null).data ?? upload.job;
  const percent = upload.total > 0 ? Math.round((upload.sent / upload.total) * 100) : 0;
  return (
    <Stack gap="sm" data-testid={dryRun ? 'dry-run' : 'import-run'}>
      <Stack gap={4}>
        <Progress aria-label={`${name}: upload`} value={percent} />
        <Text size="xs" c="dimmed">
          {upload.job
            ? `Uploaded ${formatCount(upload.total)} bytes`
            : `Uploading… ${formatCount(upload.sent)} of ${formatCount(upload.total)} bytes`}
        </Text>
      </Stack>
      {upload.error && (
        <Alert color="red" title="The upload failed">
          {upload.error}
        </Alert>
      )}
      {followed && (
        <>
          <Group gap="sm">
            <Text size="sm" fw={500}>
              {name} job
            </Text>
            <JobStatusBadge status={followed.status} />
          </Group>
          <JobProgress job={followed} label={`${name}: rows`} />
          {!isActive(followed) && followed.status !== 'failed' && (
            <SimpleGrid cols={{ base: 2, sm: 5 }} data-testid={`${dryRun ? 'dry-run' : 'import'}-counts`}>
              <Count label="Rows" value={resultCount(followed, 'rows')} testId="count-rows" />
              <Count
                label={dryRun ? 'Would create' : 'Created'}
                value={resultCount(followed, 'created')}
                testId="count-created"
              />
              <Count
                label={dryRun ? 'Would update' : 'Updated'}
                value={resultCount(followed, 'updated')}
                testId="count-updated"
              />
              <Count label="Refused" value={resultCount(followed, 'failed')} testId="count-failed" />
              <Count
                label="Duplicates"
                value={resultCount(followed, 'duplicates')}
                testId="count-duplicates"
              />
            </SimpleGrid>
          )}
          {followed.status === 'failed' && (
            <Alert color="red" title={`The ${name.toLowerCase()} failed`}>
              {typeof followed.result?.error === 'string' ? followed.result.error : 'See the Jobs page.'}
            </Alert>
          )}
          {!isActive(followed) && followed.progress.failed > 0 && (
            <Anchor href={jobErrorsUrl(followed.id)} download size="sm">
              Download refused rows (CSV)
            </Anchor>
          )}
        </>
      )}
    </Stack>
  );
}
