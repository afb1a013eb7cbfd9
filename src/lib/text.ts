/**
 * Text PostgreSQL cannot store: a NUL character (refused by `text` and `jsonb`) or an unpaired
 * UTF-16 surrogate (JSON allows `"\ud800"`, but it is no Unicode character: the drivers turn it
 * into U+FFFD in a text column, silently changing what was sent, and jsonb refuses the escape).
 */
const UNSTORABLE = /[\0\p{Cs}]/u;

/** Why a string cannot be stored as sent, or null when it can. */
export function unstorableText(value: string): string | null {
  if (!UNSTORABLE.test(value)) return null;
  return value.includes('\0')
    ? 'must not contain NUL characters'
    : 'must be valid Unicode (it holds an unpaired surrogate such as \\ud800)';
}
