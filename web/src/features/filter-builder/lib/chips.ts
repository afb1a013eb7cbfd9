import {
  type CompareOp,
  type FilterNode,
  type FilterValue,
  formatFilter,
  parseFilter,
} from '@server/lib/filter/filter-parser.js';

/** What a chip can say about one field: a comparison, "has a value" (`pr`) or "is empty" (`not (… pr)`). */
export type ChipOp = CompareOp | 'pr' | 'empty';

/** One condition of the filter, as the builder shows it. */
export interface FilterChip {
  /** The attribute as the filter names it (`country`, `attributes.tier`). */
  attr: string;
  op: ChipOp;
  /** The literal compared with; null for `pr` and `empty`. */
  value: FilterValue;
  /** Where the condition starts in the filter text it was read from, to match the server's errors. */
  position?: number;
}

export type ReadFilter =
  | { kind: 'chips'; chips: FilterChip[] }
  /** Parses, but uses `or`, `not` around more than one field, or parentheses: only the text can show it. */
  | { kind: 'expression' }
  | { kind: 'invalid'; position: number; message: string };

function leafChip(node: FilterNode): FilterChip | null {
  if (node.kind === 'compare')
    return { attr: node.attr, op: node.op, value: node.value, position: node.position };
  if (node.kind === 'present') return { attr: node.attr, op: 'pr', value: null, position: node.position };
  if (node.kind === 'not' && node.expr.kind === 'present')
    return { attr: node.expr.attr, op: 'empty', value: null, position: node.expr.position };
  return null;
}

/** The `and` operands of a tree, left to right (the parser folds `a and b and c` to the left). */
function conjuncts(node: FilterNode): FilterNode[] {
  return node.kind === 'and' ? [...conjuncts(node.left), ...conjuncts(node.right)] : [node];
}

/**
 * Reads a filter as chips joined by `and`, with the parser the server uses, so the builder and the
 * API never disagree about what the text says. An empty filter is no chips.
 */
export function readFilter(text: string): ReadFilter {
  if (!text.trim()) return { kind: 'chips', chips: [] };
  let node: FilterNode;
  try {
    node = parseFilter(text);
  } catch (error) {
    const { position = 0, detail = String(error) } = error as { position?: number; detail?: string };
    return { kind: 'invalid', position, message: detail };
  }
  const chips: FilterChip[] = [];
  for (const term of conjuncts(node)) {
    const chip = leafChip(term);
    if (!chip) return { kind: 'expression' };
    chips.push(chip);
  }
  return { kind: 'chips', chips };
}

function chipNode(chip: FilterChip): FilterNode {
  const position = 0;
  if (chip.op === 'pr') return { kind: 'present', attr: chip.attr, position };
  if (chip.op === 'empty') return { kind: 'not', expr: { kind: 'present', attr: chip.attr, position } };
  return { kind: 'compare', attr: chip.attr, op: chip.op, value: chip.value, position };
}

/** One chip as filter text, in the canonical spelling (`totalSpent gt 5000`, `not (tags pr)`). */
export const printChip = (chip: FilterChip): string => formatFilter(chipNode(chip));

/** The chips as the `filter` parameter: their conditions joined with `and`, in order. */
export const printChips = (chips: readonly FilterChip[]): string => chips.map(printChip).join(' and ');

/**
 * The chip a server error points at: the one whose condition starts at the error's position, or
 * else the last one starting before it (a fault inside a condition, such as a relative date's unit).
 */
export function chipAtPosition(chips: readonly FilterChip[], position: number): number {
  let found = -1;
  chips.forEach((chip, index) => {
    if (chip.position !== undefined && chip.position <= position) found = index;
  });
  return found;
}

/** The position a filter error's message names ("Invalid filter at position 11: …"), if any. */
export function errorPosition(message: string): number | null {
  const match = /at position (\d+)/.exec(message);
  return match ? Number(match[1]) : null;
}

/** An error message without its "Invalid filter at position N:" lead, for a chip that already points. */
export const errorReason = (message: string): string => {
  const reason = message.replace(/^Invalid filter at position \d+:\s*/, '');
  return reason.charAt(0).toUpperCase() + reason.slice(1);
};
