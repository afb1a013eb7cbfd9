import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type ErrorKind, type FieldError } from '../lib/errors.js';
import type { Problem } from './schemas.js';

const statusOf: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  rule_broken: 422,
  rate_limited: 429,
};

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export const problemType = (code: string) => `urn:clientele:problem:${code}`;

export function sendProblem(
  reply: FastifyReply,
  status: number,
  code: string,
  detail: string,
  errors?: FieldError[],
): FastifyReply {
  const body: Problem = {
    type: problemType(code),
    title: titles[status] ?? 'Error',
    status,
    code,
    detail,
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
  return reply.status(status).type('application/problem+json').send(body);
}

type AjvError = { instancePath: string; keyword: string; message?: string; params: Record<string, unknown> };

const locationOf = (context: string | undefined): FieldError['in'] => {
  switch (context) {
    case 'querystring':
      return 'query';
    case 'params':
      return 'path';
    case 'headers':
      return 'header';
    default:
      return 'body';
  }
};

/** Turns Ajv's errors into one entry per bad field, named by JSON Pointer. */
export function fieldErrorsFromValidation(validation: AjvError[], context?: string): FieldError[] {
  const location = locationOf(context);
  const byPath = new Map<string, FieldError>();
  for (const error of validation) {
    let path = error.instancePath || '';
    let message = error.message ?? 'is invalid';
    if (error.keyword === 'required') {
      path = `${path}/${String(error.params.missingProperty)}`;
      message = 'is required';
    } else if (error.keyword === 'additionalProperties') {
      path = `${path}/${String(error.params.additionalProperty)}`;
      message = 'is not a known field';
    } else if (error.keyword === 'format') {
      message = `must be a valid ${String(error.params.format)}`;
    }
    if (path === '') path = '/';
    if (!byPath.has(path)) byPath.set(path, { path, message, in: location });
  }
  return [...byPath.values()];
}

/** The single place where failures become HTTP answers. */
export function registerProblemHandlers(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError | DomainError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof DomainError) {
      return sendProblem(reply, statusOf[error.kind], error.code, error.message, error.errors);
    }
    const fastifyError = error as FastifyError & { validation?: AjvError[]; validationContext?: string };
    if (fastifyError.validation) {
      const errors = fieldErrorsFromValidation(fastifyError.validation, fastifyError.validationContext);
      const where =
        fastifyError.validationContext === 'querystring'
          ? 'query'
          : (fastifyError.validationContext ?? 'body');
      return sendProblem(reply, 400, 'request.invalid', `The request ${where} has invalid fields.`, errors);
    }
    const status = fastifyError.statusCode;
    if (status && status >= 400 && status < 500) {
      const code =
        status === 429 ? 'request.rate_limited' : `request.${(fastifyError.code ?? 'invalid').toLowerCase()}`;
      return sendProblem(reply, status, code, fastifyError.message);
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(reply, 500, 'internal', 'Something went wrong on our side; it has been logged.');
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, 404, 'route.not_found', `No route ${request.method} ${request.url.split('?')[0]}.`),
  );
}
