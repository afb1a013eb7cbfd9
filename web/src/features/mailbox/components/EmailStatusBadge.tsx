import { Badge } from '@mantine/core';
import type { Email } from '../api/types';
import { statusLooks } from '../lib/email-labels';

/** An email's delivery status as a word with a coloured dot; the word carries the meaning. */
export function EmailStatusBadge({ status }: { status: Email['status'] }) {
  const look = statusLooks[status];
  return (
    <Badge variant="dot" color={look.color} size="sm" radius="sm" tt="none" fw={500} title={look.description}>
      {look.label}
    </Badge>
  );
}
