import { Affix, Alert, Button, Group, Paper, Text } from '@mantine/core';
import { onlineManager, type Query, useQueryClient } from '@tanstack/react-query';
import { useCallback, useSyncExternalStore } from 'react';
import { isApiError } from '@/api/client';
import { Icon } from './Icon';

/** What a query key's first part holds, in the words of the notice ("Could not load customers"). */
const nouns: Record<string, string> = {
  customers: 'customers',
  orders: 'orders',
  carts: 'carts',
  segments: 'segments',
  groups: 'groups',
  roles: 'roles',
  sites: 'sites',
  attributes: 'custom attributes',
  jobs: 'jobs',
  webhooks: 'webhooks',
  marketing: 'marketing data',
  audit: 'the audit log',
  mailbox: 'emails',
  notes: 'notes',
  credit: 'store credit',
  views: 'saved views',
  tags: 'tags',
  wishlists: 'wish lists',
  reference: 'country data',
};

/**
 * A read that is failing for a reason retrying can fix (no network, a server error), on a page
 * that shows it. Answers such as 404 or a refused filter are explained by the page itself.
 */
function isFailing(query: Query): boolean {
  const { fetchFailureCount, fetchFailureReason } = query.state;
  if (fetchFailureCount === 0 || query.getObserversCount() === 0) return false;
  return (
    !isApiError(fetchFailureReason) || fetchFailureReason.status === 0 || fetchFailureReason.status >= 500
  );
}

function describeFailing(queries: Query[]): string {
  const names = [...new Set(queries.map((query) => nouns[String(query.queryKey[0])] ?? 'some data'))];
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0];
  return `Could not load ${list}.`;
}

/**
 * Says within a moment that the app is offline or that reads are failing, with a Retry, instead of
 * leaving dimmed rows while TanStack Query pauses or retries for many seconds. It appears on the
 * first failed attempt; the retries go on behind it and it goes away when a read succeeds.
 */
export function NetworkNotice() {
  const queryClient = useQueryClient();
  const queryCache = queryClient.getQueryCache();
  const online = useSyncExternalStore(
    useCallback((onChange) => onlineManager.subscribe(onChange), []),
    () => onlineManager.isOnline(),
  );
  // A string, so the snapshot is stable between cache events that change nothing here.
  const failing = useSyncExternalStore(
    useCallback((onChange) => queryCache.subscribe(onChange), [queryCache]),
    () =>
      queryCache
        .getAll()
        .filter(isFailing)
        .map((query) => query.queryHash)
        .join('\n'),
  );

  const retry = () => {
    void queryClient.resumePausedMutations();
    void queryClient.refetchQueries({
      predicate: (query) => isFailing(query) || query.state.fetchStatus === 'paused',
    });
  };

  if (online && !failing) return null;
  const failingQueries = queryCache.getAll().filter(isFailing);
  const message = online
    ? describeFailing(failingQueries)
    : 'You’re offline — changes are not saved. Pages load again when you are back online.';

  return (
    <Affix position={{ bottom: 16, left: 16, right: 16 }} zIndex={250}>
      <Paper shadow="md" radius="md" maw={640} mx="auto" withBorder>
        <Alert
          color={online ? 'red' : 'yellow'}
          radius="md"
          icon={<Icon name="alertCircle" />}
          data-testid="network-notice"
        >
          <Group justify="space-between" gap="sm" wrap="nowrap">
            <Text size="sm" style={{ flex: 1 }}>
              {message}
            </Text>
            <Button size="xs" variant="default" onClick={retry} style={{ flexShrink: 0 }}>
              Retry
            </Button>
          </Group>
        </Alert>
      </Paper>
    </Affix>
  );
}
