import type { FastifyInstance } from 'fastify';
import { type FieldError, invalid } from '../lib/errors.js';

/** Finds strings holding a NUL character, which PostgreSQL text cannot store, by JSON Pointer. */
function nulFields(value: unknown, path: string, found: FieldError[], where: FieldError['in']) {
  if (typeof value === 'string') {
    if (value.includes('\u0000'))
      found.push({ path: path || '/', message: 'must not contain NUL characters', in: where });
  } else if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) nulFields(item, `${path}/${i}`, found, where);
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value))
      nulFields(item, `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, found, where);
  }
}

/**
 * Refuses NUL characters in request bodies and queries with a 400 naming each field, before
 * they reach the database (PostgreSQL rejects them with an error that would otherwise be a 500).
 */
export function registerTextGuard(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    const found: FieldError[] = [];
    nulFields(request.body, '', found, 'body');
    nulFields(request.query, '', found, 'query');
    if (found.length > 0) throw invalid('request.invalid', 'The request has invalid fields.', found);
  });
}
