import { Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { LoadErrorAlert } from '@/components/LoadErrorAlert';
import { formatTotal } from '@/lib/format';

/** The parts of a list query (TanStack Query, single or infinite) the header reads. */
interface ListQueryState {
  isPending: boolean;
  isFetching: boolean;
  isError: boolean;
  error: unknown;
  refetch: () => unknown;
}

interface RecordListHeaderProps {
  /** The page's heading and tab title ("Customers"). */
  title: string;
  /** One record, for the count ("customer" → "12 customers"). */
  noun: string;
  list: ListQueryState;
  /** Records the count shows; `undefined` until the first page arrives. */
  count: number | undefined;
  /** More exist than counted (another page, or a total the server capped): "50+ customers". */
  countIsLowerBound?: boolean;
  /** The count is the server's estimate (past the 10,000 it counts): "about 1,000,000 customers". */
  countIsEstimate?: boolean;
  /**
   * A failure the page explains where it happened (a filter the server rejected, shown under
   * the filter field): the count line says this instead, and no alert is shown.
   */
  problem?: string | null;
  /** A sentence on what the list holds, under the count. */
  description?: ReactNode;
  /** Buttons on the right ("New customer"). */
  actions?: ReactNode;
  /** Test id of the count line. */
  countTestId?: string;
}

/**
 * The top of every list page: its heading, a live count (announced as it changes, with a
 * spinner while a refresh is under way), and, when the list could not load at all, the
 * problem with a "Try again" button. The table below then shows neither rows nor a false
 * "nothing here" (`RecordTable`'s `loadFailed`).
 */
export function RecordListHeader({
  title,
  noun,
  list,
  count,
  countIsLowerBound = false,
  countIsEstimate = false,
  problem,
  description,
  actions,
  countTestId,
}: RecordListHeaderProps) {
  useDocumentTitle(`${title} · Clientele`);

  let summary: string;
  if (list.isPending) summary = `Loading ${title.toLowerCase()}…`;
  else if (problem) summary = problem;
  else if (list.isError) summary = `${title} could not be loaded`;
  else summary = formatTotal(count ?? 0, noun, countIsLowerBound, countIsEstimate);

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>{title}</Title>
          <Group gap="xs" mih={24}>
            <Text size="sm" c="dimmed" role="status" data-testid={countTestId}>
              {summary}
            </Text>
            {list.isFetching && !list.isPending && <Loader size={14} aria-hidden="true" />}
          </Group>
          {description && (
            <Text size="sm" c="dimmed">
              {description}
            </Text>
          )}
        </div>
        {actions}
      </Group>
      {list.isError && !problem && count === undefined && (
        <LoadErrorAlert error={list.error} onRetry={() => list.refetch()} />
      )}
    </Stack>
  );
}
