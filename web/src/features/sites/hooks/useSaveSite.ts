import { useMutation, useQueryClient } from '@tanstack/react-query';
import { siteKeys } from '../api/site-keys';
import { createSite, rotateSiteKey, updateSite } from '../api/sites-api';
import type { SiteCreate, SitePatch } from '../api/types';

type SaveSiteVariables =
  | { kind: 'create'; input: SiteCreate }
  | { kind: 'update'; id: string; patch: SitePatch }
  | { kind: 'rotateKey'; id: string };

/**
 * Creates a site, changes one or gives it a new publishable key. The answer is the site as
 * stored; the lists of sites and customer sets (which name their sites) are fetched again.
 */
export function useSaveSite() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (variables: SaveSiteVariables) => {
      if (variables.kind === 'create') return createSite(variables.input);
      if (variables.kind === 'update') return updateSite(variables.id, variables.patch);
      return rotateSiteKey(variables.id);
    },
    onSuccess: (site) => {
      queryClient.setQueryData(siteKeys.detail(site.id), site);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: siteKeys.list() }),
        queryClient.invalidateQueries({ queryKey: siteKeys.customerSets() }),
      ]);
    },
  });
}
