import { Alert, Anchor, Button, Group, Modal, Radio, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { describeError } from '@/api/field-errors';
import { jobKeys } from '../api/job-keys';
import { jobDownloadUrl, startExport } from '../api/jobs-api';
import type { ExportFormat, ExportRequest } from '../api/types';
import { useJob } from '../hooks/useJob';
import { JobProgress } from './JobProgress';
import { JobStatusBadge } from './JobStatusBadge';

const FORMATS: { value: ExportFormat; label: string; description: string }[] = [
  { value: 'csv', label: 'CSV', description: "Clientele's columns; imports back as the same customers." },
  { value: 'ndjson', label: 'NDJSON', description: 'One JSON customer a line, for programs.' },
  { value: 'shopify', label: "Shopify's CSV", description: "Shopify's 17 customer columns." },
];

interface ExportModalProps {
  opened: boolean;
  onClose: () => void;
  /** The grid's current view: the export holds exactly the customers it shows. */
  view: Omit<ExportRequest, 'format'>;
}

/** Exports the grid's current view as a job: pick a format, follow the job, download the file. */
export function ExportModal({ opened, onClose, view }: ExportModalProps) {
  const queryClient = useQueryClient();
  const [format, setFormat] = useState<ExportFormat>('csv');
  const start = useMutation({
    mutationFn: startExport,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: jobKeys.list() }),
  });
  const job = useJob(start.data?.id ?? null).data ?? start.data;
  const narrowed = Boolean(view.q || view.filter || view.segmentId);

  const close = () => {
    onClose();
    start.reset();
  };

  return (
    <Modal opened={opened} onClose={close} title="Export customers" size="lg">
      <Stack gap="md">
        <Text size="sm">
          {narrowed
            ? 'The export holds the customers of the current view (its search, filter and segment).'
            : 'The export holds every customer.'}
        </Text>
        {!job && (
          <form
            aria-label="Export customers"
            onSubmit={(event) => {
              event.preventDefault();
              start.mutate({ format, ...view });
            }}
          >
            <Stack gap="md">
              <Radio.Group
                label="Format"
                value={format}
                onChange={(value) => setFormat(value as ExportFormat)}
              >
                <Stack gap="xs" mt="xs">
                  {FORMATS.map((option) => (
                    <Radio
                      key={option.value}
                      value={option.value}
                      label={option.label}
                      description={option.description}
                    />
                  ))}
                </Stack>
              </Radio.Group>
              {start.isError && (
                <Alert color="red" title={describeError(start.error).title}>
                  {describeError(start.error).message}
                </Alert>
              )}
              <Group justify="flex-end">
                <Button variant="default" onClick={close}>
                  Cancel
                </Button>
                <Button type="submit" loading={start.isPending}>
                  Start export
                </Button>
              </Group>
            </Stack>
          </form>
        )}
        {job && (
          <Stack gap="sm" data-testid="export-job">
            <Group gap="sm">
              <Text size="sm" fw={500}>
                Export job
              </Text>
              <JobStatusBadge status={job.status} />
            </Group>
            <JobProgress job={job} label="Export progress" />
            {job.status === 'succeeded' && (
              <Button component="a" href={jobDownloadUrl(job.id)} download>
                Download file
              </Button>
            )}
            {job.status === 'failed' && (
              <Alert color="red" title="The export failed">
                {typeof job.result?.error === 'string' ? job.result.error : 'See the Jobs page.'}
              </Alert>
            )}
            <Text size="sm">
              You may close this window: the export goes on, and the{' '}
              <Anchor component={Link} to="/jobs" onClick={close}>
                Jobs page
              </Anchor>{' '}
              offers the file once it is ready.
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Close
              </Button>
            </Group>
          </Stack>
        )}
      </Stack>
    </Modal>
  );
}
