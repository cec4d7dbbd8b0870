import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConnectorFetchError } from './connector-fetch.error';
import { ConnectorsErrorCode } from './connector-messages';
import { fetchConnectorJson } from './fetch-connector-json.util';
import { vetConnectorUrl, type LookupAll } from './vet-connector-url.util';

/** A resolver that answers from a table: no real DNS in these specs. */
const fakeDns =
  (table: Record<string, string[]>): LookupAll =>
  async (host) => {
    const addresses = table[host];
    if (!addresses) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

const refusal = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ConnectorFetchError)
      return { code: error.code, params: error.params, retryable: error.retryable };
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('vetConnectorUrl', () => {
  const lookup = fakeDns({
    'public.example': ['93.184.216.34'],
    'mixed.example': ['93.184.216.34', '10.0.0.7'],
    'v6.example': ['2606:4700::1', 'fd00::1'],
    'internal.example': ['10.1.2.3'],
  });

  it('accepts a public host and returns the address to pin', async () => {
    await expect(
      vetConnectorUrl('https://public.example/api', { allowlist: [], lookup }),
    ).resolves.toMatchObject({
      address: '93.184.216.34',
      family: 4,
    });
  });

  it.each([
    ['http://127.0.0.1:8080/x', '127.0.0.1', 'loopback'],
    ['http://[::1]/x', '::1', 'loopback'],
    ['http://[::ffff:127.0.0.1]/x', '::ffff:7f00:1', 'IPv4-mapped loopback'],
    ['http://0x7f.1/x', '127.0.0.1', 'loopback'],
    ['http://169.254.169.254/latest/meta-data', '169.254.169.254', 'link-local'],
    ['https://mixed.example/', '10.0.0.7', 'private'],
    ['https://v6.example/', 'fd00::1', 'unique-local'],
  ])('refuses %s (%s is %s)', async (url, address, range) => {
    // IP literals resolve to themselves, as dns.lookup does.
    const literal: LookupAll = async (host) =>
      /^[\d.]+$|:/.test(host) ? [{ address: host, family: host.includes(':') ? 6 : 4 }] : lookup(host);
    expect(await refusal(vetConnectorUrl(url, { allowlist: [], lookup: literal }))).toEqual({
      code: ConnectorsErrorCode.UrlRefused,
      params: expect.objectContaining({ address, range }),
      retryable: false,
    });
  });

  it.each(['ftp://public.example/x', 'file:///etc/passwd', 'https://user:pw@public.example/', 'not a url'])(
    'refuses %s as not an http(s) URL',
    async (url) => {
      expect((await refusal(vetConnectorUrl(url, { allowlist: [], lookup }))).code).toBe(
        ConnectorsErrorCode.UrlInvalid,
      );
    },
  );

  it('lets the allowlist permit a private host by name or by CIDR', async () => {
    await expect(
      vetConnectorUrl('https://internal.example/', { allowlist: ['internal.example'], lookup }),
    ).resolves.toMatchObject({ address: '10.1.2.3' });
    await expect(
      vetConnectorUrl('https://internal.example/', { allowlist: ['10.0.0.0/8'], lookup }),
    ).resolves.toMatchObject({ address: '10.1.2.3' });
    expect(
      (await refusal(vetConnectorUrl('https://internal.example/', { allowlist: ['10.9.0.0/16'], lookup })))
        .code,
    ).toBe(ConnectorsErrorCode.UrlRefused);
  });

  it('reports a host that does not resolve', async () => {
    expect(
      await refusal(vetConnectorUrl('https://nowhere.example/', { allowlist: [], lookup })),
    ).toMatchObject({
      code: ConnectorsErrorCode.UrlUnresolvable,
      params: { host: 'nowhere.example', reason: 'ENOTFOUND' },
    });
  });
});

