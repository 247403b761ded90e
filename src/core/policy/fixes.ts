/**
 * Concrete fixes for a connection result: which resource to add or which field to change, with
 * the YAML to paste. Every PLAINTEXT or REJECTED result gets at least one.
 */
import { CORE_API_VERSION, DEFAULT_NAMESPACE } from '../manifest/types';
import { canonicalHost, formatEndpoint } from './endpoint';
import type { Decision } from './decision';
import { firstMissByOne } from './near-miss';
import type { ReasonCode } from './reasons';
import type { IdentityEntry, WorkloadEntry } from './snapshot';
import type { Hint, LazyRef, Peer } from './types';
import type { YamlValue } from './yaml-snippet';

const ref = (identity: IdentityEntry, path: string): LazyRef => ({ origin: identity.origin, path });

/** An RFC 1123 name derived from a workload or host name. */
function dnsName(s: string): string {
  const n = s
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  return n.slice(0, 63) || 'workload';
}

function peerName(peer: Peer): string {
  return dnsName(
    peer.name ?? peer.attributes['k8s:label:app'] ?? peer.attributes['process:name'] ?? 'workload',
  );
}

function identityYaml(peer: Peer): YamlValue {
  const name = peerName(peer);
  const ns = peer.attributes['k8s:pod:namespace'];
  const spec: Record<string, YamlValue> = {
    workloadID: ns ? `${ns}/${name}` : name,
    selectors: [
      Object.keys(peer.attributes).length ? { ...peer.attributes } : { 'process:name': '<process name>' },
    ],
  };
  if (peer.daemonGroup) spec.scope = { daemonGroup: { id: peer.daemonGroup } };
  else if (peer.daemon) spec.scope = { daemon: { id: peer.daemon } };
  return {
    apiVersion: CORE_API_VERSION,
    kind: 'WorkloadIdentity',
    metadata: { name, namespace: DEFAULT_NAMESPACE },
    spec,
  };
}

function enrollHints(
  reason: ReasonCode,
  w: WorkloadEntry,
  role: 'source' | 'destination',
  d: Decision,
): Hint[] {
  const hints: Hint[] = [];
  const who = w.peer.name ? `"${w.peer.name}"` : `the ${role}`;
  // A near miss off by one or two keys: say exactly what to change.
  const bestMiss = firstMissByOne(d.snapshot, w.peer);
  if (bestMiss) {
    const identity = d.snapshot.identities.find((i) => i.key === bestMiss!.identity)!;
    const entry = { ...identity.selectors[bestMiss.entry] };
    const changes: string[] = [];
    for (const m of bestMiss.mismatched) {
      entry[m.key] = m.actual;
      changes.push(`${m.key}: "${m.expected}" → "${m.actual}"`);
    }
    for (const m of bestMiss.missing)
      changes.push(
        `${who} has no ${m.key} (expected "${m.expected}"): add it to the workload or drop the key`,
      );
    const spec: Record<string, YamlValue> = {};
    if (bestMiss.mismatched.length) spec.selectors = [entry];
    if (bestMiss.scope && identity.scope) {
      const id = identity.scope.kind === 'daemonGroup' ? w.peer.daemonGroup : w.peer.daemon;
      if (id) spec.scope = { [identity.scope.kind]: { id } };
      changes.push(`scope: ${bestMiss.scope.expected} does not cover ${bestMiss.scope.actual}`);
    }
    hints.push({
      reason,
      message: `If ${who} should be WorkloadIdentity ${identity.key} (one difference: ${changes.join('; ')}), change selectors[${bestMiss.entry}]${bestMiss.scope ? '/scope' : ''} of that identity as below, or fix the workload's ${bestMiss.scope ? 'placement' : 'attributes'} instead`,
      resource: `WorkloadIdentity ${identity.key}`,
      ref: bestMiss.ref,
      snippet: Object.keys(spec).length ? { spec } : undefined,
    });
  }
  hints.push({
    reason,
    message: `Enroll ${who} in Riptides: add a WorkloadIdentity whose selectors match it${role === 'destination' && d.source.resolution.identity ? ' (implicit mTLS then applies between the two)' : ''}`,
    resource: `WorkloadIdentity ${DEFAULT_NAMESPACE}/${peerName(w.peer)} (new)`,
    snippet: identityYaml(w.peer),
  });
  return hints;
}

