import { useCallback, useEffect, useRef } from 'react';
import { type BlockerFunction, useBlocker } from 'react-router';

/**
 * Keeps an edit from being lost by leaving: while `dirty`, a link or Back to another page is held
 * (the returned blocker, which `UnsavedChangesDialog` turns into "Discard changes?"), and a reload
 * or closing the tab gets the browser's own question. Moving within the page (`?tab=`) is not
 * leaving: the form stays mounted. `allowLeaving` lets a save that navigates go without asking.
 */
export function useUnsavedChangesGuard(dirty: boolean) {
  const dirtyRef = useRef(dirty);
  dirtyRef.current = dirty;
  const leavingAllowed = useRef(false);

  const shouldBlock = useCallback<BlockerFunction>(
    ({ currentLocation, nextLocation }) =>
      dirtyRef.current && !leavingAllowed.current && currentLocation.pathname !== nextLocation.pathname,
    [],
  );
  const blocker = useBlocker(shouldBlock);

  useEffect(() => {
    if (!dirty) return;
    const ask = (event: BeforeUnloadEvent) => {
      if (leavingAllowed.current) return;
      event.preventDefault();
      // Older Chromium and Safari ask only when returnValue is set.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', ask);
    return () => window.removeEventListener('beforeunload', ask);
  }, [dirty]);

  const allowLeaving = useCallback(() => {
    leavingAllowed.current = true;
  }, []);

  return { blocker, allowLeaving };
}
