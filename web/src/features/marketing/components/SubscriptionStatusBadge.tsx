import { Badge } from '@mantine/core';
import type { SubscriptionStatus } from '../api/types';
import { subscriptionStatusLooks } from '../lib/subscription-status';

/** A subscription state as a word with a coloured dot. */
export function SubscriptionStatusBadge({ status }: { status: SubscriptionStatus }) {
  const look = subscriptionStatusLooks[status];
  return (
    <Badge variant="dot" color={look.color} size="sm" radius="sm" tt="none" fw={500} data-status={status}>
      {look.label}
    </Badge>
  );
}
