import {
  Alert,
  Box,
  Button,
  Center,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { type FormEvent, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { isApiError } from '@/api/client';
import { describeError } from '@/api/field-errors';
import { BrandMark } from '@/features/layout/components/BrandMark';
import { useSignIn } from '../hooks/useSignIn';

/** Only same-app paths are followed after sign-in, never another origin. */
function safeNext(next: string | null): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/login')) return '/customers';
  return next;
}

function signInErrorMessage(error: unknown): string {
  if (isApiError(error) && error.status === 401) return 'The email or password is not correct.';
  const { message } = describeError(error);
  return message;
}

export function SignInPage() {
  useDocumentTitle('Sign in · Clientele');
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const signIn = useSignIn();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate(
      { email: email.trim(), password },
      { onSuccess: () => navigate(safeNext(params.get('next')), { replace: true }) },
    );
  };

  return (
    <Box component="main">
      <Center mih="100vh" p="md">
        <Stack w="100%" maw={400} gap="lg">
          <Center>
            <BrandMark size="lg" />
          </Center>
          <Paper withBorder shadow="sm" p="xl" radius="lg">
            <form onSubmit={submit}>
              <Stack gap="md">
                <div>
                  <Title order={1} size="h3">
                    Sign in
                  </Title>
                  <Text size="sm" c="dimmed">
                    Use your store administrator account.
                  </Text>
                </div>
                {signIn.isError && (
                  <Alert color="red" title="Could not sign in">
                    {signInErrorMessage(signIn.error)}
                  </Alert>
                )}
                <TextInput
                  label="Email"
                  type="email"
                  autoComplete="username"
                  required
                  withAsterisk={false}
                  value={email}
                  onChange={(event) => setEmail(event.currentTarget.value)}
                />
                <PasswordInput
                  label="Password"
                  autoComplete="current-password"
                  required
                  withAsterisk={false}
                  value={password}
                  onChange={(event) => setPassword(event.currentTarget.value)}
                />
                <Button type="submit" fullWidth loading={signIn.isPending}>
                  Sign in
                </Button>
              </Stack>
            </form>
          </Paper>
        </Stack>
      </Center>
    </Box>
  );
}
