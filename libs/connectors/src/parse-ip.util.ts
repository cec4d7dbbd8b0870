import { isIPv4, isIPv6 } from 'node:net';

/** An IP address as a number: 32 bits for IPv4, 128 bits for IPv6. */
export interface ParsedIp {
  family: 4 | 6;
  value: bigint;
}

/**
 * Parses a canonical IPv4 dotted quad or any IPv6 text form (`::`, embedded dotted quad, `%zone`, with or
 * without brackets); null for anything else. Only what node:net accepts is parsed, so there is no
 * second, laxer notion of "an address" to disagree with the socket layer.
 */
export function parseIp(text: string): ParsedIp | null {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const address = bare.split('%')[0]!;
  if (isIPv4(address)) return { family: 4, value: ipv4Value(address) };
  if (!isIPv6(address)) return null;
  let groups = address;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (dotted) {
    const v4 = ipv4Value(dotted[1]!);
    groups = `${address.slice(0, dotted.index)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head, tail] = groups.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const missing = 8 - left.length - right.length;
  const all = tail === undefined ? left : [...left, ...Array<string>(missing).fill('0'), ...right];
  return { family: 6, value: all.reduce((acc, group) => (acc << 16n) | BigInt(`0x${group || '0'}`), 0n) };
}

function ipv4Value(address: string): bigint {
  return address.split('.').reduce((acc, octet) => (acc << 8n) | BigInt(Number(octet)), 0n);
}
