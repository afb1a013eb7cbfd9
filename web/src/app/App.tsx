import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router/dom';
import { setUnauthorizedHandler } from '@/api/client';
import { NetworkNotice } from '@/components/NetworkNotice';
import { sessionQueryKey } from '@/features/auth/api/auth-api';
import { queryClient } from './query-client';
import { router } from './router';
import { cssVariablesResolver, theme } from './theme';

// A 401 on any call means the session ended: forgetting it makes <RequireSession> send the
// user to the sign-in page, which brings them back here afterwards.
setUnauthorizedHandler(() => queryClient.setQueryData(sessionQueryKey, null));

export function App() {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="auto">
      <Notifications position="top-right" limit={4} />
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
        <NetworkNotice />
      </QueryClientProvider>
    </MantineProvider>
  );
}
