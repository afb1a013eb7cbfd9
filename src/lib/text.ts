/**
 * What text a person may type into the store's fields. Control characters (C0, DEL, C1) make a
 * value print differently from how it reads (a line break inside a name splits a CSV row or an
 * email header), and the bidirectional embeddings, overrides and isolates (U+202A–U+202E,
 * U+2066–U+2069) make it display reversed: `‮gpj.exe` shows as `exe.jpg`. The one rule, used by
 * the services and, as a JSON Schema pattern, by the request schemas.
 */

const CONTROLS = '\\u0000-\\u001f\\u007f-\\u009f';
const BIDI = '\\u202a-\\u202e\\u2066-\\u2069';
/** Control characters but tab (09), line feed (0a) and carriage return (0d). */
const CONTROLS_BUT_LINE_BREAKS = '\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f';

/** Pattern of a single-line field (a name, a city, a tag): no control or bidi characters at all. */
export const SINGLE_LINE_PATTERN = `^[^${CONTROLS}${BIDI}]*$`;
/** Pattern of a multi-line field (a note): line breaks and tabs, but no other control or bidi characters. */
export const MULTI_LINE_PATTERN = `^[^${CONTROLS_BUT_LINE_BREAKS}${BIDI}]*$`;

export const SINGLE_LINE_MESSAGE = 'must be one line, without control characters or bidirectional overrides';
export const MULTI_LINE_MESSAGE =
  'must not contain control characters (other than line breaks and tabs) or bidirectional overrides';

const singleLine = new RegExp(SINGLE_LINE_PATTERN, 'u');

/** True when `value` may be stored in a single-line field. */
export const isSingleLine = (value: string) => singleLine.test(value);

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

/** The value without surrounding whitespace, or null when nothing else is left (or it was absent). */
export const trimmedOrNull = (value: string | null | undefined): string | null => value?.trim() || null;
