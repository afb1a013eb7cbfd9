import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { notifyError } from '@/lib/notify';
import { signOut } from '../api/auth-api';

/** Ends the session, leaves the signed-in pages first, then drops every cached answer. */
export function useSignOut() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: signOut,
    onSuccess: async () => {
      await navigate('/login', { replace: true });
      queryClient.clear();
    },
    onError: (error) => notifyError(error),
  });
}
