/**
 * What the filter editor offers to complete: the customer attributes of the filter language
 * (docs/api.md, "The filter language"), including `group` and `role` of the groups module, the
 * relative-date words and the operators. The tenant's `attributes.<code>` are passed in by the
 * editor, from the attribute definitions.
 */
export const FILTER_ATTRIBUTES = [
  'firstName',
  'lastName',
  'email',
  'phone',
  'companyName',
  'organizationId',
  'taxId',
  'locale',
  'note',
  'externalId',
  'country',
  'state',
  'tags',
  'group',
  'role',
  'isRegistered',
  'hasAccount',
  'enabled',
  'createdAt',
  'updatedAt',
  'ordersCount',
  'totalSpent',
  'firstOrderAt',
  'lastOrderAt',
  'site',
] as const;

const DATE_WORDS = ['now', 'startOfDay', 'startOfWeek', 'startOfMonth', 'startOfYear'];
const KEYWORDS = ['and', 'or', 'not', 'eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le', 'pr'];
const WORD_CHAR = /[A-Za-z0-9_.]/;

/** The word the caret is in or after: its start and what is typed of it. */
export function wordBefore(text: string, caret: number): { start: number; typed: string } {
  let start = caret;
  while (start > 0 && WORD_CHAR.test(text[start - 1] ?? '')) start--;
  return { start, typed: text.slice(start, caret) };
}

/** True when the caret sits inside a string literal (an odd number of unescaped quotes before it). */
function inString(text: string, caret: number): boolean {
  let open = false;
  for (let i = 0; i < caret; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') open = !open;
  }
  return open;
}

/**
 * Up to `max` attribute or date words that complete the word at the caret (none inside a string);
 * `more` are further attributes to offer, e.g. `attributes.<code>` of each definition.
 */
export function completionsAt(text: string, caret: number, max = 6, more: readonly string[] = []): string[] {
  const { typed } = wordBefore(text, caret);
  if (typed === '' || /^\d/.test(typed) || inString(text, caret)) return [];
  const lower = typed.toLowerCase();
  if (KEYWORDS.includes(lower)) return [];
  return [...FILTER_ATTRIBUTES, ...more, ...DATE_WORDS]
    .filter((word) => word.toLowerCase().startsWith(lower) && word !== typed)
    .slice(0, max);
}

/** The text with the word at the caret replaced by `word`, and where the caret goes after it. */
export function complete(text: string, caret: number, word: string): { text: string; caret: number } {
  const { start } = wordBefore(text, caret);
  // The rest of a word the caret was inside goes too, and one space follows the completed word.
  const after = text
    .slice(caret)
    .replace(/^[A-Za-z0-9_.]*/, '')
    .replace(/^ /, '');
  const next = `${text.slice(0, start)}${word} ${after}`;
  return { text: next, caret: start + word.length + 1 };
}

/** The 0-based position a filter error names ("Invalid filter at position 21: …"), if any. */
export function errorPosition(message: string): number | null {
  const match = /at position (\d+)/.exec(message);
  return match ? Number(match[1]) : null;
}
