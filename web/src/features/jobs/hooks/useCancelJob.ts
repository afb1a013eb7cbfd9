import { useMutation, useQueryClient } from '@tanstack/react-query';
import { notifyError, notifySuccess } from '@/lib/notify';
import { jobKeys } from '../api/job-keys';
import { cancelJob } from '../api/jobs-api';

/** Cancels a queued or running job (a running one stops after the batch it is writing). */
export function useCancelJob() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: cancelJob,
    onSuccess: () => notifySuccess('Cancel requested.'),
    onError: (error) => notifyError(error),
    onSettled: () => queryClient.invalidateQueries({ queryKey: jobKeys.all }),
  });
}