describe('fetchConnectorJson (against a server on 127.0.0.1)', () => {
  let server: Server;
  let port: number;
  const seen: { url: string; auth?: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ url: req.url ?? '', auth: req.headers.authorization });
      const send = (status: number, body: string, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(body);
      };
      if (req.url === '/data') return send(200, '{"items":[1,2]}');
      if (req.url === '/to-data') return send(302, '', { location: '/data' });
      if (req.url === '/to-metadata')
        return send(302, '', { location: 'http://169.254.169.254/latest/meta-data' });
      if (req.url === '/to-private') return send(301, '', { location: 'http://10.0.0.1/' });
      if (req.url === '/loop') return send(302, '', { location: '/loop' });
      if (req.url === '/no-location') return send(302, '');
      if (req.url === '/busy') return send(503, '{}');
      if (req.url === '/denied') return send(401, '{}');
      if (req.url === '/html') return send(200, '<html>');
      if (req.url === '/big') return send(200, JSON.stringify({ pad: 'x'.repeat(2000) }));
      if (req.url === '/slow') return setTimeout(() => send(200, '{}'), 500);
      return send(404, '{}');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((done) => server.close(done)));

  const local = { allowlist: ['127.0.0.1'] };
  const at = (path: string) => `http://127.0.0.1:${port}${path}`;

  it('fetches JSON from an allowlisted address', async () => {
    await expect(fetchConnectorJson(at('/data'), local)).resolves.toEqual({
      url: at('/data'),
      body: { items: [1, 2] },
    });
  });

  it('refuses 127.0.0.1 without the allowlist, before connecting', async () => {
    const before = seen.length;
    expect((await refusal(fetchConnectorJson(at('/data'), { allowlist: [] }))).code).toBe(
      ConnectorsErrorCode.UrlRefused,
    );
    expect(seen.length).toBe(before);
  });

  it('connects to the vetted address, not to a second DNS answer (pinned)', async () => {
    let calls = 0;
    // A rebinding resolver: the first answer is the checked one, later ones point elsewhere.
    const rebinding: LookupAll = async () => [
      { address: calls++ === 0 ? '127.0.0.1' : '10.0.0.1', family: 4 },
    ];
    const got = await fetchConnectorJson(`http://api.example:${port}/data`, {
      allowlist: ['127.0.0.1'],
      lookup: rebinding,
    });
    expect(got.body).toEqual({ items: [1, 2] });
    expect(calls).toBe(1);
  });

  it('follows a redirect on the same origin, re-checked, with the auth header', async () => {
    const before = seen.length;
    await expect(
      fetchConnectorJson(at('/to-data'), { ...local, headers: { authorization: 'Bearer s3cret' } }),
    ).resolves.toMatchObject({ url: at('/data') });
    expect(seen.slice(before).map((s) => s.auth)).toEqual(['Bearer s3cret', 'Bearer s3cret']);
  });

  it.each([
    ['/to-metadata', '169.254.169.254', 'link-local'],
    ['/to-private', '10.0.0.1', 'private'],
  ])('refuses a redirect from %s to %s', async (path, address, range) => {
    expect(await refusal(fetchConnectorJson(at(path), local))).toMatchObject({
      code: ConnectorsErrorCode.UrlRefused,
      params: { address, range },
      retryable: false,
    });
  });

  it('stops after 3 redirects and refuses a redirect without Location', async () => {
    expect(await refusal(fetchConnectorJson(at('/loop'), local))).toMatchObject({
      code: ConnectorsErrorCode.TooManyRedirects,
      params: { max: 3 },
    });
    expect((await refusal(fetchConnectorJson(at('/no-location'), local))).code).toBe(
      ConnectorsErrorCode.RedirectWithoutLocation,
    );
  });

  it.each([
    ['/busy', ConnectorsErrorCode.HttpServerError, true],
    ['/denied', ConnectorsErrorCode.HttpClientError, false],
    ['/missing', ConnectorsErrorCode.HttpClientError, false],
    ['/html', ConnectorsErrorCode.InvalidJson, false],
  ])('%s fails with %s (retryable: %s)', async (path, code, retryable) => {
    expect(await refusal(fetchConnectorJson(at(path), local))).toMatchObject({ code, retryable });
  });

  it('bounds the size and the time of a response', async () => {
    expect((await refusal(fetchConnectorJson(at('/big'), { ...local, maxBytes: 1000 }))).code).toBe(
      ConnectorsErrorCode.ResponseTooLarge,
    );
    expect(await refusal(fetchConnectorJson(at('/slow'), { ...local, timeoutMs: 100 }))).toMatchObject({
      code: ConnectorsErrorCode.Timeout,
      retryable: true,
    });
  });

  it('refuses a connection that fails, as retryable', async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((done) => closed.close(done));
    expect(await refusal(fetchConnectorJson(`http://127.0.0.1:${closedPort}/`, local))).toMatchObject({
      code: ConnectorsErrorCode.NetworkError,
      retryable: true,
    });
  });
});
