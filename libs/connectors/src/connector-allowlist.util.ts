import { inRange } from './blocked-address.util';
import { parseIp } from './parse-ip.util';

/**
 * Whether CONNECTOR_ALLOWLIST permits a private address: an entry is a host name (exact, case-insensitive),
 * an IP address, or a CIDR block (`10.20.0.0/16`, `fd00::/8`). A host name entry permits whatever that
 * name resolves to; an address or CIDR entry permits matching resolved addresses under any name.
 */
export function isAllowlisted(allowlist: readonly string[], host: string, address: string): boolean {
  const name = host.replace(/^\[|\]$/g, '').toLowerCase();
  const ip = parseIp(address);
  return allowlist.some((raw) => {
    const entry = raw.trim().toLowerCase();
    if (!entry) return false;
    const [base, bits] = entry.split('/') as [string, string | undefined];
    const parsed = parseIp(base);
    if (!parsed) return bits === undefined && entry === name;
    if (!ip) return false;
    const width = parsed.family === 4 ? 32 : 128;
    const prefix = bits === undefined ? width : Number(bits);
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > width) return false;
    return inRange(ip, { family: parsed.family, base: parsed.value, bits: prefix });
  });
}
