import { Alert, Box, Button, Center, Stack, Text } from '@mantine/core';
import { isRouteErrorResponse, useRouteError } from 'react-router';

/** Shown instead of a blank page when rendering a route throws. */
export function RouteError() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : 'Unknown error';
  return (
    <Box component="main">
      <Center mih="60vh" p="md">
        <Stack maw={520}>
          <Alert color="red" title="Something went wrong on this page">
            <Text size="sm">{message}</Text>
          </Alert>
          <Button onClick={() => window.location.reload()}>Reload the page</Button>
        </Stack>
      </Center>
    </Box>
  );
}
