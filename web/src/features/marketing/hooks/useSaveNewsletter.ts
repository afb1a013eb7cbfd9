import { useMutation, useQueryClient } from '@tanstack/react-query';
import { createNewsletter, updateNewsletter } from '../api/marketing-api';
import { marketingKeys } from '../api/marketing-keys';
import type { NewsletterInput, NewsletterPatch } from '../api/types';

type SaveNewsletterVariables =
  | { kind: 'create'; input: NewsletterInput }
  | { kind: 'update'; id: string; patch: NewsletterPatch };

/**
 * Creates a newsletter or changes one; everything marketing is fetched again, since every
 * contact's subscriptions list every newsletter.
 */
export function useSaveNewsletter() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (variables: SaveNewsletterVariables) =>
      variables.kind === 'create'
        ? createNewsletter(variables.input)
        : updateNewsletter(variables.id, variables.patch),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: marketingKeys.all }),
  });
}
