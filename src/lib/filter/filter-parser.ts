import { unstorableText } from '../text.js';
import { FilterError } from './filter-error.js';
import { formatRelativeDate, type RelativeDate, readRelativeDate } from './relative-date.js';

export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';
/** A literal: a JSON string, number, true, false, null, or a date relative to now (`now-90d`). */
export type FilterValue = string | number | boolean | null | RelativeDate;
export type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; expr: FilterNode }
  | { kind: 'compare'; attr: string; op: CompareOp; value: FilterValue; position: number }
  | { kind: 'present'; attr: string; position: number };

/** Longest filter text accepted; route schemas can use it as the query parameter's `maxLength`. */
export const MAX_FILTER_LENGTH = 2000;
/** Deepest nesting of parentheses accepted, which also bounds the parser's recursion. */
export const MAX_FILTER_DEPTH = 32;

/** The comparison operators, in the order error messages list them. */
export const COMPARE_OPS: readonly CompareOp[] = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'];

type Token =
  | { type: 'word' | '(' | ')' | 'end'; raw: string; position: number }
  | { type: 'string'; raw: string; position: number; value: string }
  | { type: 'number'; raw: string; position: number; value: number }
  | { type: 'date'; raw: string; position: number; value: RelativeDate };

/**
 * Parses a SCIM-style filter (RFC 7644 §3.4.2.2) such as
 * `lastName sw "sm" and (age ge 30 or not (active eq true))`.
 * Keywords are case-insensitive; attribute names keep the caller's spelling and are only resolved
 * later, by `compileFilter`. Throws a `FilterError` pointing at the offending token.
 */
export function parseFilter(input: string): FilterNode {
  if (input.length > MAX_FILTER_LENGTH) {
    throw new FilterError(MAX_FILTER_LENGTH, `the filter is longer than ${MAX_FILTER_LENGTH} characters`);
  }
  const tokens = tokenize(input);
  if (tokens[0]?.type === 'end') throw new FilterError(0, 'the filter is empty');
  const parser = new Parser(tokens);
  const node = parser.parseOr(0);
  const rest = parser.peek();
  if (rest.type === ')') throw new FilterError(rest.position, '")" has no matching "("');
  if (rest.type !== 'end') throw unexpected(rest, 'expected "and", "or" or the end of the filter');
  return node;
}

/**
 * Writes a filter back as text in one canonical spelling (lower-case keywords, JSON values, only
 * the parentheses the structure needs); `parseFilter` of the result gives the same tree again.
 */
export function formatFilter(node: FilterNode): string {
  switch (node.kind) {
    case 'and':
    case 'or':
      return `${formatOperand(node.left, node.kind, false)} ${node.kind} ${formatOperand(node.right, node.kind, true)}`;
    case 'not':
      return `not (${formatFilter(node.expr)})`;
    case 'present':
      return `${node.attr} pr`;
    case 'compare':
      return `${node.attr} ${node.op} ${formatValue(node.value)}`;
  }
}

const PRECEDENCE: Record<FilterNode['kind'], number> = { or: 1, and: 2, not: 3, compare: 3, present: 3 };

function formatOperand(child: FilterNode, parent: 'and' | 'or', isRight: boolean): string {
  const text = formatFilter(child);
  const childRank = PRECEDENCE[child.kind];
  const parentRank = PRECEDENCE[parent];
  // The parser folds `a and b and c` to the left, so a right operand of the same rank keeps its
  // shape only inside parentheses.
  return childRank < parentRank || (isRight && childRank === parentRank) ? `(${text})` : text;
}

/** A value as formatFilter writes it. */
export function formatValue(value: FilterValue): string {
  if (typeof value === 'object' && value !== null) return formatRelativeDate(value);
  if (typeof value === 'string') return JSON.stringify(value);
  // String(-0) is "0", which would not parse back to the same number.
  if (typeof value === 'number' && Object.is(value, -0)) return '-0';
  return String(value);
}

class Parser {
  private index = 0;
  private previous: Token | undefined;

  constructor(private readonly tokens: Token[]) {}

  peek(): Token {
    // tokenize always ends the list with an `end` token, and next() never moves past it.
    return this.tokens[this.index]!;
  }

  private next(): Token {
    const token = this.peek();
    if (token.type !== 'end') this.index++;
    this.previous = token;
    return token;
  }

  parseOr(depth: number): FilterNode {
    let left = this.parseAnd(depth);
    while (isKeyword(this.peek(), 'or')) {
      this.next();
      left = { kind: 'or', left, right: this.parseAnd(depth) };
    }
    return left;
  }

  private parseAnd(depth: number): FilterNode {
    let left = this.parseUnary(depth);
    while (isKeyword(this.peek(), 'and')) {
      this.next();
      left = { kind: 'and', left, right: this.parseUnary(depth) };
    }
    return left;
  }

  private parseUnary(depth: number): FilterNode {
    const token = this.peek();
    if (token.type === '(') return this.parseGroup(depth);
    if (isKeyword(token, 'not')) {
      this.next();
      if (this.peek().type !== '(') throw unexpected(this.peek(), `expected "(" after "${token.raw}"`);
      return { kind: 'not', expr: this.parseGroup(depth) };
    }
    if (token.type !== 'word' || isLogical(token)) {
      const after = this.previous ? ` after "${this.previous.raw}"` : '';
      throw unexpected(token, `expected an attribute name${after}`);
    }
    return this.parseComparison();
  }

  private parseGroup(depth: number): FilterNode {
    const open = this.next();
    if (depth >= MAX_FILTER_DEPTH) {
      throw new FilterError(
        open.position,
        `parentheses are nested more than ${MAX_FILTER_DEPTH} levels deep`,
      );
    }
    const expr = this.parseOr(depth + 1);
    const close = this.peek();
    if (close.type === 'end') throw new FilterError(open.position, 'this "(" is never closed');
    if (close.type !== ')') throw unexpected(close, 'expected "and", "or" or ")"');
    this.next();
    return expr;
  }

