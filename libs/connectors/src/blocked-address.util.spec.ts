import { blockedAddressRange } from './blocked-address.util';
import { isAllowlisted } from './connector-allowlist.util';
import { parseIp } from './parse-ip.util';

describe('blockedAddressRange', () => {
  it.each([
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.254', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.255', 'carrier-grade NAT'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf:ffff::1', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456:789a::1', 'unique-local'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback'],
    ['::ffff:10.1.2.3', 'IPv4-mapped private'],
    ['::ffff:169.254.169.254', 'IPv4-mapped link-local'],
    ['::127.0.0.1', 'IPv4-compatible loopback'],
    ['64:ff9b::a9fe:a9fe', 'NAT64 link-local'],
    ['2002:c0a8:0101::1', '6to4 private'],
    ['[::1]', 'loopback'],
    ['localhost', 'not an IP address'],
    ['127.1', 'not an IP address'],
  ])('refuses %s (%s)', (address, range) => {
    expect(blockedAddressRange(address)).toBe(range);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '172.15.255.255',
    '172.32.0.0',
    '100.63.255.255',
    '100.128.0.0',
    '192.169.0.1',
    '11.0.0.1',
    '2606:4700:4700::1111',
    '2001:4860:4860::8888',
    '::ffff:8.8.8.8',
    'fec0::1'.replace('fec0', '2a00'),
  ])('lets the public address %s through', (address) => {
    expect(blockedAddressRange(address)).toBeNull();
  });
});

describe('parseIp', () => {
  it('reads IPv6 forms with the same value', () => {
    expect(parseIp('::ffff:127.0.0.1')).toEqual(parseIp('0:0:0:0:0:ffff:7f00:0001'));
    expect(parseIp('2001:db8::1')?.value).toBe(0x20010db8000000000000000000000001n);
  });
});

describe('isAllowlisted', () => {
  it.each([
    [['127.0.0.1'], 'localhost', '127.0.0.1', true],
    [['127.0.0.1'], '127.0.0.1', '127.0.0.2', false],
    [['localhost'], 'LOCALHOST', '127.0.0.1', true],
    [['localhost'], 'localhost.example', '127.0.0.1', false],
    [['10.20.0.0/16'], 'crm.internal', '10.20.3.4', true],
    [['10.20.0.0/16'], 'crm.internal', '10.21.3.4', false],
    [['fd00::/8'], 'erp', 'fd00::5', true],
    [['fd00::/8'], 'erp', '10.0.0.1', false],
    [[' crm.internal ', ''], 'crm.internal', '10.0.0.1', true],
    [['10.0.0.0/33'], 'x', '10.0.0.1', false],
    [[], '127.0.0.1', '127.0.0.1', false],
  ])('%j permits %s at %s: %s', (allowlist, host, address, expected) => {
    expect(isAllowlisted(allowlist, host, address)).toBe(expected);
  });
});