function externalHints(reason: ReasonCode, d: Decision): Hint[] {
  const srcId = d.source.resolution.identity!;
  const { port } = d.endpoint;
  // The Service to paste must hold an address validate accepts: canonical, IPv6 without brackets.
  const address = canonicalHost(d.endpoint.address);
  const labels = d.service ? d.service.labels : { service: dnsName(address.split('.')[0]) };
  const hints: Hint[] = [];
  if (!d.service) {
    hints.push({
      reason: 'no-service',
      message: `Describe ${formatEndpoint(address, port)} with a Service so that an egress rule can select it`,
      resource: `Service ${DEFAULT_NAMESPACE}/${dnsName(address)} (new)`,
      snippet: {
        apiVersion: CORE_API_VERSION,
        kind: 'Service',
        metadata: { name: dnsName(address), namespace: DEFAULT_NAMESPACE },
        spec: { addresses: [{ address, port }], labels },
      },
    });
  }
  hints.push({
    reason,
    message: `Add an egress rule to WorkloadIdentity ${srcId.key} selecting ${d.service ? `Service ${d.service.key}` : 'that Service'}; SIMPLE when the server speaks TLS itself (verified by its own PKI)${d.destination ? ', or enroll the destination for mTLS' : ''}`,
    resource: `WorkloadIdentity ${srcId.key}`,
    ref: ref(srcId, srcId.egress.length ? '/spec/egress' : '/spec'),
    snippet: {
      spec: { egress: [{ selectors: [labels], connection: { tls: { mode: 'SIMPLE' } } }] },
    },
  });
  return hints;
}

function addToList(
  reason: ReasonCode,
  identity: IdentityEntry,
  path: string,
  list: Set<string>,
  id: string,
  yamlPath: (l: string[]) => YamlValue,
  what: string,
): Hint {
  return {
    reason,
    message: `Add ${id} to ${what} of WorkloadIdentity ${identity.key} (if this connection is intended)`,
    resource: `WorkloadIdentity ${identity.key}`,
    ref: ref(identity, path),
    snippet: yamlPath([...list, id]),
  };
}

