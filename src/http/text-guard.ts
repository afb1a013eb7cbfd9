import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { type FieldError, invalid } from '../lib/errors.js';
import { unstorableText } from '../lib/text.js';

/**
 * How deep JSON may nest. Our deepest input (an order's address inside a line list) is 4
 * levels; the limit keeps a hostile 7,000-deep array from reaching anything recursive (the
 * validator, the serialiser, PostgreSQL's jsonb parser) that could overflow its stack.
 */
export const MAX_JSON_DEPTH = 32;

const pointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Walks a parsed body or query without recursion (a deep document must not overflow our own
 * stack either) and names, by JSON Pointer, each string PostgreSQL cannot store and the first
 * value nested deeper than MAX_JSON_DEPTH.
 */
export function unstorableFields(root: unknown, where: FieldError['in']): FieldError[] {
  const found: FieldError[] = [];
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: root, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      const problem = unstorableText(value);
      if (problem) found.push({ path: path || '/', message: problem, in: where });
      continue;
    }
    if (!value || typeof value !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) {
      found.push({
        path: path || '/',
        message: `must not nest deeper than ${MAX_JSON_DEPTH} levels`,
        in: where,
      });
      return found;
    }
    const entries = Array.isArray(value) ? value.entries() : Object.entries(value);
    for (const [key, item] of entries)
      stack.push({ value: item, path: `${path}/${pointer(String(key))}`, depth: depth + 1 });
  }
  return found.reverse();
}

/** Numbers that are not finite, which Ajv lets through when it coerces "Infinity" or "1e309" (ajv#2212). */
function nonFiniteFields(values: unknown, where: FieldError['in']): FieldError[] {
  if (!values || typeof values !== 'object') return [];
  return Object.entries(values).flatMap(([key, value]) =>
    (Array.isArray(value) ? value : [value]).some((v) => typeof v === 'number' && !Number.isFinite(v))
      ? [{ path: `/${pointer(key)}`, message: 'must be a finite number', in: where }]
      : [],
  );
}

/**
 * Refuses, with a 400 naming each field, input that would otherwise fail deep inside (a
 * database error or a stack overflow is a 500): NUL characters and unpaired surrogates in
 * bodies and queries, JSON nested absurdly deep, and non-finite numbers after validation.
 */
export function registerTextGuard(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    // A file upload's body is the request stream itself (POST /imports): there is nothing parsed
    // to walk, and walking the stream's own object graph would "nest deeper" than the limit.
    const body = request.body instanceof Readable ? undefined : request.body;
    const found = [...unstorableFields(body, 'body'), ...unstorableFields(request.query, 'query')];
    if (found.length > 0) throw invalid('request.invalid', 'The request has invalid fields.', found);
  });
  // Ajv coerces query and path strings to numbers inside validation, so this runs after it.
  app.addHook('preHandler', async (request) => {
    const found = [...nonFiniteFields(request.query, 'query'), ...nonFiniteFields(request.params, 'path')];
    if (found.length > 0) throw invalid('request.invalid', 'The request query has invalid fields.', found);
  });
}
