import { useCallback } from 'react';
import { useSession } from './useSession';

/** A page or action that needs more than the core modules: a module's name or shopper sign-in. */
export type Feature = { module: string } | 'shopperSignIn';

/**
 * Tells whether the service runs a feature, so navigation, tabs and actions show only what is on
 * (CLIENTELE_MODULES, and order-management-only mode, which has no storefront sign-in, marketing
 * or segments). Everything counts as on until the session has answered.
 */
export function useHasFeature(): (feature: Feature | undefined) => boolean {
  const features = useSession().data?.features;
  return useCallback(
    (feature: Feature | undefined) => {
      if (!feature || !features) return true;
      if (feature === 'shopperSignIn') return features.mode !== 'oms';
      return features.modules.includes(feature.module);
    },
    [features],
  );
}
