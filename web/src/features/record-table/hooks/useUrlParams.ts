import { useCallback, useRef } from 'react';
import { useLocation, useSearchParams } from 'react-router';

/**
 * The page's query string, and a setter that changes some parameters and keeps the others.
 * Changes start from the live URL, not from the last render: several can arrive (quick clicks)
 * before React Router has re-rendered with the previous one. They replace the history entry and
 * keep the location's state (e.g. the grid a page was opened from).
 */
export function useUrlParams(): [URLSearchParams, (changes: Record<string, string | null>) => void] {
  const [params, setParams] = useSearchParams();
  const state = useRef<unknown>(null);
  state.current = useLocation().state;
  const update = useCallback(
    (changes: Record<string, string | null>) => {
      const next = new URLSearchParams(window.location.search);
      for (const [key, value] of Object.entries(changes)) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      setParams(next, { replace: true, state: state.current });
    },
    [setParams],
  );
  return [params, update];
}
