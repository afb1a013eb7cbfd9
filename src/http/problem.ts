import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type ErrorKind, type FieldError } from '../lib/errors.js';
import { sortPatternMessages } from '../lib/list/list-query.js';
import {
  MULTI_LINE_MESSAGE,
  MULTI_LINE_PATTERN,
  SINGLE_LINE_MESSAGE,
  SINGLE_LINE_PATTERN,
} from '../lib/text.js';
import { STORABLE_TIMESTAMP_MESSAGE, STORABLE_TIMESTAMP_PATTERN } from '../lib/timestamps.js';
import { problemInstance } from './request-id.js';
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
  unavailable: 503,
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
  408: 'Request Timeout',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const problemType = (code: string) => `urn:clientele:problem:${code}`;

function problemBody(
  status: number,
  code: string,
  detail: string,
  errors?: FieldError[],
  requestId?: string,
): Problem {
  return {
    type: problemType(code),
    title: titles[status] ?? 'Error',
    status,
    code,
    detail,
    // The request's id, so a support request quoting the body finds the log lines and events.
    ...(requestId ? { instance: problemInstance(requestId), requestId } : {}),
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}

export function sendProblem(
  reply: FastifyReply,
  status: number,
  code: string,
  detail: string,
  errors?: FieldError[],
): FastifyReply {
  const requestId = reply.request.id;
  return (
    reply
      .status(status)
      .type('application/problem+json')
      // Also here: the router's own refusals (frameworkErrors) come before the onRequest hooks.
      .header('x-request-id', requestId)
      .send(problemBody(status, code, detail, errors, requestId))
  );
}

/** What Node's HTTP parser refused, as a status, a stable code and a sentence. */
function clientErrorProblem(error: NodeJS.ErrnoException & { reason?: string }): Problem {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return problemBody(
        431,
        'request.header_too_large',
        'The request line and headers together must fit in 16 KB; a URL that long is refused.',
      );
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return problemBody(408, 'request.timeout', 'The request did not arrive in time.');
    case 'HPE_INVALID_METHOD':
      return problemBody(
        400,
        'request.invalid_method',
        'The request method is not an HTTP method (or bytes after a body ran past its Content-Length).',
      );
    default:
      return problemBody(
        400,
        'request.malformed',
        `The request is not valid HTTP/1.1 (${error.reason ?? 'parse error'}): check the request line, the bytes of the URL (spaces and non-ASCII characters must be percent-encoded) and Content-Length.`,
      );
  }
}

/**
 * Answers what Node's HTTP parser refuses before Fastify sees a request (a bad method, raw
 * spaces or invalid bytes in the URL, a Content-Length that does not fit, a URL past 16 KB)
 * with the same problem+json as every other error. As in Node's own handler, an answer is
 * written only while nothing else has been on this connection, so it cannot land inside
 * another response; then the connection is closed, since the byte stream can't be trusted.
 */
export function answerClientError(error: Error, socket: Duplex & { bytesWritten?: number }) {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable && socket.bytesWritten === 0) {
    const problem = clientErrorProblem(error);
    const body = JSON.stringify(problem);
    socket.write(
      `HTTP/1.1 ${problem.status} ${problem.title}\r\n` +
        'Content-Type: application/problem+json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  }
  socket.destroy(error);
}

type AjvError = {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
};

const preferred = new Set(['pattern', 'format', 'enum', 'required', 'additionalProperties']);

const patternMessages: Record<string, string> = {
  '^[A-Z]{2}$': 'must be a two-letter ISO 3166-1 country code, e.g. US',
  '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$': 'must be a language tag such as en or en-US',
  '^[A-Z]{3}$': 'must be a three-letter ISO 4217 currency code, e.g. USD',
  [SINGLE_LINE_PATTERN]: SINGLE_LINE_MESSAGE,
  [MULTI_LINE_PATTERN]: MULTI_LINE_MESSAGE,
  [STORABLE_TIMESTAMP_PATTERN]: STORABLE_TIMESTAMP_MESSAGE,
};

/** Ajv's messages, reworded for the people who read them under a form field. */
function messageOf(error: AjvError): string {
  const p = error.params;
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a known field';
    case 'format':
      return `must be a valid ${String(p.format).replace('date-time', 'date and time (ISO 8601)')}`;
    case 'minLength':
      return p.limit === 1 ? 'must not be empty' : `must be at least ${p.limit} characters`;
    case 'maxLength':
      return `must be at most ${p.limit} characters`;
    case 'pattern':
      return (
        patternMessages[String(p.pattern)] ??
        sortPatternMessages.get(String(p.pattern)) ??
        'has the wrong format'
      );
    case 'enum':
      return `must be one of: ${(p.allowedValues as unknown[]).join(', ')}`;
    case 'type':
      return `must be ${/^[aeiou]/.test(String(p.type)) ? 'an' : 'a'} ${String(p.type).replace(',', ' or ')}`;
    case 'maxItems':
      return `must have at most ${p.limit} items`;
    case 'minProperties':
      return 'must name at least one field';
    default:
      return error.message ?? 'is invalid';
  }
}

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
  const byPath = new Map<string, FieldError & { keyword: string }>();
  for (const error of validation) {
    let path = error.instancePath || '';
    if (error.keyword === 'required') path = `${path}/${String(error.params.missingProperty)}`;
    if (error.keyword === 'additionalProperties') path = `${path}/${String(error.params.additionalProperty)}`;
    const message = messageOf(error);
    if (path === '') path = '/';
    // One message per field: the one that says what is expected (a format) beats a length.
    const current = byPath.get(path);
    if (!current || (preferred.has(error.keyword) && !preferred.has(current.keyword))) {
      byPath.set(path, { path, message, in: location, keyword: error.keyword });
    }
  }
  return [...byPath.values()].map(({ keyword: _keyword, ...field }) => field);
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

  // Node would answer a missing Host with a bare 400 of its own; app.ts turns that off
  // (requireHostHeader) so that the refusal is a problem like every other.
  app.addHook('onRequest', async (request, reply) => {
    if (request.raw.httpVersion === '1.1' && !request.headers.host)
      return sendProblem(reply, 400, 'request.host_required', 'An HTTP/1.1 request must send a Host header.');
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, 404, 'route.not_found', `No route ${request.method} ${request.url.split('?')[0]}.`),
  );
}
