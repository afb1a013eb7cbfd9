import {
  Alert,
  Anchor,
  Badge,
  Button,
  FileInput,
  Group,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { isApiError } from '@/api/client';
import { describeError } from '@/api/field-errors';
import { ScrollableTable } from '@/components/ScrollableTable';
import { jobKeys } from '../api/job-keys';
import { uploadImport } from '../api/jobs-api';
import type { ImportMatch, ImportMode } from '../api/types';
import { useJob } from '../hooks/useJob';
import { type FilePreview, PREVIEW_ROWS, previewFile } from '../lib/file-preview';
import { isActive } from '../lib/job-status';
import { ImportRun, type UploadState } from './ImportRun';

const KIND_LABEL: Record<FilePreview['kind'], string> = {
  clientele: "Clientele's columns",
  shopify: "Shopify's customer CSV",
  ndjson: 'NDJSON (one JSON customer a line)',
};
const MODES = [
  { value: 'create', label: 'Create: add every row (a row matching a customer is refused)' },
  { value: 'update', label: 'Update: change matched customers only' },
  { value: 'upsert', label: 'Upsert: update matched customers, create the rest' },
];
const MATCHES = [
  { value: 'email', label: 'Email' },
  { value: 'externalId', label: 'External id' },
];

/** The columns of the preview: each one's name, what it fills, and a flag on those not read. */
function ColumnMap({ preview }: { preview: FilePreview }) {
  const unknown = preview.columns.filter((column) => column.state === 'unknown');
  return (
    <Stack gap="sm">
      <Text size="sm">
        Detected:{' '}
        <Text span fw={600} data-testid="detected-format">
          {KIND_LABEL[preview.kind]}
        </Text>
      </Text>
      {unknown.length > 0 && (
        <Alert color="orange" title="Columns Clientele does not read">
          {unknown.map((column) => column.name).join(', ')}: these are ignored.
        </Alert>
      )}
      {preview.problems.length > 0 && (
        <Alert color="orange" title="Lines that cannot be read">
          {preview.problems.join(' ')}
        </Alert>
      )}
      <ScrollableTable label="First rows of the file" minWidth={Math.max(480, preview.columns.length * 140)}>
        <Table aria-label="First rows of the file" data-testid="preview-table" withColumnBorders>
          <Table.Thead>
            <Table.Tr>
              {preview.columns.map((column) => (
                <Table.Th key={column.position} data-state={column.state}>
                  <Stack gap={2}>
                    <Text size="sm" fw={600}>
                      {column.name}
                    </Text>
                    {column.state === 'mapped' && (
                      <Text size="xs" c="dimmed">
                        → {column.field}
                      </Text>
                    )}
                    {column.state === 'skipped' && (
                      <Text size="xs" c="dimmed">
                        read past
                      </Text>
                    )}
                    {column.state === 'unknown' && (
                      <Badge size="sm" color="orange" variant="dot" radius="sm" tt="none" fw={500}>
                        Unknown: ignored
                      </Badge>
                    )}
                  </Stack>
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {preview.rows.map((row, rowIndex) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the preview's rows never move.
              <Table.Tr key={rowIndex}>
                {preview.columns.map((column) => (
                  <Table.Td key={column.position}>
                    <Text size="sm">{row[column.position] ?? ''}</Text>
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollableTable>
      <Text size="xs" c="dimmed">
        The first {Math.min(PREVIEW_ROWS, preview.rows.length)} rows, read in the browser. The server checks
        every row during the dry run.
      </Text>
    </Stack>
  );
}

const noUpload = (): UploadState => ({ sent: 0, total: 0, job: null, error: null });

/**
 * The import wizard: choose a file, see how its columns will be read on its first rows, pick the
 * mode, run a dry run (a job that writes nothing) and read its counts and refused rows, then run
 * the import itself. Each run uploads the file again: the server keeps no file between jobs.
 */
export function ImportWizardPage() {
  useDocumentTitle('Import customers · Clientele');
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<FilePreview | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [mode, setMode] = useState<ImportMode>('create');
  const [match, setMatch] = useState<ImportMatch>('email');
  const [dry, setDry] = useState<UploadState | null>(null);
  const [real, setReal] = useState<UploadState | null>(null);
  const abort = useRef<(() => void) | null>(null);
  useEffect(() => () => abort.current?.(), []);

  const dryJob = useJob(dry?.job?.id ?? null).data ?? dry?.job ?? null;
  const dryDone = dryJob !== null && !isActive(dryJob);
  const uploading = (dry !== null && !dry.job && !dry.error) || (real !== null && !real.job && !real.error);

  const choose = (chosen: File | null) => {
    abort.current?.();
    setFile(chosen);
    setPreview(null);
    setPreviewError(null);
    setDry(null);
    setReal(null);
    if (chosen)
      previewFile(chosen).then(setPreview, (error: unknown) => setPreviewError(describeError(error).message));
  };

  // A dry run answers for the options it ran with: new options need a new one before the import.
  const changeOptions = (change: () => void) => {
    change();
    setDry(null);
  };

  const run = (dryRun: boolean) => {
    if (!file) return;
    const set = dryRun ? setDry : setReal;
    set({ ...noUpload(), total: file.size });
    const upload = uploadImport(file, { mode, match, dryRun }, (sent, total) =>
      set((state) => (state ? { ...state, sent, total } : state)),
    );
    abort.current = upload.abort;
    upload.done.then(
      (job) => {
        set((state) => (state ? { ...state, job } : state));
        queryClient.invalidateQueries({ queryKey: jobKeys.list() });
      },
      (error: unknown) => {
        if (error instanceof DOMException && error.name === 'AbortError') return;
        // Each bad part of the request by name (a query value, the content type), after the summary.
        const fields = isApiError(error)
          ? error.errors.map((problem) => `${problem.path}: ${problem.message}`)
          : [];
        const message = [describeError(error).message, ...fields].join(' ');
        set((state) => (state ? { ...state, error: message } : state));
      },
    );
  };

  const optionsLocked = uploading || (dry !== null && !dryDone) || real !== null;

  return (
    <Stack gap="lg" maw={1100}>
      <div>
        <Anchor component={Link} to="/jobs" size="sm">
          ← Jobs
        </Anchor>
        <Title order={1}>Import customers</Title>
        <Text size="sm" c="dimmed">
          A CSV with Clientele's columns or Shopify's customer export, or NDJSON. A dry run checks every row
          first and writes nothing.
        </Text>
      </div>

      <Paper withBorder radius="md" p="md">
        <Stack gap="md">
          <Title order={2} size="h4">
            1. Choose a file
          </Title>
          <FileInput
            label="File (CSV or NDJSON)"
            placeholder="Choose a file"
            accept=".csv,.ndjson,.jsonl,text/csv,application/x-ndjson"
            value={file}
            onChange={choose}
            clearable
            clearButtonProps={{ 'aria-label': 'Clear the file' }}
            disabled={uploading}
            maw={480}
          />
          {previewError && (
            <Alert color="red" title="The file could not be read">
              {previewError}
            </Alert>
          )}
        </Stack>
      </Paper>

      {file && preview && (
        <Paper withBorder radius="md" p="md">
          <Stack gap="md">
            <Title order={2} size="h4">
              2. Check the columns
            </Title>
            <ColumnMap preview={preview} />
            <Group gap="md" align="flex-end">
              <Select
                label="Mode"
                data={MODES}
                value={mode}
                onChange={(value) => value && changeOptions(() => setMode(value as ImportMode))}
                allowDeselect={false}
                disabled={optionsLocked}
                w={420}
              />
              <Select
                label="Match existing customers by"
                data={MATCHES}
                value={match}
                onChange={(value) => value && changeOptions(() => setMatch(value as ImportMatch))}
                allowDeselect={false}
                disabled={optionsLocked}
                w={240}
              />
            </Group>
          </Stack>
        </Paper>
      )}

      {file && preview && (
        <Paper withBorder radius="md" p="md">
          <Stack gap="md">
            <Title order={2} size="h4">
              3. Dry run
            </Title>
            <Text size="sm">
              Checks every row with the same rules as the import, and counts what would happen.
            </Text>
            <Group>
              <Button
                onClick={() => run(true)}
                disabled={uploading || (dry !== null && !dryDone) || real !== null}
              >
                {dry ? 'Dry run again' : 'Start dry run'}
              </Button>
            </Group>
            {dry && <ImportRun name="Dry run" upload={dry} dryRun />}
          </Stack>
        </Paper>
      )}

      {file && preview && dryDone && dryJob?.status === 'succeeded' && (
        <Paper withBorder radius="md" p="md">
          <Stack gap="md">
            <Title order={2} size="h4">
              4. Import
            </Title>
            <Text size="sm">
              Writes the good rows; refused rows are left out and listed in the refused rows file.
            </Text>
            <Group>
              <Button onClick={() => run(false)} disabled={real !== null}>
                Start import
              </Button>
            </Group>
            {real && <ImportRun name="Import" upload={real} dryRun={false} />}
            {real?.job && (
              <Text size="sm">
                Follow it on the{' '}
                <Anchor component={Link} to="/jobs">
                  Jobs page
                </Anchor>{' '}
                too, or see the{' '}
                <Anchor component={Link} to="/customers">
                  customers
                </Anchor>
                .
              </Text>
            )}
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}
