/**
 * One spelling per destination: host names compare case-insensitively and without a trailing dot,
 * IPv4 and IPv6 addresses compare as addresses (`[fd00:0:0::1]` is `fd00::1`). The engine, the lint
 * rules and every printer key and print endpoints with these functions, so `explain` and `simulate`
 * spell one destination the same way (docs/semantics.md, "Addresses").
 */

// Octets in plain decimal: `010.0.0.1` is not an address here (as for inet_pton and node:net; some
// resolvers read it as octal), so it stays a name and compares as text.
const OCTET = '(0|[1-9]\\d{0,2})';
const IPV4 = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}$`);
const HEX_GROUP = /^[0-9a-f]{1,4}$/;
/** Already canonical: a lowercase name or IPv4 address without a trailing dot (the common case). */
const PLAIN_NAME = /^[a-z0-9-]+(?:\.[a-z0-9-]+)*$/;

/** The four octets of a dotted-quad IPv4 address, or undefined. */
function parseIpv4(text: string): number[] | undefined {
  const m = IPV4.exec(text);
  if (!m) return undefined;
  const octets = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
  return octets.every((o) => o <= 255) ? octets : undefined;
}

/** The eight 16-bit groups of an IPv6 address (`::` and an IPv4 tail allowed), or undefined. */
function parseIpv6(text: string): number[] | undefined {
  const s = text.toLowerCase();
  if (!s.includes(':')) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string, last: boolean): number[] | undefined => {
    if (part === '') return [];
    const words = part.split(':');
    const groups: number[] = [];
    for (let i = 0; i < words.length; i++) {
      const w = words[i];
      if (last && i === words.length - 1 && w.includes('.')) {
        const v4 = parseIpv4(w);
        if (!v4) return undefined;
        groups.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      } else if (HEX_GROUP.test(w)) groups.push(parseInt(w, 16));
      else return undefined;
    }
    return groups;
  };
  if (halves.length === 1) {
    const groups = parse(halves[0], true);
    return groups && groups.length === 8 ? groups : undefined;
  }
  const head = parse(halves[0], false);
  const tail = parse(halves[1], true);
  if (!head || !tail || head.length + tail.length > 7) return undefined;
  return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
}

/** RFC 5952 text of eight groups: lowercase, no leading zeros, the longest run (≥ 2) of zeros as `::`. */
function formatIpv6(groups: number[]): string {
  // An IPv4-mapped address is the IPv4 address on the wire (a dual-stack socket dialing
  // ::ffff:10.0.0.1 sends IPv4 packets to 10.0.0.1): one endpoint, spelled as IPv4.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff)
    return `${groups[6] >> 8}.${groups[6] & 255}.${groups[7] >> 8}.${groups[7] & 255}`;
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best === -1) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/** Whether a canonical host is an IPv6 address (it needs brackets before `:port`). */
export function isIpv6Host(host: string): boolean {
  return host.includes(':');
}

/**
 * The canonical spelling of a host: brackets dropped; an IPv6 address in RFC 5952 form; a DNS name in lowercase without a trailing dot. Anything else
 * (a malformed address that the schema reports) is returned lowercased, so it still compares to itself.
 */
export function canonicalHost(address: string): string {
  if (PLAIN_NAME.test(address)) return address;
  let host = address.trim();
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (host.includes(':')) {
    const v6 = parseIpv6(host);
    return v6 ? formatIpv6(v6) : host.toLowerCase();
  }
  host = host.toLowerCase();
  return host.endsWith('.') && host.length > 1 ? host.slice(0, -1) : host;
}

/** `host:port` with the canonical host, an IPv6 address in brackets: `[fd00::1]:443`. */
export function formatEndpoint(address: string, port: number): string {
  const host = canonicalHost(address);
  return isIpv6Host(host) ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * `host:port` with the host as written, an IPv6 address put in brackets (`[fd00::1]:443`): without
 * them the port cannot be told from the address (`fd00::1:443`).
 */
export function joinHostPort(address: string, port: number): string {
  return address.includes(':') && !address.startsWith('[') ? `[${address}]:${port}` : `${address}:${port}`;
}

/** The key endpoints are compared by: the canonical `host:port`. */
export function endpointKey(address: string, port: number): string {
  return formatEndpoint(address, port);
}
