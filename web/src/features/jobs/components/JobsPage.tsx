import { Button, Group, Paper, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Icon } from '@/components/Icon';
import { ScrollableTable } from '@/components/ScrollableTable';
import { SkeletonRows } from '@/components/SkeletonRows';
import { useHasRole } from '@/features/auth/hooks/useHasRole';
import { ListNotLoaded } from '@/features/record-page/components/ListNotLoaded';
import { RecordListHeader } from '@/features/record-page/components/RecordListHeader';
import { formatDateTime } from '@/lib/format';
import type { Job } from '../api/types';
import { useCancelJob } from '../hooks/useCancelJob';
import { useJobs } from '../hooks/useJobs';
import { isActive } from '../lib/job-status';
import { JobFileLinks } from './JobFileLinks';
import { JobProgress } from './JobProgress';
import { JobStatusBadge } from './JobStatusBadge';

const KIND_LABEL: Record<Job['kind'], string> = { import: 'Import', export: 'Export', bulk: 'Bulk change' };
const COLUMNS = 7;

/** Who started a job, in words. */
const createdBy = (job: Job) =>
  job.createdBy.label ??
  (job.createdBy.type === 'system' ? 'System' : `${job.createdBy.type} ${job.createdBy.id}`);

/**
 * The tenant's imports, exports and bulk changes, newest first: each one's status and progress
 * (refreshed every second while any is unfinished), its files once done, and a cancel while it
 * has not finished. Files and cancel are an admin's (the server asks that role for them).
 */
export function JobsPage() {
  const jobs = useJobs();
  const cancel = useCancelJob();
  const isAdmin = useHasRole()('admin');
  const rows = jobs.data?.pages.flatMap((page) => page.data);

  let body: ReactNode;
  if (jobs.isError && !rows) {
    body = (
      <Table.Tr>
        <Table.Td colSpan={COLUMNS}>
          <ListNotLoaded />
        </Table.Td>
      </Table.Tr>
    );
  } else if (!rows) {
    body = <SkeletonRows rows={3} columns={COLUMNS} />;
  } else if (rows.length === 0) {
    body = (
      <Table.Tr>
        <Table.Td colSpan={COLUMNS}>
          <Text size="sm" c="dimmed">
            No jobs yet. Import a file, or export customers from the Customers grid.
          </Text>
        </Table.Td>
      </Table.Tr>
    );
  } else {
    body = rows.map((job) => (
      <Table.Tr key={job.id} data-job-id={job.id} data-job-kind={job.kind}>
        <Table.Td>
          <Text size="sm" fw={500}>
            {KIND_LABEL[job.kind]}
          </Text>
        </Table.Td>
        <Table.Td>
          <JobStatusBadge status={job.status} />
        </Table.Td>
        <Table.Td>
          <JobProgress job={job} label={`Progress of ${KIND_LABEL[job.kind].toLowerCase()} ${job.id}`} />
        </Table.Td>
        <Table.Td>
          <Text size="sm">{createdBy(job)}</Text>
        </Table.Td>
        <Table.Td>
          <Text size="sm">{formatDateTime(job.createdAt)}</Text>
        </Table.Td>
        <Table.Td>
          <Text size="sm">
            {job.finishedAt ? formatDateTime(job.finishedAt) : job.startedAt ? 'Running' : '—'}
          </Text>
        </Table.Td>
        <Table.Td>
          <Group gap="sm" wrap="nowrap">
            {isAdmin && <JobFileLinks job={job} />}
            {isAdmin && isActive(job) && (
              <Button
                size="xs"
                variant="default"
                color="red"
                loading={cancel.isPending && cancel.variables === job.id}
                onClick={() => cancel.mutate(job.id)}
                aria-label={`Cancel ${KIND_LABEL[job.kind].toLowerCase()} started ${formatDateTime(job.createdAt)}`}
              >
                Cancel
              </Button>
            )}
          </Group>
        </Table.Td>
      </Table.Tr>
    ));
  }

  return (
    <Stack gap="lg">
      <RecordListHeader
        title="Jobs"
        noun="job"
        list={jobs}
        count={rows?.length}
        countIsLowerBound={jobs.hasNextPage}
        countTestId="jobs-total"
        description="Imports, exports and bulk changes run in the background; this page follows them."
        actions={
          isAdmin && (
            <Button component={Link} to="/jobs/import" leftSection={<Icon name="plus" size={16} />}>
              Import customers
            </Button>
          )
        }
      />
      <Paper withBorder radius="md" shadow="xs">
        <ScrollableTable label="Jobs" minWidth={960}>
          <Table verticalSpacing="sm" aria-label="Jobs" data-testid="jobs-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Progress</Table.Th>
                <Table.Th>Created by</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>Finished</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>{body}</Table.Tbody>
          </Table>
        </ScrollableTable>
        {jobs.hasNextPage && (
          <Group justify="center" p="sm">
            <Button variant="default" loading={jobs.isFetchingNextPage} onClick={() => jobs.fetchNextPage()}>
              Show older jobs
            </Button>
          </Group>
        )}
      </Paper>
    </Stack>
  );
}
