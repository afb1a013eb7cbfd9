/**
 * The grid's quick filters live in the one `filter` URL parameter, as terms joined with `and`
 * to whatever filter text was typed: the URL stays the single truth, a shared link opens the same
 * view, and the server sees one ordinary filter. A term a quick filter can show (`group eq "x"`,
 * `tags eq "x"`, `attributes.<code> eq …`, `attributes.<code> ge "<date>"`) is read back as that
 * quick filter; everything else stays the typed text.
 */

export type QuickValue = string | number | boolean;
export type QuickOp = 'eq' | 'ge';

export interface QuickTerm {
  attribute: string;
  op: QuickOp;
  value: QuickValue;
}

export interface SplitFilter {
  /** The typed part of the filter, without the quick terms. */
  typed: string;
  /** Quick terms by attribute (one per attribute). */
  quick: Record<string, QuickTerm>;
}

/** The filter's top-level operands of `joiner` (`and` unless told): outside quotes and parentheses. */
export function topLevelTerms(filter: string, joiner: 'and' | 'or' = 'and'): string[] {
  const word = new RegExp(`^\\s${joiner}\\s`, 'i');
  const width = joiner.length + 2;
  const terms: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < filter.length; i++) {
    const ch = filter[i];
    if (quoted) {
      if (ch === '\\') i++;
      else if (ch === '"') quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (depth === 0 && word.test(filter.slice(i, i + width))) {
      terms.push(filter.slice(start, i).trim());
      start = i + width;
      i += width - 2;
    }
  }
  terms.push(filter.slice(start).trim());
  return terms.filter((term) => term !== '');
}

const TERM =
  /^(group|tags|attributes\.[A-Za-z][A-Za-z0-9_]*) (eq|ge) ("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?|true|false)$/i;

function parseValue(raw: string): QuickValue {
  if (raw.startsWith('"')) return raw.slice(1, -1).replace(/\\(.)/g, '$1');
  if (raw === 'true' || raw === 'false') return raw === 'true';
  return Number(raw);
}

/** One term as a quick filter, or null when it is typed text. `ge` only stands for a date's "from". */
export function parseQuickTerm(term: string): QuickTerm | null {
  const match = TERM.exec(term.trim());
  if (!match) return null;
  const [, name = '', op = '', raw = ''] = match;
  const attribute = name.startsWith('attributes.') ? name : name.toLowerCase();
  const value = parseValue(raw);
  if (op.toLowerCase() === 'ge' && !(attribute.startsWith('attributes.') && typeof value === 'string'))
    return null;
  return { attribute, op: op.toLowerCase() as QuickOp, value };
}

export function formatValue(value: QuickValue): string {
  if (typeof value === 'string') return `"${value.replace(/["\\]/g, '\\$&')}"`;
  return String(value);
}

export const formatQuickTerm = (term: QuickTerm) => `${term.attribute} ${term.op} ${formatValue(term.value)}`;

/** `(x)` → `x` when the parentheses are one pair around it all (those `guarded` adds). */
function unwrapped(text: string): string {
  if (!text.startsWith('(') || !text.endsWith(')')) return text;
  const inner = text.slice(1, -1);
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i];
    if (quoted) {
      if (ch === '\\') i++;
      else if (ch === '"') quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth < 0) return text;
  }
  return inner.trim();
}

/** The filter split into its typed text and its quick terms (the first term of an attribute wins). */
export function splitFilter(filter: string): SplitFilter {
  const typed: string[] = [];
  const quick: Record<string, QuickTerm> = {};
  for (const term of topLevelTerms(filter)) {
    const parsed = parseQuickTerm(term);
    if (parsed && !(parsed.attribute in quick)) quick[parsed.attribute] = parsed;
    else typed.push(term);
  }
  return { typed: typed.length === 1 ? unwrapped(typed[0] ?? '') : typed.join(' and '), quick };
}

/** A typed filter with a top-level `or` is put in parentheses so the quick terms narrow all of it. */
function guarded(typed: string): string {
  const text = typed.trim();
  if (!text) return '';
  return topLevelTerms(text, 'or').length > 1 ? `(${text})` : text;
}

/** The `filter` parameter for this typed text and these quick terms. */
export function composeFilter(typed: string, quick: Record<string, QuickTerm>): string {
  return [guarded(typed), ...Object.values(quick).map(formatQuickTerm)].filter(Boolean).join(' and ');
}

/** The filter with the quick filter of `attribute` set to `term`, or removed when `term` is null. */
export function withQuickTerm(filter: string, attribute: string, term: QuickTerm | null): string {
  const { typed, quick } = splitFilter(filter);
  const next = { ...quick };
  delete next[attribute];
  if (term) next[attribute] = term;
  return composeFilter(typed, next);
}

/** The filter with its typed text replaced, keeping the quick terms. */
export function withTypedText(filter: string, typed: string): string {
  return composeFilter(typed, splitFilter(filter).quick);
}
