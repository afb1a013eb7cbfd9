import { Button, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { Link } from 'react-router';

export function NotFoundPage() {
  useDocumentTitle('Page not found · Clientele');
  return (
    <Stack align="flex-start" gap="sm" maw={520}>
      <Title order={1}>Page not found</Title>
      <Text c="dimmed">
        There is nothing at this address. It may have moved, or the link may be incomplete.
      </Text>
      <Button component={Link} to="/customers">
        Go to customers
      </Button>
    </Stack>
  );
}
