import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { Logger } from '@nestjs/common';
import { currentActor, currentRequestId, SYSTEM_ACTOR } from '@keyscore/audit';
import { AppLogger, createRootLogger, redactSurveyToken, requestLogging } from './logging';

describe('redactSurveyToken', () => {
  it.each([
    ['/s/abcDEF123_-x?lang=en', '/s/[redacted]?lang=en'],
    ['/api/public/surveys/abcDEF123_-x', '/api/public/surveys/[redacted]'],
    ['/api/surveys/campaigns/123', '/api/surveys/campaigns/123'],
    ['/sessions/abc', '/sessions/abc'],
  ])('%s → %s', (url, expected) => {
    expect(redactSurveyToken(url)).toBe(expected);
  });
});

/** A log line as pino wrote it (only what the tests read is typed). */
interface Line {
  level: number;
  msg: string;
  reqId?: string;
  context?: string;
  res: { statusCode: number };
  err?: { message: string };
  responseTime: unknown;
}

function capture(level: string) {
  const lines: Line[] = [];
  const root = createRootLogger(level, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { root, lines };
}

function exchange(url: string, headers: Record<string, string> = {}) {
  const request = new IncomingMessage(new Socket());
  request.method = 'POST';
  request.url = url;
  request.headers = headers;
  const response = new ServerResponse(request);
  return { request: request as IncomingMessage & { id?: string }, response };
}

/** The response sent: what Node marks once the last byte is handed to the socket. */
function finish(response: ServerResponse, status = 200) {
  response.writeHead(status);
  Object.defineProperty(response, 'writableFinished', { value: true });
  response.emit('finish');
  response.emit('close');
}

describe('requestLogging', () => {
  it('runs the request in its scope under a sane caller id, echoed back', () => {
    const { root } = capture('info');
    const { request, response } = exchange('/api/accounts', { 'x-request-id': 'abc-123' });
    let seen: unknown[] = [];
    requestLogging(root)(request, response, () => (seen = [currentRequestId(), currentActor()]));
    expect(seen).toEqual(['abc-123', SYSTEM_ACTOR]);
    expect(request.id).toBe('abc-123');
    expect(response.getHeader('x-request-id')).toBe('abc-123');
    expect(currentRequestId()).toBeUndefined();
  });

  it('makes up a UUID when the caller id is missing or not sane', () => {
    const { root } = capture('info');
    const { request, response } = exchange('/api/accounts', { 'x-request-id': 'bad id\twith spaces' });
    requestLogging(root)(request, response, () => undefined);
    expect(response.getHeader('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('logs one line per response, at a level by status, without credentials or survey tokens', () => {
    const { root, lines } = capture('info');
    const log = requestLogging(root);
    const first = exchange('/S/secretToken123?lang=en', {
      authorization: 'Bearer sk',
      cookie: 'ks=1',
      referer: 'http://host/s/secretToken123',
    });
    // Before the route matches, the params are the middleware's wildcard, token included.
    Object.assign(first.request, { params: { path: ['S', 'secretToken123'] } });
    log(first.request, first.response, () => undefined);
    finish(first.response, 201);
    const second = exchange('/api/nowhere');
    log(second.request, second.response, () => undefined);
    finish(second.response, 404);
    const third = exchange('/api/boom');
    log(third.request, third.response, () => undefined);
    finish(third.response, 500);
    const fourth = exchange('/api/accounts');
    log(fourth.request, fourth.response, () => undefined);
    fourth.response.emit('close'); // the client went away before the answer

    expect(lines.map((l) => [l.level, l.msg, l.res.statusCode, l.err?.message])).toEqual([
      [30, 'request completed', 201, undefined],
      [40, 'request completed', 404, undefined],
      [50, 'request errored', 500, 'failed with status code 500'],
      [50, 'request errored', null, 'request aborted'],
    ]);
    expect(lines[0]).toMatchObject({
      reqId: first.request.id,
      req: {
        method: 'POST',
        url: '/S/[redacted]?lang=en',
        params: { token: '[redacted]' },
        headers: { authorization: '[redacted]', cookie: '[redacted]', referer: '[redacted]' },
      },
    });
    expect(typeof lines[0].responseTime).toBe('number');
    expect(JSON.stringify(lines)).not.toContain('secretToken123');
  });

  it('leaves /health out, also where a mounted middleware sees it as /', () => {
    const { root, lines } = capture('info');
    const direct = exchange('/health');
    const mounted = exchange('/');
    Object.assign(mounted.request, { originalUrl: '/health' });
    for (const { request, response } of [direct, mounted]) {
      requestLogging(root)(request, response, () => undefined);
      finish(response);
    }
    expect(lines).toEqual([]);
  });

  it('builds nothing for a line the level drops: no listener when silent, no line below it', () => {
    const silent = capture('silent');
    const quiet = exchange('/api/accounts');
    requestLogging(silent.root)(quiet.request, quiet.response, () => undefined);
    expect(quiet.response.listenerCount('finish')).toBe(0);
    expect(quiet.request.id).toBeDefined();

    const warn = capture('warn');
    const ok = exchange('/api/accounts');
    requestLogging(warn.root)(ok.request, ok.response, () => undefined);
    finish(ok.response);
    const refused = exchange('/api/accounts');
    requestLogging(warn.root)(refused.request, refused.response, () => undefined);
    finish(refused.response, 403);
    expect(warn.lines.map((l) => l.res.statusCode)).toEqual([403]);
  });
});

describe('AppLogger (Nest logger on pino)', () => {
  function nestLogger(level = 'info') {
    const { root, lines } = capture(level);
    const app = new AppLogger(root);
    Logger.overrideLogger(app);
    return { lines, logger: new Logger('Cycles') };
  }
  afterEach(() => Logger.overrideLogger(['log', 'error', 'warn']));

  it('passes the context, merges an object and keeps the message', () => {
    const { lines, logger } = nestLogger();
    logger.log('cycle launched');
    logger.warn({ cycleId: 'c1' }, 'stalled');
    expect(lines).toEqual([
      expect.objectContaining({ level: 30, context: 'Cycles', msg: 'cycle launched' }),
      expect.objectContaining({ level: 40, context: 'Cycles', cycleId: 'c1', msg: 'stalled' }),
    ]);
  });

  it('serialises an error and understands the (message, stack, context) call of Nest’s handlers', () => {
    const { lines, logger } = nestLogger();
    logger.error(new Error('boom'));
    logger.error('unhandled', 'Error: unhandled\n    at somewhere (file.ts:1:1)');
    expect(lines[0]).toMatchObject({ level: 50, context: 'Cycles', err: { message: 'boom' } });
    expect(lines[1]).toMatchObject({
      level: 50,
      context: 'Cycles',
      err: { message: 'unhandled', stack: expect.stringContaining('at somewhere') },
    });
    // A logger without a context: the stack is the stack, not a context.
    new Logger().error('no context', 'Error: no context\n    at elsewhere (file.ts:2:2)');
    expect(lines[2]).toMatchObject({ level: 50, err: { message: 'no context' } });
    expect(lines[2].context).toBeUndefined();
  });

  it('adds the request id inside a request and drops what the level hides', () => {
    const { lines, logger } = nestLogger('info');
    const { root } = capture('silent');
    const { request, response } = exchange('/api/accounts', { 'x-request-id': 'req-7' });
    requestLogging(root)(request, response, () => {
      logger.log('inside');
      logger.debug('hidden');
    });
    logger.log('outside');
    expect(lines.map((l) => [l.msg, l.reqId])).toEqual([
      ['inside', 'req-7'],
      ['outside', undefined],
    ]);
  });
});
