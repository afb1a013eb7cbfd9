import { Alert, Button, Group, Loader, Modal, Select, Stack, TagsInput, Text, Textarea } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { isApiError } from '@/api/client';
import { asSentence, describeError } from '@/api/field-errors';
import { useGroups } from '@/features/groups/hooks/useGroups';
import { countBulk, startBulk } from '../api/bulk-api';
import type { BulkAction, BulkParams, BulkSelection } from '../api/types';
import { BulkJobProgress } from './BulkJobProgress';
import { BULK_ACTIONS, plural } from './bulk-actions';

interface BulkActionModalProps {
  /** The action chosen in the menu; null when closed. */
  action: BulkAction | null;
  selection: BulkSelection;
  onClose: () => void;
  /** Called once the job is queued (the grid clears its selection). */
  onStarted: () => void;
}

/** The action's own fields: tags, a group, a reason, a format. */
function ParamsFields({
  action,
  params,
  onChange,
  errors,
}: {
  action: BulkAction;
  params: BulkParams;
  onChange: (params: BulkParams) => void;
  errors: Record<string, string>;
}) {
  const groups = useGroups();
  if (action === 'addTags' || action === 'removeTags')
    return (
      <TagsInput
        label="Tags"
        description="Press Enter after each tag."
        value={params.tags ?? []}
        onChange={(tags) => onChange({ ...params, tags })}
        error={errors['/params/tags']}
        maxTags={20}
        data-autofocus
      />
    );
  if (action === 'addToGroup' || action === 'removeFromGroup')
    return (
      <Select
        label="Group"
        searchable
        data={(groups.data ?? []).map((g) => ({ value: g.id, label: `${g.name} (${g.code})` }))}
        value={params.groupId ?? null}
        onChange={(groupId) => onChange({ ...params, ...(groupId ? { groupId } : { groupId: undefined }) })}
        error={errors['/params/groupId']}
        data-autofocus
      />
    );
  if (action === 'disable')
    return (
      <Textarea
        label="Reason"
        description="Kept for admins; customers do not see it."
        autosize
        minRows={2}
        maxLength={500}
        value={params.reason ?? ''}
        onChange={(event) => onChange({ ...params, reason: event.currentTarget.value })}
        error={errors['/params/reason']}
        data-autofocus
      />
    );
  if (action === 'export')
    return (
      <Select
        label="Format"
        data={[
          { value: 'csv', label: "CSV (Clientele's columns)" },
          { value: 'shopify', label: "Shopify's customer CSV" },
          { value: 'ndjson', label: 'NDJSON' },
        ]}
        value={params.format ?? 'csv'}
        onChange={(format) => onChange({ ...params, format: (format ?? 'csv') as BulkParams['format'] })}
        allowDeselect={false}
      />
    );
  return null;
}

/**
 * One bulk action: asks for its fields, shows how many customers it will reach (a dry run) and,
 * for a destructive one, asks to confirm with that count; then follows the job to its end.
 */
export function BulkActionModal({ action, selection, onClose, onStarted }: BulkActionModalProps) {
  const [params, setParams] = useState<BulkParams>({});
  const [jobId, setJobId] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [shownFor, setShownFor] = useState<BulkAction | null>(action);
  // Every opening starts afresh.
  if (action !== shownFor) {
    setShownFor(action);
    if (action) {
      setParams({});
      setJobId(null);
      setErrors({});
    }
  }
  const info = action ? BULK_ACTIONS[action] : null;
  const count = useQuery({
    queryKey: ['bulk-count', action, selection],
    queryFn: () => countBulk({ action: action as BulkAction, selection }),
    enabled: action !== null && jobId === null,
    retry: false,
  });
  const start = useMutation({
    mutationFn: () => startBulk({ action: action as BulkAction, params, selection }),
    onSuccess: (job) => {
      setJobId(job.id);
      onStarted();
    },
    onError: (problem) => {
      if (isApiError(problem) && problem.errors.length > 0)
        setErrors(Object.fromEntries(problem.errors.map((e) => [e.path, asSentence(e.message)])));
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    start.mutate();
  };
  const n = count.data?.count;
  const who = n === undefined ? 'the selected customers' : plural(n, count.data?.countIsLowerBound);
  // Problems with no field in this form (a selection of more than 1,000 ids, a lower role).
  const others = isApiError(start.error)
    ? start.error.errors.filter((e) => !e.path.startsWith('/params/'))
    : [];
  const formProblem =
    start.error && (!isApiError(start.error) || start.error.errors.length === 0 || others.length > 0)
      ? describeError(start.error)
      : null;

  return (
    <Modal opened={action !== null} onClose={onClose} title={info?.label.replace('…', '')} centered>
      {jobId ? (
        <Stack gap="md">
          <BulkJobProgress jobId={jobId} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Close
            </Button>
          </Group>
        </Stack>
      ) : (
        action &&
        info && (
          <form onSubmit={submit} aria-label={info.label.replace('…', '')} noValidate>
            <Stack gap="md">
              <Text size="sm" data-testid="bulk-count">
                {count.isPending ? <Loader size="xs" /> : null} This applies to <strong>{who}</strong>
                {count.data?.countIsLowerBound ? ' (counted up to 10,000)' : ''}.
              </Text>
              {info.warning && (
                <Alert color={info.destructive ? 'red' : 'blue'} variant="light">
                  {info.warning}
                </Alert>
              )}
              <ParamsFields action={action} params={params} onChange={setParams} errors={errors} />
              {formProblem && (
                <Alert color="red" variant="light" title={formProblem.title}>
                  {[formProblem.message, ...others.map((e) => `${e.path}: ${e.message}`)].join(' ')}
                </Alert>
              )}
              <Group justify="flex-end">
                <Button variant="default" onClick={onClose} disabled={start.isPending}>
                  Cancel
                </Button>
                <Button
                  type="submit"
                  color={info.destructive ? 'red' : undefined}
                  loading={start.isPending}
                  disabled={count.isPending || n === 0}
                >
                  {info.verb} {n === undefined ? '' : plural(n, count.data?.countIsLowerBound)}
                </Button>
              </Group>
            </Stack>
          </form>
        )
      )}
    </Modal>
  );
}
