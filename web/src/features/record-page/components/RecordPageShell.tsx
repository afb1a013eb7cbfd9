import {
  Alert,
  Anchor,
  Box,
  Breadcrumbs,
  Button,
  Group,
  Paper,
  Skeleton,
  Stack,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { isApiError } from '@/api/client';
import { describeError } from '@/api/field-errors';

interface ShellProps {
  /** The list this record belongs to: the first breadcrumb and the way back from "not found". */
  parent: { label: string; to: string };
  /** The current breadcrumb: the record's name, or a stand-in while it loads. */
  crumb: string;
  /** The browser tab's title, before " · Clientele". */
  documentTitle: string;
  /** Widest the page grows (the record's own layout decides below it). */
  maw?: number;
}

interface RecordShellProps<Data> extends ShellProps {
  /** The record's query: the shell shows its loading, not-found and error states. */
  query: UseQueryResult<Data, Error>;
  /** "Customer not found" and the sentence under it, for a 404. */
  notFound: { title: string; message: string };
  /** The back button's label on the not-found and error states; "Back to <parent>" when absent. */
  backLabel?: string;
  /** Loading announcement for screen readers ("Loading customer…"). */
  loadingLabel: string;
  children: (record: Data) => ReactNode;
}

interface PlainShellProps extends ShellProps {
  query?: undefined;
  children: ReactNode;
}

type RecordPageShellProps<Data> = RecordShellProps<Data> | PlainShellProps;

/** Where this page sits: the parent list (a link) and this record (the current page). */
function PageBreadcrumbs({ parent, crumb }: { parent: ShellProps['parent']; crumb: string }) {
  return (
    <Box component="nav" aria-label="Breadcrumb">
      <Breadcrumbs>
        <Anchor component={Link} to={parent.to} size="sm">
          {parent.label}
        </Anchor>
        <Text size="sm" aria-current="page" truncate maw={480}>
          {crumb}
        </Text>
      </Breadcrumbs>
    </Box>
  );
}

/**
 * The record's layout while it loads: a title and two panels in grey, so the page does not jump
 * when the record arrives. Screen readers hear the loading label once (a status region).
 */
function RecordSkeleton({ label }: { label: string }) {
  return (
    <Stack gap="lg" aria-busy="true">
      <div role="status">
        <VisuallyHidden>{label}</VisuallyHidden>
      </div>
      <Stack gap={8} aria-hidden="true">
        <Skeleton height={34} width="40%" radius="sm" />
        <Skeleton height={14} width="25%" radius="sm" />
      </Stack>
      <Paper withBorder radius="md" p="lg" shadow="xs" aria-hidden="true">
        <Stack gap="sm">
          <Skeleton height={18} width="20%" radius="sm" />
          <Skeleton height={12} radius="sm" />
          <Skeleton height={12} width="85%" radius="sm" />
          <Skeleton height={12} width="60%" radius="sm" />
        </Stack>
      </Paper>
    </Stack>
  );
}

/**
 * What every record page (customer, order, email, site, new customer) shares: the breadcrumbs,
 * the tab title, and for a record read from the API its three states before it can be shown:
 * loading (a skeleton), not found (a 404: said plainly, with the way back) and any other error
 * (the problem's title and message, a retry and the way back). `children` renders the record.
 */
export function RecordPageShell<Data>(props: RecordPageShellProps<Data>) {
  const { parent, crumb, documentTitle, maw } = props;
  useDocumentTitle(`${documentTitle} · Clientele`);
  const breadcrumbs = <PageBreadcrumbs parent={parent} crumb={crumb} />;

  if (props.query === undefined) {
    return (
      <Stack gap="lg" maw={maw}>
        {breadcrumbs}
        {props.children}
      </Stack>
    );
  }

  const { query, notFound, backLabel = `Back to ${parent.label.toLowerCase()}`, loadingLabel } = props;
  if (query.isPending) {
    return (
      <Stack gap="lg" maw={maw}>
        {breadcrumbs}
        <RecordSkeleton label={loadingLabel} />
      </Stack>
    );
  }
  if (query.isError) {
    const missing = isApiError(query.error) && query.error.status === 404;
    const { title, message } = describeError(query.error);
    return (
      <Stack gap="lg" maw={640}>
        {breadcrumbs}
        <Title order={1}>{missing ? notFound.title : title}</Title>
        <Alert color={missing ? 'gray' : 'red'}>{missing ? notFound.message : message}</Alert>
        <Group gap="sm">
          {!missing && (
            <Button onClick={() => query.refetch()} loading={query.isFetching}>
              Try again
            </Button>
          )}
          <Button component={Link} to={parent.to} variant="default">
            {backLabel}
          </Button>
        </Group>
      </Stack>
    );
  }
  return (
    <Stack gap="lg" maw={maw}>
      {breadcrumbs}
      {props.children(query.data)}
    </Stack>
  );
}
