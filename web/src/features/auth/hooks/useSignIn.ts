import { useMutation, useQueryClient } from '@tanstack/react-query';
import { fetchSession, type SignInInput, sessionQueryKey, signIn } from '../api/auth-api';

/** Signs in and loads the session before resolving, so the next page renders signed in. */
export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: SignInInput) => {
      await signIn(input);
      return fetchSession();
    },
    onSuccess: (session) => {
      queryClient.setQueryData(sessionQueryKey, session);
    },
  });
}
