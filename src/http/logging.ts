import { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { type LoggerOptions, pino } from 'pino';
import pretty from 'pino-pretty';

export type LogFormat = 'pretty' | 'json';

/** LOG_FORMAT when set; else human-readable on a terminal and JSON lines otherwise (a file, a collector). */
export const logFormatOf = (configured: LogFormat | null, stream: { isTTY?: boolean } = process.stdout) =>
  configured ?? (stream.isTTY ? 'pretty' : 'json');

/**
 * Credentials never reach a log line, whoever logs a request or its headers (Fastify's
 * serializers, a plugin, `request.log.info({ headers })`).
 */
const redact: LoggerOptions['redact'] = {
  paths: [
    'req.headers.authorization',
    'req.headers.cookie',
    'headers.authorization',
    'headers.cookie',
    'res.headers["set-cookie"]',
  ],
  censor: '[redacted]',
};

/**
 * The process's logger (the HTTP app's and the worker's): pino's JSON lines, or pino-pretty's
 * one readable line per entry, with its request id in front. Both write synchronously, so the
 * last lines before an exit (a shutdown past its grace) are not lost.
 */
export function createLogger(options: { level: string; format: LogFormat | null }): FastifyBaseLogger {
  const base: LoggerOptions = { level: options.level, redact };
  if (logFormatOf(options.format) === 'json') return pino(base, pino.destination({ dest: 1, sync: true }));
  return pino(
    base,
    pretty({
      colorize: Boolean(process.stdout.isTTY),
      translateTime: 'SYS:HH:MM:ss.l',
      singleLine: true,
      sync: true,
      // The request line's fields are in its message already; the rest stay, on the same line.
      ignore: 'pid,hostname,reqId,method,url,status,ms',
      messageFormat: '{if reqId}[{reqId}] {end}{msg}',
    }),
  );
}

/** Query parameters whose values are credentials or one-time codes, by name. */
const SECRET_PARAMETER = /token|key|secret|pass|code|sig|auth|session|otp/i;

/** A URL as a log line shows it: the values of secret-looking query parameters replaced. */
export function loggableUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      return eq >= 0 && SECRET_PARAMETER.test(name) ? `${name}=[redacted]` : pair;
    })
    .join('&');
  return `${url.slice(0, q)}?${query}`;
}

/**
 * Fastify's log lines without its two per request ("incoming request", "request completed"):
 * registerRequestLogging writes one instead. Its other lines (errors of streams, 404s) stay.
 */
export class OneLinePerRequest extends LogController {
  override incomingRequest() {}
  override requestCompleted() {}
}

/**
 * One line per request, written when its answer has gone (Fastify's own two lines, "incoming
 * request" and "request completed", are turned off in app.ts): method, URL, status, time, and
 * the request id that every other line about it carries too.
 */
export function registerRequestLogging(app: FastifyInstance) {
  app.addHook('onResponse', (request, reply, done) => {
    const url = loggableUrl(request.url);
    const ms = Math.round(reply.elapsedTime * 10) / 10;
    const status = reply.statusCode;
    const line = { method: request.method, url, status, ms };
    const message = `${request.method} ${url} ${status} ${ms} ms`;
    if (status >= 500) request.log.error(line, message);
    else request.log.info(line, message);
    done();
  });
}
