/** One spelling per destination: canonical hosts (IPv4, IPv6 per RFC 5952, DNS names) and host:port. */
import net from 'node:net';
import { canonicalHost, endpointKey, formatEndpoint } from '../../src/core/policy/endpoint';

describe('canonicalHost', () => {
  test.each([
    ['fd00:0:0::1', 'fd00::1'],
    ['[FD00::1]', 'fd00::1'],
    ['fd00:0000:0000:0000:0000:0000:0000:0001', 'fd00::1'],
    ['::', '::'],
    ['::1', '::1'],
    ['1::', '1::'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:0db8:0000:0000:0000:ff00:0042:8329', '2001:db8::ff00:42:8329'],
    ['1:0:0:4:0:0:0:8', '1:0:0:4::8'],
    ['1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8'],
    ['1:0:2:3:4:5:6:7', '1:0:2:3:4:5:6:7'],
    // IPv4-mapped: the IPv4 address it is on the wire.
    ['::ffff:a00:1', '10.0.0.1'],
    ['[::FFFF:10.0.0.1]', '10.0.0.1'],
    ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
    ['API.Example.COM.', 'api.example.com'],
    ['api.example.com', 'api.example.com'],
    ['10.0.0.1', '10.0.0.1'],
    // Not addresses: compared as written (lowercase), never guessed at.
    ['010.0.0.1', '010.0.0.1'],
    ['1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7:8:9'],
    ['x::y', 'x::y'],
  ])('%s → %s', (input, want) => {
    expect(canonicalHost(input)).toBe(want);
  });

  test('every canonical IPv6 address is still the same address (node:net agrees)', () => {
    const samples = ['fd00:0:0::1', '2001:db8:0:0:1:0:0:1', '1:0:0:4:0:0:0:8', '::', 'a:b:c::d:0:0'];
    for (const s of samples) {
      const c = canonicalHost(s);
      expect(net.isIPv6(c)).toBe(true);
      const block = new net.BlockList();
      block.addAddress(s, 'ipv6');
      expect(block.check(c, 'ipv6')).toBe(true);
    }
  });
});

describe('formatEndpoint / endpointKey', () => {
  test('IPv6 in brackets, names and IPv4 plain; spellings of one endpoint share a key', () => {
    expect(formatEndpoint('fd00::1', 443)).toBe('[fd00::1]:443');
    expect(formatEndpoint('[fd00:0:0::1]', 443)).toBe('[fd00::1]:443');
    expect(formatEndpoint('Backend.Internal.', 80)).toBe('backend.internal:80');
    expect(formatEndpoint('10.0.0.1', 80)).toBe('10.0.0.1:80');
    expect(formatEndpoint('[::ffff:10.0.0.1]', 80)).toBe('10.0.0.1:80');
    expect(endpointKey('[fd00:0:0::1]', 443)).toBe(endpointKey('fd00::1', 443));
    expect(endpointKey('fd00::1', 443)).not.toBe(endpointKey('fd00::1', 444));
  });
});
