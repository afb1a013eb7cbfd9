import { Alert, Button, Center, Stack } from '@mantine/core';
import { Navigate, Outlet, useLocation } from 'react-router';
import { describeError } from '@/api/field-errors';
import { PageLoader } from '@/components/PageLoader';
import { useSession } from '../hooks/useSession';

/** Renders the signed-in pages, or sends the visitor to the sign-in page and back afterwards. */
export function RequireSession() {
  const session = useSession();
  const location = useLocation();

  if (session.isPending) return <PageLoader label="Checking your session…" />;
  if (session.isError) {
    const { title, message } = describeError(session.error);
    return (
      <Center mih="100vh" component="main">
        <Stack maw={420}>
          <Alert color="red" title={title}>
            {message}
          </Alert>
          <Button onClick={() => session.refetch()}>Try again</Button>
        </Stack>
      </Center>
    );
  }
  if (!session.data) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <Outlet />;
}
