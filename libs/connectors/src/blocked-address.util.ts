import { parseIp, type ParsedIp } from './parse-ip.util';

interface Range {
  family: 4 | 6;
  base: bigint;
  bits: number;
  name: string;
}

const range = (cidr: string, name: string): Range => {
  const [address, bits] = cidr.split('/') as [string, string];
  const parsed = parseIp(address)!;
  return { family: parsed.family, base: parsed.value, bits: Number(bits), name };
};

/** Where a connector must never connect, unless the allowlist says so. */
const BLOCKED: readonly Range[] = [
  range('0.0.0.0/8', 'unspecified'),
  range('10.0.0.0/8', 'private'),
  range('100.64.0.0/10', 'carrier-grade NAT'),
  range('127.0.0.0/8', 'loopback'),
  range('169.254.0.0/16', 'link-local'),
  range('172.16.0.0/12', 'private'),
  range('192.0.0.0/24', 'IETF protocol assignments'),
  range('192.168.0.0/16', 'private'),
  range('198.18.0.0/15', 'benchmarking'),
  range('224.0.0.0/4', 'multicast'),
  range('240.0.0.0/4', 'reserved'),
  range('::/128', 'unspecified'),
  range('::1/128', 'loopback'),
  range('fc00::/7', 'unique-local'),
  range('fe80::/10', 'link-local'),
  range('fec0::/10', 'site-local'),
  range('ff00::/8', 'multicast'),
  range('100::/64', 'discard-only'),
];

/** IPv6 prefixes that carry an IPv4 address in their low 32 bits: that address is what gets reached. */
const EMBEDDING_V4: readonly Range[] = [
  range('::ffff:0:0/96', 'IPv4-mapped'),
  range('::/96', 'IPv4-compatible'),
  range('64:ff9b::/96', 'NAT64'),
  range('64:ff9b:1::/48', 'NAT64'),
];

export function inRange(ip: ParsedIp, r: Range | { family: 4 | 6; base: bigint; bits: number }): boolean {
  if (ip.family !== r.family) return false;
  const width = ip.family === 4 ? 32 : 128;
  const shift = BigInt(width - r.bits);
  return ip.value >> shift === r.base >> shift;
}

/**
 * The name of the forbidden range an address falls in (private, loopback, link-local, unique-local,
 * unspecified, multicast, …, including IPv4 addresses embedded in IPv6), or null when it is public.
 * Text that is not an IP address is refused too: the caller must pass resolved addresses.
 */
export function blockedAddressRange(address: string): string | null {
  const ip = parseIp(address);
  if (!ip) return 'not an IP address';
  const hit = BLOCKED.find((r) => inRange(ip, r));
  if (hit) return hit.name;
  if (ip.family === 6) {
    const embedding = EMBEDDING_V4.find((r) => inRange(ip, r));
    if (embedding) {
      const inner = blockedV4(ip.value & 0xffffffffn);
      if (inner) return `${embedding.name} ${inner}`;
    }
    if (inRange(ip, range('2002::/16', '6to4'))) {
      const inner = blockedV4((ip.value >> 80n) & 0xffffffffn);
      if (inner) return `6to4 ${inner}`;
    }
  }
  return null;
}

function blockedV4(value: bigint): string | null {
  const ip: ParsedIp = { family: 4, value };
  return BLOCKED.find((r) => inRange(ip, r))?.name ?? null;
}
