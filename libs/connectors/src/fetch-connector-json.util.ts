import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { ConnectorFetchError } from './connector-fetch.error';
import { ConnectorsErrorCode } from './connector-messages';
import { vetConnectorUrl, type LookupAll, type VettedTarget } from './vet-connector-url.util';

export const FETCH_TIMEOUT_MS = 10_000;
export const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
export const MAX_REDIRECTS = 3;

export interface FetchConnectorOptions {
  allowlist: readonly string[];
  /** Sent to the first origin only: dropped when a redirect leaves it (like fetch does with Authorization). */
  headers?: Record<string, string>;
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  lookup?: LookupAll;
}

/**
 * GETs a JSON document from a connector source. Every hop is vetted (vetConnectorUrl) and the socket is
 * pinned to the vetted address through the request's `lookup`, so a DNS answer that changes between the
 * check and the connect (rebinding) cannot redirect it. Redirects are followed by hand, each target vetted
 * again, at most `maxRedirects`. Bounded in time and size.
 */
export async function fetchConnectorJson(
  raw: string,
  options: FetchConnectorOptions,
): Promise<{ url: string; body: unknown }> {
  const maxRedirects = options.maxRedirects ?? MAX_REDIRECTS;
  let target = await vetConnectorUrl(raw, options);
  const origin = target.url.origin;
  for (let hop = 0; ; hop++) {
    const headers = target.url.origin === origin ? (options.headers ?? {}) : {};
    const response = await request(target, headers, options);
    if (response.kind === 'body')
      return { url: target.url.toString(), body: parseJson(response.text, target) };
    if (hop >= maxRedirects) {
      throw new ConnectorFetchError(
        ConnectorsErrorCode.TooManyRedirects,
        { max: maxRedirects, location: response.location },
        false,
      );
    }
    const next = new URL(response.location, target.url).toString();
    target = await vetConnectorUrl(next, options);
  }
}

type Outcome = { kind: 'body'; text: string } | { kind: 'redirect'; location: string };

function request(
  target: VettedTarget,
  headers: Record<string, string>,
  options: FetchConnectorOptions,
): Promise<Outcome> {
  const timeoutMs = options.timeoutMs ?? FETCH_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? MAX_RESPONSE_BYTES;
  const url = target.url;
  const shown = `${url.origin}${url.pathname}`; // no query string: it may carry tokens
  // Node asks with `all: true` when it races address families; either way only the vetted address is given.
  const pinned: LookupFunction = (_host, lookupOptions, callback) => {
    if (lookupOptions.all) {
      (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [
        { address: target.address, family: target.family },
      ]);
    } else callback(null, target.address, target.family);
  };
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise<Outcome>((resolve, reject) => {
    const fail = (error: ConnectorFetchError) => {
      clearTimeout(timer);
      req.destroy();
      reject(error);
    };
    const req = transport.request(
      {
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        headers: { accept: 'application/json', 'user-agent': 'keyscore-connector/1', ...headers },
        lookup: pinned,
        agent: false,
      },
      (res: IncomingMessage) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400) {
          res.resume();
          const location = res.headers.location;
          if (!location) {
            fail(new ConnectorFetchError(ConnectorsErrorCode.RedirectWithoutLocation, { status }, false));
            return;
          }
          clearTimeout(timer);
          resolve({ kind: 'redirect', location });
          return;
        }
        if (status < 200 || status >= 300) {
          res.resume();
          const code =
            status >= 500 ? ConnectorsErrorCode.HttpServerError : ConnectorsErrorCode.HttpClientError;
          // 408 and 429 are the server asking to come back later.
          const retryable = status >= 500 || status === 408 || status === 429;
          fail(new ConnectorFetchError(code, { status, url: shown }, retryable));
          return;
        }
        const declared = Number(res.headers['content-length'] ?? 0);
        if (declared > maxBytes) {
          fail(
            new ConnectorFetchError(
              ConnectorsErrorCode.ResponseTooLarge,
              { url: shown, limit: maxBytes },
              false,
            ),
          );
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            fail(
              new ConnectorFetchError(
                ConnectorsErrorCode.ResponseTooLarge,
                { url: shown, limit: maxBytes },
                false,
              ),
            );
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ kind: 'body', text: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', (error: NodeJS.ErrnoException) =>
          fail(
            new ConnectorFetchError(
              ConnectorsErrorCode.NetworkError,
              { url: shown, reason: error.code ?? 'aborted' },
              true,
            ),
          ),
        );
      },
    );
    const timer = setTimeout(
      () =>
        fail(
          new ConnectorFetchError(
            ConnectorsErrorCode.Timeout,
            { url: shown, seconds: timeoutMs / 1000 },
            true,
          ),
        ),
      timeoutMs,
    );
    req.on('error', (error: NodeJS.ErrnoException) =>
      fail(
        new ConnectorFetchError(
          ConnectorsErrorCode.NetworkError,
          { url: shown, reason: error.code ?? 'error' },
          true,
        ),
      ),
    );
    req.end();
  });
}

function parseJson(text: string, target: VettedTarget): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ConnectorFetchError(
      ConnectorsErrorCode.InvalidJson,
      { url: `${target.url.origin}${target.url.pathname}` },
      false,
    );
  }
}
