import { useCallback, useMemo, useRef } from 'react';
import { newIdempotencyKey } from '@/lib/idempotency-key';

export interface IdempotencyKey {
  /** The key of the change being submitted: made on the first call, the same until `reset`. */
  current: () => string;
  /** The next submission is another change (the form changed, or the last one went through). */
  reset: () => void;
}

/**
 * One Idempotency-Key per change a form submits. A second click, or a retry after a lost answer,
 * sends the same key with the same body, so the server applies the change once and replays its
 * answer; editing the form or a success starts a new key.
 */
export function useIdempotencyKey(): IdempotencyKey {
  const key = useRef<string | null>(null);
  const current = useCallback(() => {
    key.current ??= newIdempotencyKey();
    return key.current;
  }, []);
  const reset = useCallback(() => {
    key.current = null;
  }, []);
  return useMemo(() => ({ current, reset }), [current, reset]);
}
