import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError, type FieldError, invalid } from '../lib/errors.js';
import { fieldErrorsFromValidation } from './problem.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The service's own checks of the body's fields (a phone number, a state of its country),
     * which throw an `invalid` DomainError listing the bad fields. When the body also fails its
     * schema they run on what the schema let through, so one 400 names every bad field.
     */
    fieldChecks?: (request: FastifyRequest, body: unknown) => Promise<unknown>;
  }
}

type AjvError = Parameters<typeof fieldErrorsFromValidation>[0][number];

/**
 * Failures after which a value cannot be handed to a service at all: the wrong JSON type, or a
 * format the database reads as a typed parameter (an id, a timestamp). A string that is merely
 * not an email address stays, so rules like "a name or an email" still see that one was given.
 */
const unusable = (error: AjvError) =>
  ['type', 'anyOf', 'oneOf'].includes(error.keyword) ||
  (error.keyword === 'format' && ['uuid', 'date-time', 'date'].includes(String(error.params.format)));

const pointerSegment = (segment: string) => segment.replace(/~1/g, '/').replace(/~0/g, '~');

/** A copy of the body without the values the schema found unusable; undefined when that is all of it. */
function usablePart(body: unknown, validation: AjvError[]): unknown {
  let copy: unknown;
  try {
    copy = structuredClone(body);
  } catch {
    return undefined;
  }
  for (const error of validation.filter(unusable)) {
    if (error.instancePath === '') return undefined;
    const segments = error.instancePath.slice(1).split('/').map(pointerSegment);
    const last = segments.pop()!;
    let parent: unknown = copy;
    for (const segment of segments) parent = (parent as Record<string, unknown> | undefined)?.[segment];
    if (Array.isArray(parent)) parent[Number(last)] = undefined;
    else if (parent && typeof parent === 'object') delete (parent as Record<string, unknown>)[last];
  }
  return copy;
}

/** The field errors a route's `fieldChecks` finds, or none when it fails otherwise (e.g. a 404). */
async function serviceFieldErrors(request: FastifyRequest, body: unknown): Promise<FieldError[]> {
  const checks = request.routeOptions.config.fieldChecks!;
  try {
    await checks(request, body);
    return [];
  } catch (error) {
    if (error instanceof DomainError && error.kind === 'invalid' && error.errors) return error.errors;
    return [];
  }
}

/**
 * Makes a body that fails its schema and the service's checks answer with both at once. Routes
 * that declare `fieldChecks` take their schema failure into the request (`attachValidation`);
 * before the handler, the checks run on the usable part of the body and their errors join the
 * schema's (the schema's message wins where both name the same field).
 */
export function registerFieldChecks(app: FastifyInstance) {
  app.addHook('onRoute', (route) => {
    if (route.config?.fieldChecks) route.attachValidation = true;
  });
  app.addHook('preHandler', async (request) => {
    const failure = request.validationError as
      | (Error & { validation?: AjvError[]; validationContext?: string })
      | undefined;
    if (!failure) return;
    if (failure.validationContext !== 'body' || !failure.validation) throw failure;
    const schemaErrors = fieldErrorsFromValidation(failure.validation, 'body');
    const body = usablePart(request.body, failure.validation);
    const found = body === undefined ? [] : await serviceFieldErrors(request, body);
    const named = new Set(schemaErrors.map((e) => e.path));
    const more = found.filter((e) => !named.has(e.path)).map((e) => ({ ...e, in: e.in ?? 'body' }));
    throw invalid('request.invalid', 'The request body has invalid fields.', [...schemaErrors, ...more]);
  });
}