  private parseComparison(): FilterNode {
    const attr = this.next();
    const opToken = this.peek();
    if (opToken.type !== 'word' || isLogical(opToken)) {
      throw unexpected(opToken, `expected an operator after "${attr.raw}"`);
    }
    const op = opToken.raw.toLowerCase();
    if (op === 'pr') {
      this.next();
      return { kind: 'present', attr: attr.raw, position: attr.position };
    }
    if (!isCompareOp(op)) {
      throw new FilterError(
        opToken.position,
        `unknown operator "${opToken.raw}"; expected one of ${COMPARE_OPS.join(', ')}, pr`,
      );
    }
    this.next();
    const valueToken = this.peek();
    const value = literalValue(valueToken);
    if (value === undefined) throw unexpected(valueToken, `expected a value after "${opToken.raw}"`);
    this.next();
    return { kind: 'compare', attr: attr.raw, op, value, position: attr.position };
  }
}

function literalValue(token: Token): FilterValue | undefined {
  if (token.type === 'string' || token.type === 'number' || token.type === 'date') return token.value;
  if (token.type !== 'word') return undefined;
  switch (token.raw.toLowerCase()) {
    case 'true':
      return true;
    case 'false':
      return false;
    case 'null':
      return null;
    default:
      return undefined;
  }
}

function isCompareOp(word: string): word is CompareOp {
  return (COMPARE_OPS as readonly string[]).includes(word);
}

function isKeyword(token: Token, keyword: 'and' | 'or' | 'not'): boolean {
  return token.type === 'word' && token.raw.toLowerCase() === keyword;
}

function isLogical(token: Token): boolean {
  return isKeyword(token, 'and') || isKeyword(token, 'or') || isKeyword(token, 'not');
}

function unexpected(token: Token, expected: string): FilterError {
  if (token.type === 'end') return new FilterError(token.position, expected);
  return new FilterError(token.position, `${expected}, found ${describe(token)}`);
}

function describe(token: Token): string {
  const raw = token.raw.length > 24 ? `${token.raw.slice(0, 23)}…` : token.raw;
  return token.type === 'string' ? `the string ${raw}` : `"${raw}"`;
}

const WORD = /[A-Za-z][A-Za-z0-9_.]*/y;
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WORD_CHAR = /[A-Za-z0-9_.]/;
const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i]!;
    if (WHITESPACE.has(ch)) {
      i++;
      continue;
    }
    let token: Token;
    const word = matchAt(WORD, input, i);
    if (ch === '(' || ch === ')') token = { type: ch, raw: ch, position: i };
    else if (ch === '"') token = readString(input, i);
    else if (word !== undefined) token = wordOrDate(input, i, word);
    else if (matchAt(NUMBER, input, i) !== undefined) token = readNumber(input, i);
    else throw new FilterError(i, `unexpected character ${JSON.stringify(ch)}`);
    tokens.push(token);
    i += token.raw.length;
  }
  tokens.push({ type: 'end', raw: '', position: input.length });
  return tokens;
}

/** A word, or a relative date when the word is one of its anchors (`now-90d`, `startOfMonth`). */
function wordOrDate(input: string, start: number, word: string): Token {
  const date = readRelativeDate(input, start, start + word.length);
  if (!date) return { type: 'word', raw: word, position: start };
  return { type: 'date', raw: input.slice(start, date.end), position: start, value: date.value };
}

function matchAt(pattern: RegExp, input: string, position: number): string | undefined {
  pattern.lastIndex = position;
  return pattern.exec(input)?.[0];
}

function readNumber(input: string, start: number): Token {
  const raw = matchAt(NUMBER, input, start)!;
  const following = input[start + raw.length];
  if (following !== undefined && WORD_CHAR.test(following)) {
    throw new FilterError(start, `invalid number "${input.slice(start, start + raw.length + 1)}"`);
  }
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new FilterError(start, `the number ${raw} is out of range`);
  return { type: 'number', raw, position: start, value };
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};
const HEX4 = /^[0-9a-fA-F]{4}$/;

/** Reads a JSON string literal starting at the opening quote. */
function readString(input: string, start: number): Token {
  let value = '';
  let chunkStart = start + 1;
  let i = chunkStart;
  while (i < input.length) {
    const ch = input[i]!;
    if (ch === '"') {
      value += input.slice(chunkStart, i);
      // Escapes can spell what PostgreSQL cannot compare (`\u0000`, a lone `\ud800`).
      const problem = unstorableText(value);
      if (problem) throw new FilterError(start, `this string ${problem}`);
      return { type: 'string', raw: input.slice(start, i + 1), position: start, value };
    }
    if (ch !== '\\') {
      i++;
      continue;
    }
    value += input.slice(chunkStart, i);
    const escaped = input[i + 1];
    if (escaped === undefined) break;
    const simple = SIMPLE_ESCAPES[escaped];
    if (simple !== undefined) {
      value += simple;
      i += 2;
    } else if (escaped === 'u' && HEX4.test(input.slice(i + 2, i + 6))) {
      value += String.fromCharCode(Number.parseInt(input.slice(i + 2, i + 6), 16));
      i += 6;
    } else if (escaped === 'u') {
      throw new FilterError(i, '"\\u" must be followed by four hexadecimal digits');
    } else {
      throw new FilterError(i, `invalid escape "\\${escaped}" in a string`);
    }
    chunkStart = i;
  }
  throw new FilterError(start, 'this string is never closed');
}
