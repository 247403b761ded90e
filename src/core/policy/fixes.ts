/**
 * Concrete fixes for a connection result: which resource to add or which field to change, with
 * the YAML to paste. Every PLAINTEXT or REJECTED result gets at least one. What each says is data
 * (`HintFix`); the printers write the sentence (src/printers/hint-text.ts).
 */
import { CORE_API_VERSION, DEFAULT_NAMESPACE } from '../manifest/types';
import { canonicalHost } from './endpoint';
import type { Decision } from './decision';
import { firstMissByOne } from './near-miss';
import type { ReasonCode } from './reasons';
import type { IdentityEntry, WorkloadEntry } from './snapshot';
import type { Hint, HintResource, LazyRef, Peer } from './types';
import type { YamlValue } from './yaml-snippet';

const ref = (identity: IdentityEntry, path: string): LazyRef => ({ origin: identity.origin, path });

/** The WorkloadIdentity a fix changes. */
const identityResource = (identity: IdentityEntry): HintResource => ({
  kind: 'WorkloadIdentity',
  name: identity.key,
  add: false,
});

/** The Scenario workload a fix changes, when the peer is one. */
const workloadResource = (peer: Peer): HintResource | undefined =>
  peer.name ? { kind: 'scenario-workload', name: peer.name } : undefined;

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
  const peer = { ...(w.peer.name ? { name: w.peer.name } : {}), role };
  // A near miss off by one or two keys: say exactly what to change.
  const bestMiss = firstMissByOne(d.snapshot, w.peer);
  if (bestMiss) {
    const identity = d.snapshot.identities.find((i) => i.key === bestMiss!.identity)!;
    const entry = { ...identity.selectors[bestMiss.entry] };
    for (const m of bestMiss.mismatched) entry[m.key] = m.actual;
    const spec: Record<string, YamlValue> = {};
    if (bestMiss.mismatched.length) spec.selectors = [entry];
    // (a scope that does not cover the peer is an identity's scope)
    if (bestMiss.scope && identity.scope) {
      const id = identity.scope.kind === 'daemonGroup' ? w.peer.daemonGroup : w.peer.daemon;
      if (id) spec.scope = { [identity.scope.kind]: { id } };
    }
    hints.push({
      reason,
      fix: {
        kind: 'change-identity',
        peer,
        identity: identity.key,
        entry: bestMiss.entry,
        mismatched: bestMiss.mismatched,
        missing: bestMiss.missing,
        scope: bestMiss.scope,
      },
      resource: identityResource(identity),
      ref: bestMiss.ref,
      snippet: Object.keys(spec).length ? { spec } : undefined,
    });
  }
  hints.push({
    reason,
    fix: {
      kind: 'enroll',
      peer,
      implicitMtls: role === 'destination' && d.source.resolution.identity !== null,
    },
    resource: { kind: 'WorkloadIdentity', name: `${DEFAULT_NAMESPACE}/${peerName(w.peer)}`, add: true },
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
      fix: { kind: 'describe-service', address, port },
      resource: { kind: 'Service', name: `${DEFAULT_NAMESPACE}/${dnsName(address)}`, add: true },
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
    fix: {
      kind: 'add-egress-rule',
      identity: srcId.key,
      service: d.service ? d.service.key : null,
      destinationKnown: d.destination !== null,
    },
    resource: identityResource(srcId),
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
  which: { list: 'egress' | 'outbound' | 'inbound' | 'ingress'; index?: number },
): Hint {
  return {
    reason,
    fix: { kind: 'add-to-list', spiffeID: id, identity: identity.key, ...which },
    resource: identityResource(identity),
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
            fix: {
              kind: 'use-simple',
              identity: srcId.key,
              egress: d.egress.index,
              mode: d.egress.mode,
              destinationKnown: d.destination !== null,
            },
            resource: identityResource(srcId),
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
            fix: {
              kind: 'same-trust-domain',
              ...(dst.peer.name ? { peerName: dst.peer.name } : {}),
              peerTrustDomain: dst.trustDomain,
              sourceTrustDomain: src.trustDomain,
            },
            resource: workloadResource(dst.peer),
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
            { list: 'egress', index: d.egress!.index },
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
            { list: 'outbound' },
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
            { list: 'inbound' },
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
            { list: 'ingress', index: ing.index },
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
            fix: { kind: 'mutual-after-fallback', identity: srcId.key, egress: d.egress.index },
            resource: identityResource(srcId),
            ref: ref(srcId, `/spec/egress/${d.egress.index}`),
            snippet: {
              spec: { egress: [{ selectors: d.egress.selectors, connection: { tls: { mode: 'MUTUAL' } } }] },
            },
          });
        }
        hints.push({
          reason: code,
          fix: { kind: 'permissive-while-enrolling', identity: dstId!.key },
          resource: identityResource(dstId!),
          ref: ref(dstId!, dstId!.mode ? '/spec/connection/tls/mode' : '/spec'),
          snippet: { spec: { connection: { tls: { mode: 'PERMISSIVE' } } } },
        });
        break;
      }
      case 'tls-to-mutual':
        hints.push({
          reason: code,
          fix: { kind: 'use-mutual', identity: srcId!.key, egress: d.egress!.index },
          resource: identityResource(srcId!),
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
            fix: {
              kind: 'announce-own-identity',
              ...(w.peer.name ? { peerName: w.peer.name } : {}),
              announces: w.peer.announces,
              spiffeID: w.spiffeID!,
            },
            resource: workloadResource(w.peer),
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
            fix: { kind: 'check-with-mtls', identity: srcId.key, egress: d.egress.index },
            resource: identityResource(srcId),
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
            fix: { kind: 'enforce-inbound-list', identity: dstId.key },
            resource: identityResource(dstId),
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
            fix: { kind: 'distinct-selectors', identities: [chosen, ...w.resolution.tied].map((i) => i.key) },
            resource: identityResource(chosen),
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
      fix: { kind: 'see-failing-step' },
    });
  }
  return hints;
}
