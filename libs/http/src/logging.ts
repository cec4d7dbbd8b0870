import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LoggerService } from '@nestjs/common';
import { pino, stdSerializers, type DestinationStream, type Level, type Logger } from 'pino';
import { currentRequestId, runInRequestScope } from '@keyscore/audit';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Personal survey links carry their secret in the path (`/s/<token>`); logs keep the route, not the token.
 * Case-insensitive, as Express routes: `/S/<token>` reaches the page too.
 */
const SURVEY_TOKEN_PATH = /^(\/(?:s|api\/public\/surveys)\/)[^/?#]+/i;

export function redactSurveyToken(url: string): string {
  return url.replace(SURVEY_TOKEN_PATH, '$1[redacted]');
}

/** Credentials never reach a log line. */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["x-keyscore-signature"]',
  // The survey page posts to itself: its referer is a personal link.
  'req.headers.referer',
  'res.headers["set-cookie"]',
];

/** The process's one pino logger: JSON lines on stdout (or `destination`), credentials redacted. */
export function createRootLogger(level: string, destination?: DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, destination);
}

/** The caller's X-Request-Id when it looks sane, else a new UUID. */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

type Request = IncomingMessage & { id?: string; originalUrl?: string };

/**
 * The first middleware of every request: gives it an id (echoed as X-Request-Id, read by the error
 * filter), runs it in its request scope (actor and id, for the audit log and every log line), and logs one
 * line when the response is done — info, warn for 4xx, error for 5xx — except for /health.
 *
 * Nothing is built for a line that the level drops: at `silent` a request costs an id and a scope, no
 * listeners and no serialised request (pino-http bound a serialised, redacted request to a child logger
 * for every request, whatever the level: about a fifth of a public survey submit's CPU time).
 */
export function requestLogging(root: Logger) {
  return (request: Request, response: ServerResponse, next: () => void): void => {
    const id = requestIdOf(request);
    request.id = id;
    response.setHeader('X-Request-Id', id);
    // 'error' is the highest level a completion line takes: below it, no line can be written.
    // Under a mounted middleware `url` is relative to the mount point: `originalUrl` is the request's own.
    if (root.isLevelEnabled('error') && (request.originalUrl ?? request.url) !== '/health') {
      const started = Date.now();
      const done = (error?: Error) => {
        response.removeListener('finish', done);
        response.removeListener('close', done);
        response.removeListener('error', done);
        // Closed before the answer was sent: the client went away (the status code still reads 200).
        const aborted = !error && !response.writableFinished ? new Error('request aborted') : undefined;
        logCompleted(root, request, response, Date.now() - started, error ?? aborted);
      };
      response.on('finish', done);
      response.on('close', done);
      response.on('error', done);
    }
    runInRequestScope(id, next);
  };
}

function logCompleted(
  root: Logger,
  request: Request,
  response: ServerResponse,
  responseTime: number,
  error?: Error,
): void {
  const failed = error !== undefined || response.statusCode >= 500;
  const level: Level = failed ? 'error' : response.statusCode >= 400 ? 'warn' : 'info';
  if (!root.isLevelEnabled(level)) return;
  const req = stdSerializers.req(request);
  const url = request.originalUrl ?? request.url ?? '';
  const line: Record<string, unknown> = {
    reqId: request.id,
    req: SURVEY_TOKEN_PATH.test(url)
      ? // Not req.params: before the route matched it holds the middleware's `path` wildcard, token included.
        { ...req, url: redactSurveyToken(url), params: { token: '[redacted]' } }
      : req,
    res: stdSerializers.res(response),
    responseTime,
  };
  if (!failed) return root[level](line, 'request completed');
  line.err = error ?? new Error(`failed with status code ${response.statusCode}`);
  root[level](line, 'request errored');
}

/** What a stack trace looks like (Nest's own test). */
const STACK = /\n\s*at /;

/** Nest's log levels on pino's. */
const LEVELS = {
  verbose: 'trace',
  debug: 'debug',
  log: 'info',
  warn: 'warn',
  error: 'error',
  fatal: 'fatal',
} as const;

/**
 * Nest's logger on the root pino logger (what `app.useLogger` takes). Nest's `Logger` passes the context
 * last: `new Logger('Cycles').warn({ cycleId }, 'stalled')` logs `{ context, cycleId, msg }`. Inside an HTTP
 * request every line also carries the request's `reqId`.
 */
export class AppLogger implements LoggerService {
  constructor(readonly root: Logger) {}

  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('verbose', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  log(message: unknown, ...rest: unknown[]): void {
    this.write('log', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(nestLevel: keyof typeof LEVELS, message: unknown, rest: unknown[]): void {
    const level = LEVELS[nestLevel];
    if (!this.root.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = {};
    const reqId = currentRequestId();
    if (reqId) fields.reqId = reqId;
    // Nest's Logger passes its context last (and `undefined` for a missing stack before it); a last
    // argument that is a stack trace is no context: `error(message, stack)` from a logger without one.
    const last = rest[rest.length - 1];
    const hasContext = rest.length > 0 && !(typeof last === 'string' && STACK.test(last));
    const params = (hasContext ? rest.slice(0, -1) : rest).filter((param) => param !== undefined);
    if (hasContext) fields.context = last;
    if (message instanceof Error) {
      fields.err = message;
      return this.root[level](fields, ...(params as [string]));
    }
    if (typeof message === 'object' && message !== null) {
      Object.assign(fields, message);
      return this.root[level](fields, ...(params as [string]));
    }
    // Nest's own exception handlers call error(message, stack, context).
    const [stack] = params;
    if (level === 'error' && params.length === 1 && typeof stack === 'string' && STACK.test(stack)) {
      const error = new Error(String(message));
      error.stack = stack;
      fields.err = error;
      return this.root.error(fields);
    }
    this.root[level](fields, String(message), ...(params as []));
  }
}
