import { lookup as dnsLookup } from 'node:dns/promises';
import { blockedAddressRange } from './blocked-address.util';
import { isAllowlisted } from './connector-allowlist.util';
import { ConnectorFetchError } from './connector-fetch.error';
import { ConnectorsErrorCode, rangeNameZh } from './connector-messages';

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Resolves a host name to all its addresses (dns.lookup with `all: true`: the system resolver's view). */
export type LookupAll = (host: string) => Promise<ResolvedAddress[]>;

export const systemLookup: LookupAll = (host) => dnsLookup(host, { all: true, verbatim: true });

/** A URL that may be called, and the address it was checked against: the request must connect to it. */
export interface VettedTarget {
  url: URL;
  address: string;
  family: 4 | 6;
}

/**
 * Checks a connector URL before anything connects: http or https only, no credentials in it, and every
 * address its host resolves to is public — or permitted by the allowlist. Refusing when ANY address is
 * private stops a name with one public and one private record from reaching the private one.
 */
export async function vetConnectorUrl(
  raw: string,
  options: { allowlist: readonly string[]; lookup?: LookupAll },
): Promise<VettedTarget> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConnectorFetchError(ConnectorsErrorCode.UrlInvalid, { value: raw }, false);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password) {
    throw new ConnectorFetchError(ConnectorsErrorCode.UrlInvalid, { value: url.protocol }, false);
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: ResolvedAddress[];
  try {
    addresses = await (options.lookup ?? systemLookup)(host);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'lookup failed';
    // Resolver failures may be passing: retried when they happen during a pull.
    throw new ConnectorFetchError(ConnectorsErrorCode.UrlUnresolvable, { host, reason }, true);
  }
  if (!addresses.length) {
    throw new ConnectorFetchError(ConnectorsErrorCode.UrlUnresolvable, { host, reason: 'no address' }, true);
  }
  for (const { address } of addresses) {
    const range = blockedAddressRange(address);
    if (range && !isAllowlisted(options.allowlist, host, address)) {
      throw new ConnectorFetchError(
        ConnectorsErrorCode.UrlRefused,
        { host, address, range, rangeZh: rangeNameZh(range) },
        false,
      );
    }
  }
  const first = addresses[0]!;
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}
