import { Alert, Button, Stack, Text } from '@mantine/core';
import { describeError } from '@/api/field-errors';

/** A list that could not load: the problem's title and message, and a way to try again. */
export function LoadErrorAlert({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { title, message } = describeError(error);
  return (
    <Alert color="red" title={title} my="sm">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{message}</Text>
        <Button size="xs" variant="default" onClick={onRetry}>
          Try again
        </Button>
      </Stack>
    </Alert>
  );
}
