import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Personal survey links carry their secret in the path (`/s/<token>`); logs keep the route, not the token. */
const SURVEY_TOKEN_PATH = /^(\/(?:s|api\/public\/surveys)\/)[^/?#]+/;

export function redactSurveyToken(url: string): string {
  return url.replace(SURVEY_TOKEN_PATH, '$1[redacted]');
}

/**
 * JSON logs (pino) with a request id on every line of a request: the caller's X-Request-Id when it looks
 * sane, else a new UUID, echoed back in the response. Credentials are redacted.
 */
export function loggingParams(level: string): Params {
  return {
    pinoHttp: {
      level,
      genReqId: (request: IncomingMessage, response) => {
        const given = request.headers['x-request-id'];
        const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
        response.setHeader('X-Request-Id', id);
        return id;
      },
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers["x-api-key"]',
          'req.headers["x-keyscore-signature"]',
          'res.headers["set-cookie"]',
        ],
        censor: '[redacted]',
      },
      serializers: {
        req: (req: { url?: string; params?: Record<string, unknown> }) =>
          req.url && SURVEY_TOKEN_PATH.test(req.url)
            ? { ...req, url: redactSurveyToken(req.url), params: { ...req.params, token: '[redacted]' } }
            : req,
      },
      customLogLevel: (_request, response, error) =>
        error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
      autoLogging: { ignore: (request) => request.url === '/health' },
    },
  };
}
