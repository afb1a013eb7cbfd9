import { Anchor, Group } from '@mantine/core';
import { jobDownloadUrl, jobErrorsUrl } from '../api/jobs-api';
import type { Job } from '../api/types';

/** The files a finished job offers: an export's file, an import's refused rows. */
export function JobFileLinks({ job }: { job: Job }) {
  const download = job.kind === 'export' && job.status === 'succeeded';
  const errors = job.kind === 'import' && job.progress.failed > 0 && job.status !== 'queued';
  if (!download && !errors) return null;
  return (
    <Group gap="sm">
      {download && (
        <Anchor href={jobDownloadUrl(job.id)} download size="sm">
          Download file
        </Anchor>
      )}
      {errors && (
        <Anchor href={jobErrorsUrl(job.id)} download size="sm">
          Download refused rows (CSV)
        </Anchor>
      )}
    </Group>
  );
}