export function suggestFixes(d: Decision): Hint[] {
  const r = d.result;
  const hints: Hint[] = [];
  const src = d.source;
  const srcId = src.resolution.identity;
  const dst = d.destination;
  const dstId = dst?.resolution.identity ?? null;
  const done = new Set<string>();
  const once = (k: string) => (done.has(k) ? false : (done.add(k), true));

  for (const code of r.reasons) {
    switch (code) {
      case 'no-identity':
        if (once('enroll-source')) hints.push(...enrollHints(code, src, 'source', d));
        break;
      case 'peer-unmanaged':
      case 'no-service':
      case 'no-egress-rule':
      case 'permissive-fallback':
        if (!srcId) break;
        if (
          r.path === 'explicit' &&
          d.egress &&
          (d.egress.mode === 'MUTUAL' || d.egress.mode === 'PERMISSIVE') &&
          !dstId &&
          once('simple')
        ) {
          hints.push({
            reason: code,
            message: `${d.destination ? 'Enroll the destination, or if' : 'If'} the server speaks TLS itself, use SIMPLE on egress[${d.egress.index}] of ${srcId.key} (${d.egress.mode} needs a Riptides-managed peer)`,
            resource: `WorkloadIdentity ${srcId.key}`,
            ref: ref(srcId, `/spec/egress/${d.egress.index}`),
            snippet: {
              spec: { egress: [{ selectors: d.egress.selectors, connection: { tls: { mode: 'SIMPLE' } } }] },
            },
          });
        }
        if (dst && !dstId && once('enroll-destination'))
          hints.push(...enrollHints(code, dst, 'destination', d));
        else if (!dst && r.path === 'none' && once('external')) hints.push(...externalHints(code, d));
        break;
      case 'trust-domain-mismatch':
        if (dst && once('td')) {
          hints.push({
            reason: code,
            message: `${dst.peer.name ? `"${dst.peer.name}"` : 'The destination'} gets its certificate from trust domain ${dst.trustDomain}, the source from ${src.trustDomain}: issue both from the same CA (trust domain), e.g. in the scenario`,
            resource: dst.peer.name ? `Scenario workload ${dst.peer.name}` : undefined,
            ref: dst.peer.ref,
            snippet: { trustDomain: src.trustDomain },
          });
        }
        break;
      case 'not-allowed-egress':
        hints.push(
          addToList(
            code,
            srcId!,
            `/spec/egress/${d.egress!.index}/allowedSPIFFEIDs`,
            d.egress!.allowed!,
            r.destination.spiffeID!,
            (l) => ({ spec: { egress: [{ selectors: d.egress!.selectors, allowedSPIFFEIDs: l }] } }),
            `egress[${d.egress!.index}].allowedSPIFFEIDs`,
          ),
        );
        break;
      case 'not-allowed-outbound':
        hints.push(
          addToList(
            code,
            srcId!,
            '/spec/allowedSPIFFEIDs/outbound',
            srcId!.outbound!,
            r.destination.spiffeID!,
            (l) => ({ spec: { allowedSPIFFEIDs: { outbound: l } } }),
            'allowedSPIFFEIDs.outbound',
          ),
        );
        break;
      case 'not-allowed-inbound':
        hints.push(
          addToList(
            code,
            dstId!,
            '/spec/allowedSPIFFEIDs/inbound',
            dstId!.inbound!,
            r.source.spiffeID!,
            (l) => ({ spec: { allowedSPIFFEIDs: { inbound: l } } }),
            'allowedSPIFFEIDs.inbound',
          ),
        );
        break;
      case 'not-allowed-ingress': {
        const ing = dstId!.ingressByPort.get(d.endpoint.port)!;
        hints.push(
          addToList(
            code,
            dstId!,
            `/spec/ingress/${ing.index}/allowedSPIFFEIDs`,
            ing.allowed!,
            r.source.spiffeID!,
            (l) => ({ spec: { ingress: [{ port: d.endpoint.port, allowedSPIFFEIDs: l }] } }),
            `ingress[${ing.index}].allowedSPIFFEIDs`,
          ),
        );
        break;
      }
      case 'plaintext-to-mutual':
      case 'plaintext-to-simple': {
        if (!srcId && once('enroll-source')) hints.push(...enrollHints(code, src, 'source', d));
        if (srcId && r.path === 'explicit' && d.egress && once('mutual')) {
          hints.push({
            reason: code,
            message: `The egress rule fell back to plain TCP; make the destination reachable over mTLS (same trust domain, managed), or set egress[${d.egress.index}] of ${srcId.key} to MUTUAL`,
            resource: `WorkloadIdentity ${srcId.key}`,
            ref: ref(srcId, `/spec/egress/${d.egress.index}`),
            snippet: {
              spec: { egress: [{ selectors: d.egress.selectors, connection: { tls: { mode: 'MUTUAL' } } }] },
            },
          });
        }
        hints.push({
          reason: code,
          message: `Or, only while callers are being enrolled, let WorkloadIdentity ${dstId!.key} accept plain TCP (PERMISSIVE is a transitional setting; switch back to MUTUAL once every caller is enrolled)`,
          resource: `WorkloadIdentity ${dstId!.key}`,
          ref: ref(dstId!, dstId!.mode ? '/spec/connection/tls/mode' : '/spec'),
          snippet: { spec: { connection: { tls: { mode: 'PERMISSIVE' } } } },
        });
        break;
      }
      case 'tls-to-mutual':
        hints.push({
          reason: code,
          message: `Use mTLS for this destination: set egress[${d.egress!.index}] of ${srcId!.key} to MUTUAL (the destination requires client certificates)`,
          resource: `WorkloadIdentity ${srcId!.key}`,
          ref: ref(srcId!, `/spec/egress/${d.egress!.index}/connection/tls/mode`),
          snippet: {
            spec: { egress: [{ selectors: d.egress!.selectors, connection: { tls: { mode: 'MUTUAL' } } }] },
          },
        });
        break;
      case 'identity-mismatch': {
        for (const w of [dst, src]) {
          if (!w || w.peer.announces === undefined || w.peer.announces === w.spiffeID) continue;
          hints.push({
            reason: code,
            message: `${w.peer.name ? `"${w.peer.name}"` : 'The peer'} announces ${w.peer.announces} but holds a certificate for ${w.spiffeID}. If this is a spoofing test, the rejection is the expected outcome; otherwise make it announce its own identity`,
            resource: w.peer.name ? `Scenario workload ${w.peer.name}` : undefined,
            ref: w.peer.ref ? { origin: w.peer.ref.origin, path: `${w.peer.ref.path}/announces` } : undefined,
            snippet: { announces: w.spiffeID },
          });
        }
        break;
      }
      case 'ingress-not-checked-tls':
        if (srcId && d.egress && once('bypass-tls'))
          hints.push({
            reason: code,
            message: `To have the caller checked against the destination's lists, use mTLS: set egress[${d.egress.index}] of ${srcId.key} to MUTUAL`,
            resource: `WorkloadIdentity ${srcId.key}`,
            ref: ref(srcId, `/spec/egress/${d.egress.index}`),
            snippet: {
              spec: { egress: [{ selectors: d.egress.selectors, connection: { tls: { mode: 'MUTUAL' } } }] },
            },
          });
        break;
      case 'inbound-not-checked-plaintext':
      case 'ingress-not-checked-plaintext':
        if (dstId && once('bypass-plaintext'))
          hints.push({
            reason: code,
            message: `The allow-list of WorkloadIdentity ${dstId.key} holds only for mTLS callers; to enforce it on every caller, set its inbound mode to MUTUAL once every caller is enrolled`,
            resource: `WorkloadIdentity ${dstId.key}`,
            ref: ref(dstId, dstId.mode ? '/spec/connection/tls/mode' : '/spec'),
            snippet: { spec: { connection: { tls: { mode: 'MUTUAL' } } } },
          });
        break;
      case 'ambiguous-identity':
        for (const w of [src, dst]) {
          if (!w || w.resolution.tied.length === 0 || !once(`ambiguous-${w.peer.name}`)) continue;
          const chosen = w.resolution.identity!;
          const extra = Object.keys(w.peer.attributes).find(
            (k) => !(k in chosen.selectors[w.resolution.entry]),
          );
          const entry = {
            ...chosen.selectors[w.resolution.entry],
            ...(extra ? { [extra]: w.peer.attributes[extra] } : {}),
          };
          hints.push({
            reason: code,
            message: `Make the selectors of ${[chosen, ...w.resolution.tied].map((i) => i.key).join(' and ')} distinct: add a key to the one that should win (more matching keys wins)`,
            resource: `WorkloadIdentity ${chosen.key}`,
            ref: ref(chosen, `/spec/selectors/${w.resolution.entry}`),
            snippet: { spec: { selectors: [entry] } },
          });
        }
        break;
      default:
        break;
    }
  }
  if (hints.length === 0 && (r.verdict === 'PLAINTEXT' || r.verdict === 'REJECTED')) {
    // Unreachable by construction; kept so that the "always a fix" promise holds even for new codes.
    hints.push({
      reason: r.reasons[0] ?? 'no-identity',
      message: 'See the failing step above and the reason pages in docs/codes/.',
    });
  }
  return hints;
}
