import { type RefObject, useCallback, useEffect, useState } from 'react';

/**
 * After a save comes back with field errors, brings the first invalid field (in reading order)
 * into view and focuses it, so the user starts where the form needs them, however long it is.
 * Call the returned function together with setting the errors; it acts once they are drawn,
 * and not again while the user fixes them one by one.
 */
export function useFocusFirstError(form: RefObject<HTMLElement | null>) {
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (attempt === 0) return;
    const first = form.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (!first) return;
    first.scrollIntoView({ block: 'center' });
    first.focus({ preventScroll: true });
  }, [form, attempt]);
  return useCallback(() => setAttempt((count) => count + 1), []);
}
