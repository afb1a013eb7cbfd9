import { Alert, Button, Center, Group, Loader, Paper, Stack, Text, Timeline, Title } from '@mantine/core';
import { type ReactNode, useMemo } from 'react';
import { describeError } from '@/api/field-errors';
import { Icon, type IconName } from '@/components/Icon';
import { SectionLoader } from '@/components/PageLoader';
import { useSession } from '@/features/auth/hooks/useSession';
import { useSites } from '@/features/sites/hooks/useSites';
import { formatDateTime } from '@/lib/format';
import { useCustomerTimeline } from '../hooks/useCustomerTimeline';
import { actorPhrase } from '../lib/describe-actor';
import { describeChange } from '../lib/describe-changes';
import { describeEvent } from '../lib/describe-event';

const looks: Record<string, { icon: IconName; color: string }> = {
  'account.locked': { icon: 'lock', color: 'red' },
  'account.unlocked': { icon: 'lockOpen', color: 'teal' },
  'account.disabled': { icon: 'ban', color: 'red' },
  'account.enabled': { icon: 'circleCheck', color: 'teal' },
  'account.invited': { icon: 'userPlus', color: 'indigo' },
  'account.registered': { icon: 'userPlus', color: 'indigo' },
  'account.password_reset_requested': { icon: 'send', color: 'indigo' },
  'account.email_change_requested': { icon: 'mail', color: 'indigo' },
  'account.email_changed': { icon: 'mail', color: 'indigo' },
  'order.placed': { icon: 'receipt', color: 'indigo' },
  'order.status_changed': { icon: 'receipt', color: 'gray' },
  'cart.created': { icon: 'shoppingCart', color: 'gray' },
  'cart.converted': { icon: 'shoppingCart', color: 'indigo' },
  'credit.issued': { icon: 'plus', color: 'teal' },
  'credit.deducted': { icon: 'ban', color: 'red' },
  'credit.redeemed': { icon: 'shoppingCart', color: 'indigo' },
  'credit.returned': { icon: 'refresh', color: 'teal' },
  'credit.expired': { icon: 'alertCircle', color: 'gray' },
  'customer.attributes_changed': { icon: 'pencil', color: 'gray' },
  'customer.created': { icon: 'userPlus', color: 'indigo' },
  'customer.updated': { icon: 'pencil', color: 'gray' },
  'address.added': { icon: 'mapPin', color: 'teal' },
  'address.changed': { icon: 'mapPin', color: 'gray' },
  'address.removed': { icon: 'mapPin', color: 'red' },
  'consent.updated': { icon: 'mail', color: 'indigo' },
};
const defaultLook = { icon: 'circleCheck', color: 'gray' } as const;

/** What happened to the customer's account, newest first, with "Load more" for older events. */
export function CustomerTimeline({ customerId }: { customerId: string }) {
  const timeline = useCustomerTimeline(customerId);
  const { data: sites } = useSites();
  const { data: session } = useSession();
  const siteName = useMemo(() => {
    const names = new Map((sites ?? []).map((site) => [site.id, site.name]));
    return (id: string) => names.get(id) ?? null;
  }, [sites]);
  const events = timeline.data?.pages.flatMap((page) => page.data) ?? [];

  let body: ReactNode;
  if (timeline.isPending) {
    body = <SectionLoader label="Loading the timeline" />;
  } else if (timeline.isError) {
    body = (
      <Alert color="red" title={describeError(timeline.error).title}>
        {describeError(timeline.error).message}
      </Alert>
    );
  } else if (events.length === 0) {
    body = (
      <Text size="sm" c="dimmed">
        Nothing has happened to this account yet.
      </Text>
    );
  } else {
    body = (
      <Timeline bulletSize={24} lineWidth={2} active={-1} data-testid="timeline">
        {events.map((event) => {
          const look = looks[event.action] ?? defaultLook;
          return (
            <Timeline.Item
              key={event.id}
              color={look.color}
              bullet={<Icon name={look.icon} size={14} />}
              title={
                <Text size="sm" fw={500}>
                  {describeEvent(event, siteName)}
                </Text>
              }
            >
              {event.changes.length > 0 && (
                <Stack
                  gap={2}
                  mb={4}
                  component="ul"
                  style={{ listStyle: 'none', padding: 0, margin: 0 }}
                  data-testid="timeline-changes"
                >
                  {event.changes.map((change) => (
                    <Text size="sm" component="li" key={change.field}>
                      {describeChange(change)}
                    </Text>
                  ))}
                </Stack>
              )}
              <Text size="xs" c="dimmed">
                {actorPhrase(event.actor, session?.id)},{' '}
                <time dateTime={event.createdAt}>{formatDateTime(event.createdAt)}</time>
              </Text>
            </Timeline.Item>
          );
        })}
      </Timeline>
    );
  }

  return (
    <Paper withBorder radius="md" p="lg" shadow="xs" component="section" aria-labelledby="timeline-title">
      <Group justify="space-between" mb="md">
        <Title order={2} size="h4" id="timeline-title">
          Timeline
        </Title>
        {timeline.isFetching && !timeline.isPending && <Loader size={14} aria-hidden="true" />}
      </Group>
      <Stack gap="md">
        {body}
        {timeline.hasNextPage && (
          <Center>
            <Button
              variant="default"
              size="xs"
              onClick={() => timeline.fetchNextPage()}
              loading={timeline.isFetchingNextPage}
            >
              Load more
            </Button>
          </Center>
        )}
      </Stack>
    </Paper>
  );
}
