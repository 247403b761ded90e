/**
 * SPEC §3: evaluate one connection against a snapshot. One code path serves both the fast
 * verdict-only mode (simulate: millions of pairs) and the traced mode (explain): every trace step and
 * message is built only inside `if (t)` blocks, so the fast mode allocates almost nothing.
 */
import { joinPointer } from '../manifest/document';
import type { TlsMode, Verdict } from '../manifest/types';
import { formatEndpoint } from './endpoint';
import { suggestFixes } from './fixes';
import { nearestMisses } from './near-miss';
import type { ReasonCode } from './reasons';
import {
  describeWorkload,
  resolveEndpoint,
  type ResolvedEndpoint,
  firstMatchingCompiled,
  type EgressEntry,
  type IdentityEntry,
  type ServiceEntry,
  type Snapshot,
  type WorkloadEntry,
} from './snapshot';
import type {
  ConnectionPath,
  ConnectionResult,
  Endpoint,
  LazyRef,
  Peer,
  Stage,
  Step,
  StepOutcome,
  TlsInfo,
} from './types';

export interface ConnectionQuery {
  /** A scenario workload name, a resolved scenario workload, or an ad-hoc peer. */
  from: string | Peer | WorkloadEntry;
  /** The destination; simulate passes endpoints resolved once with `resolveEndpoint`. */
  to: Endpoint | ResolvedEndpoint;
  /** An ad-hoc destination peer listening on `to` (`--to-attr`); default: the scenario's listener. */
  toPeer?: Peer;
}

export interface EvaluateOptions {
  /** Build steps, nearest misses and fixes (explain). Default true. */
  trace?: boolean;
}

/** Everything the evaluation decided, for trace rendering and fixes. */
export interface Decision {
  snapshot: Snapshot;
  source: WorkloadEntry;
  destination: WorkloadEntry | null;
  endpoint: Endpoint;
  external: boolean;
  service: ServiceEntry | null;
  serviceAddress: number;
  egress: EgressEntry | null;
  egressEntry: number;
  result: ConnectionResult;
}

function isResolved(e: Endpoint | ResolvedEndpoint): e is ResolvedEndpoint {
  return (e as ResolvedEndpoint).key !== undefined;
}

function isEntry(x: Peer | WorkloadEntry): x is WorkloadEntry {
  return (x as WorkloadEntry).resolution !== undefined;
}

export class UnknownWorkloadError extends Error {
  constructor(
    readonly workload: string,
    readonly known: string[],
  ) {
    super(`no workload named "${workload}" in the scenario`);
  }
}

function resolveFrom(snapshot: Snapshot, from: ConnectionQuery['from']): WorkloadEntry {
  if (typeof from === 'string') {
    const w = snapshot.workloadsByName.get(from);
    if (!w) throw new UnknownWorkloadError(from, [...snapshot.workloadsByName.keys()]);
    return w;
  }
  return isEntry(from) ? from : describeWorkload(snapshot, from);
}

const ref = (origin: LazyRef['origin'], ...tokens: (string | number)[]): LazyRef => ({
  origin,
  path: joinPointer(...tokens),
});

/** `WorkloadIdentity riptides-system/x`-free short name for messages. */
const wname = (w: WorkloadEntry | null, fallback: string) => (w?.peer.name ? `"${w.peer.name}"` : fallback);

function addStep(
  t: Step[],
  stage: Stage,
  outcome: StepOutcome,
  message: string,
  refs: LazyRef[],
  extra?: Partial<Step>,
): void {
  t.push({ stage, outcome, message, refs, ...extra });
}

/** Record a reason that refuses the connection; returns true for `rejected = reject(…)`. */
function reject(reasons: ReasonCode[], code: ReasonCode): true {
  reasons.push(code);
  return true;
}

/** The announced identity (if any) must equal the certificate's SPIFFE SAN. */
function confirmIdentity(
  t: Step[] | undefined,
  w: WorkloadEntry,
  san: string,
  role: 'source' | 'destination',
): boolean {
  const announced = w.peer.announces;
  const ok = announced === undefined || announced === san;
  if (t) {
    const who = `the ${role} ${wname(w, '')}`.trimEnd();
    const r = w.peer.ref
      ? [
          {
            origin: w.peer.ref.origin,
            path: `${w.peer.ref.path}${announced === undefined ? '' : '/announces'}`,
          },
        ]
      : [];
    addStep(
      t,
      'identity-confirmation',
      ok ? 'pass' : 'fail',
      ok
        ? announced === undefined
          ? `${who} presents ${san} and announces the same identity (no \`announces\` override)`
          : `${who} announces ${san}, equal to the SPIFFE SAN of its certificate`
        : `${who} announces ${announced} but its certificate's SPIFFE SAN is ${san}: rejected before any data is exchanged`,
      r,
      ok ? undefined : { reason: 'identity-mismatch' },
    );
  }
  return ok;
}

export function evaluateConnection(
  snapshot: Snapshot,
  query: ConnectionQuery,
  options: EvaluateOptions = {},
): ConnectionResult {
  return evaluateDecision(snapshot, query, options).result;
}

export function evaluateDecision(
  snapshot: Snapshot,
  query: ConnectionQuery,
  options: EvaluateOptions = {},
): Decision {
  const t: Step[] | undefined = options.trace === false ? undefined : [];
  /** The destination as printed everywhere: canonical host:port (endpoint.ts). */
  const where = t ? formatEndpoint(query.to.address, query.to.port) : '';
  const reasons: ReasonCode[] = [];
  let rejected = false;

  // 1. Source identity
  const src = resolveFrom(snapshot, query.from);
  const srcId = src.resolution.identity;
  const srcLabel = t ? wname(src, 'the source') : '';
  if (!srcId) reasons.push('no-identity');
  else if (src.resolution.tied.length > 0) reasons.push('ambiguous-identity');
  if (t) {
    const peerRefs = src.peer.ref ? [src.peer.ref] : [];
    if (!srcId) {
      addStep(
        t!,
        'source-identity',
        'fail',
        `no WorkloadIdentity selects ${srcLabel} (${describeAttrs(src.peer)}): it is not Riptides-managed and its connections are not intercepted`,
        peerRefs,
        {
          reason: 'no-identity',
          nearestMisses: nearestMisses(snapshot, src.peer, null),
        },
      );
    } else {
      const refs = [
        ref(srcId.origin, 'spec', 'selectors', src.resolution.entry),
        ...(srcId.scope ? [ref(srcId.origin, 'spec', 'scope')] : []),
        ...peerRefs,
      ];
      addStep(
        t!,
        'source-identity',
        'pass',
        `${srcLabel} is WorkloadIdentity ${srcId.key} (${src.spiffeID}): selector entry ${src.resolution.entry} matched ${src.resolution.score} key(s)${srcId.scope ? `, in scope ${srcId.scope.kind} ${srcId.scope.id}` : ''}`,
        refs,
      );
      if (src.resolution.tied.length > 0) {
        addStep(
          t!,
          'source-identity',
          'info',
          `ambiguous: ${src.resolution.tied.map((i) => i.key).join(', ')} match${src.resolution.tied.length === 1 ? 'es' : ''} with as many keys; the first by namespace/name (${srcId.key}) is used`,
          src.resolution.tied.map((i) => ref(i.origin, 'spec', 'selectors')),
          { reason: 'ambiguous-identity' },
        );
      }
    }
  }

  // 2. Destination service
  const ep = isResolved(query.to) ? query.to : resolveEndpoint(snapshot, query.to);
  const key = ep.key;
  const svcs = ep.services;
  // 3. Egress rule: the first rule (document order) whose selectors match a Service's labels.
  let egress: EgressEntry | null = null;
  let egressEntry = -1;
  let service: ServiceEntry | null = null;
  let serviceAddress = -1;
  if (srcId && svcs) {
    outer: for (const rule of srcId.egress) {
      for (const sv of svcs) {
        // Labels come from a Service: own properties only (Object.prototype keys never match a string).
        const i = firstMatchingCompiled(rule.compiled, sv.service.labels);
        if (i !== -1) {
          egress = rule;
          egressEntry = i;
          service = sv.service;
          serviceAddress = sv.address;
          break outer;
        }
      }
    }
  }
  if (!service && svcs) {
    service = svcs[0].service;
    serviceAddress = svcs[0].address;
  }
  if (t) {
    if (!svcs) addStep(t!, 'destination-service', 'info', `no Service has the address ${where}`, []);
    else
      addStep(
        t!,
        'destination-service',
        'pass',
        `${where} is Service ${service!.key}${
          svcs.length > 1
            ? ` (also claimed by ${svcs
                .filter((s) => s.service !== service)
                .map((s) => s.service.key)
                .join(', ')})`
            : ''
        }, labels ${JSON.stringify(service!.labels)}`,
        [ref(service!.origin, 'spec', 'addresses', serviceAddress)],
      );
    if (!srcId)
      addStep(t!, 'egress-rule', 'skip', 'the source has no identity, so it has no egress rules', []);
    else if (!svcs)
      addStep(
        t!,
        'egress-rule',
        'skip',
        'no Service to match egress rules against',
        srcId.egress.length ? [ref(srcId.origin, 'spec', 'egress')] : [],
      );
    else if (egress)
      addStep(
        t!,
        'egress-rule',
        'pass',
        `egress[${egress.index}] of ${srcId.key} selects Service ${service!.key} (selector entry ${egressEntry}): the path is explicit`,
        [
          ref(srcId.origin, 'spec', 'egress', egress.index, 'selectors', egressEntry),
          ref(service!.origin, 'spec', 'labels'),
        ],
      );
    else
      addStep(
        t!,
        'egress-rule',
        'info',
        srcId.egress.length === 0
          ? `${srcId.key} has no egress rules`
          : `none of the ${srcId.egress.length} egress rule(s) of ${srcId.key} selects the labels ${JSON.stringify(service!.labels)}`,
        srcId.egress.length
          ? [ref(srcId.origin, 'spec', 'egress'), ref(service!.origin, 'spec', 'labels')]
          : [ref(srcId.origin, 'spec')],
        { reason: 'no-egress-rule' },
      );
  }

  // 4. Destination peer
  let dst: WorkloadEntry | null = null;
  let external = false;
  let listenRef: LazyRef | undefined;
  if (query.toPeer) dst = describeWorkload(snapshot, query.toPeer);
  else {
    const l = ep.listener;
    if (l) {
      dst = l.workload;
      if (t && dst.peer.ref)
        listenRef = { origin: dst.peer.ref.origin, path: `${dst.peer.ref.path}/listen/${l.listen}` };
    } else external = true;
  }
  const dstId = dst ? dst.resolution.identity : null;
  const dstSpiffe = dst && dstId ? dst.spiffeID : null;
  if (dst && dstId && dst.resolution.tied.length > 0) reasons.push('ambiguous-identity');
  if (t) {
    if (!dst) {
      const e = snapshot.externals.get(key);
      addStep(
        t!,
        'destination-peer',
        'info',
        `${where} is ${e ? 'an external endpoint' : 'not a listen address of any scenario workload'}: no daemon manages it`,
        e?.ref ? [e.ref] : [],
      );
    } else if (!dstId) {
      addStep(
        t!,
        'destination-peer',
        'info',
        `${wname(dst, 'the destination')} listens on ${where} but no WorkloadIdentity selects it (${describeAttrs(dst.peer)}): it is not Riptides-managed`,
        listenRef ? [listenRef] : dst.peer.ref ? [dst.peer.ref] : [],
        {
          nearestMisses: nearestMisses(snapshot, dst.peer, null),
        },
      );
    } else {
      addStep(
        t!,
        'destination-peer',
        'pass',
        `${wname(dst, 'the destination')} listens on ${where} and is WorkloadIdentity ${dstId.key} (${dstSpiffe})`,
        [ref(dstId.origin, 'spec', 'selectors', dst.resolution.entry), ...(listenRef ? [listenRef] : [])],
      );
      if (dst.resolution.tied.length > 0)
        addStep(
          t!,
          'destination-peer',
          'info',
          `ambiguous: ${dst.resolution.tied.map((i) => i.key).join(', ')} match with as many keys; ${dstId.key} is used`,
          dst.resolution.tied.map((i) => ref(i.origin, 'spec', 'selectors')),
          { reason: 'ambiguous-identity' },
        );
    }
  }

  // 5. Path
  const srcTd = src.trustDomain;
  const dstTd = dst ? dst.trustDomain : null;
  const sameTd = dstId !== null && srcTd === dstTd;
  const path: ConnectionPath = egress ? 'explicit' : srcId && dstId && sameTd ? 'implicit' : 'none';
  if (t) {
    // A missing egress rule matters only when nothing else secures the connection.
    const eg = t.find((s) => s.stage === 'egress-rule' && s.reason === 'no-egress-rule');
    if (eg && path === 'none' && !dstId) eg.outcome = 'fail';
    else if (eg) delete eg.reason;
  }
  if (path === 'none') {
    if (!dstId) reasons.push('peer-unmanaged');
    else if (srcId && !sameTd) reasons.push('trust-domain-mismatch');
    if (srcId && !dstId) reasons.push(svcs ? 'no-egress-rule' : 'no-service');
  }
  if (t) {
    if (path === 'explicit')
      addStep(t!, 'path', 'pass', `explicit: egress[${egress!.index}] of ${srcId!.key} applies`, [
        ref(srcId!.origin, 'spec', 'egress', egress!.index),
      ]);
    else if (path === 'implicit')
      addStep(
        t!,
        'path',
        'pass',
        `implicit mTLS: both peers are Riptides-managed in trust domain ${srcTd}; no Service or egress rule is needed`,
        [],
      );
    else {
      const why = !srcId
        ? 'the source is not Riptides-managed'
        : !dstId
          ? 'the destination is not Riptides-managed and no egress rule applies'
          : `the peers are in different trust domains (${srcTd} vs ${dstTd}) and no egress rule applies`;
      addStep(
        t!,
        'path',
        'fail',
        `none: ${why}; the connection is not intercepted and runs as plain TCP (observed only)`,
        srcId && dstId && !sameTd && dst?.peer.ref ? [dst.peer.ref] : [],
        {
          reason: !srcId ? 'no-identity' : !dstId ? 'peer-unmanaged' : 'trust-domain-mismatch',
        },
      );
    }
  }

  // 6. TLS on the client side
  let wire: 'mtls' | 'tls' | 'plain' | 'refused' = 'plain';
  let mode: TlsMode | null = null;
  let version: TlsInfo['version'] = null;
  if (path === 'implicit') {
    wire = 'mtls';
    mode = 'MUTUAL';
    version = '1.3';
    if (t) addStep(t!, 'tls', 'pass', 'implicit path: STRICT mTLS, TLS 1.3 (no plaintext fallback)', []);
  } else if (path === 'explicit') {
    const rule = egress!;
    mode = rule.mode;
    const modeRef = () =>
      ref(
        srcId!.origin,
        ...(rule.modeSet
          ? ['spec', 'egress', rule.index, 'connection', 'tls', 'mode']
          : ['spec', 'egress', rule.index]),
      );
    const defaulted = rule.modeSet ? '' : ' (the default when connection.tls.mode is not set)';
    if (mode === 'MUTUAL') {
      if (sameTd) {
        wire = 'mtls';
        version = '1.3';
        if (t)
          addStep(t!, 'tls', 'pass', `MUTUAL${defaulted}: mTLS with a Riptides-managed peer, TLS 1.3`, [
            modeRef(),
          ]);
      } else {
        wire = 'refused';
        rejected = reject(reasons, dstId ? 'trust-domain-mismatch' : 'peer-unmanaged');
        if (t)
          addStep(
            t!,
            'tls',
            'fail',
            dstId
              ? `MUTUAL${defaulted} needs a peer in the trusted trust domain ${srcTd}, but the peer's certificate is from ${dstTd}: rejected`
              : `MUTUAL${defaulted} needs a Riptides-managed peer that presents an X.509-SVID; ${where} is not managed: rejected`,
            [modeRef()],
            {
              reason: dstId ? 'trust-domain-mismatch' : 'peer-unmanaged',
            },
          );
      }
    } else if (mode === 'SIMPLE') {
      if (!dstId) {
        wire = 'tls';
        version = '1.2+';
        if (t)
          addStep(
            t!,
            'tls',
            'pass',
            'SIMPLE: server-authenticated TLS (1.2 or 1.3); the external server is verified by its own PKI, so SPIFFE ID lists do not apply',
            [modeRef()],
          );
      } else if (sameTd) {
        wire = 'tls';
        version = '1.3';
        if (t)
          addStep(
            t!,
            'tls',
            'pass',
            `SIMPLE: server-authenticated TLS 1.3; the peer presents its X.509-SVID (${dstSpiffe}), the client presents none`,
            [modeRef()],
          );
      } else {
        wire = 'refused';
        rejected = reject(reasons, 'trust-domain-mismatch');
        if (t)
          addStep(
            t!,
            'tls',
            'fail',
            `SIMPLE: the peer's certificate is from trust domain ${dstTd}, which ${srcTd} does not trust: rejected`,
            [modeRef()],
            { reason: 'trust-domain-mismatch' },
          );
      }
    } else {
      if (sameTd) {
        wire = 'mtls';
        version = '1.3';
        if (t)
          addStep(t!, 'tls', 'pass', 'PERMISSIVE: the peer is Riptides-managed, so mTLS, TLS 1.3', [
            modeRef(),
          ]);
      } else {
        wire = 'plain';
        reasons.push('permissive-fallback');
        reasons.push(dstId ? 'trust-domain-mismatch' : 'peer-unmanaged');
        if (t)
          addStep(
            t!,
            'tls',
            'fail',
            `PERMISSIVE: ${dstId ? `the peer is in another trust domain (${dstTd})` : 'the peer is not Riptides-managed'}, so the connection falls back to plain TCP`,
            [modeRef()],
            { reason: 'permissive-fallback' },
          );
      }
    }
  } else if (t) {
    addStep(t!, 'tls', 'skip', 'not intercepted: no TLS on the client side', []);
  }

  // 7a. Client-side authorization (the peer's SPIFFE ID is known only when it presents an SVID).
  if ((wire === 'mtls' || wire === 'tls') && dstSpiffe !== null) {
    let any = false;
    if (egress && egress.allowed) {
      any = true;
      const ok = egress.allowed.has(dstSpiffe);
      if (!ok) rejected = reject(reasons, 'not-allowed-egress');
      if (t)
        addStep(
          t!,
          'client-authorization',
          ok ? 'pass' : 'fail',
          ok
            ? `${dstSpiffe} is in egress[${egress.index}].allowedSPIFFEIDs`
            : `${dstSpiffe} is not in egress[${egress.index}].allowedSPIFFEIDs (${[...egress.allowed].join(', ') || 'empty'})`,
          [ref(srcId!.origin, 'spec', 'egress', egress.index, 'allowedSPIFFEIDs')],
          ok ? undefined : { reason: 'not-allowed-egress' },
        );
    }
    if (srcId!.outbound) {
      any = true;
      const ok = srcId!.outbound.has(dstSpiffe);
      if (!ok) rejected = reject(reasons, 'not-allowed-outbound');
      if (t)
        addStep(
          t!,
          'client-authorization',
          ok ? 'pass' : 'fail',
          ok
            ? `${dstSpiffe} is in allowedSPIFFEIDs.outbound of ${srcId!.key}`
            : `${dstSpiffe} is not in allowedSPIFFEIDs.outbound of ${srcId!.key} (${[...srcId!.outbound].join(', ') || 'empty'})`,
          [ref(srcId!.origin, 'spec', 'allowedSPIFFEIDs', 'outbound')],
          ok ? undefined : { reason: 'not-allowed-outbound' },
        );
    }
    if (!any && t)
      addStep(
        t!,
        'client-authorization',
        'pass',
        `no allowedSPIFFEIDs restrict the peer (${path === 'implicit' ? 'top-level outbound list not set' : 'neither the egress rule nor allowedSPIFFEIDs.outbound sets one'})`,
        [],
      );
  } else if (wire === 'plain' && srcId && ((egress && egress.allowed) || srcId.outbound)) {
    // Plain TCP: the peer presents no SVID, so the source's lists are bypassed; say which.
    if (egress && egress.allowed) {
      reasons.push('egress-not-checked-plaintext');
      if (t)
        addStep(
          t!,
          'client-authorization',
          'info',
          `egress[${egress.index}].allowedSPIFFEIDs of ${srcId.key} is not checked: the PERMISSIVE rule fell back to plain TCP and the peer presents no SVID`,
          [ref(srcId.origin, 'spec', 'egress', egress.index, 'allowedSPIFFEIDs')],
          { reason: 'egress-not-checked-plaintext' },
        );
    }
    if (srcId.outbound) {
      reasons.push('outbound-not-checked-plaintext');
      if (t)
        addStep(
          t!,
          'client-authorization',
          'info',
          `allowedSPIFFEIDs.outbound of ${srcId.key} is not checked: the connection runs as plain TCP and the peer presents no SVID`,
          [ref(srcId.origin, 'spec', 'allowedSPIFFEIDs', 'outbound')],
          { reason: 'outbound-not-checked-plaintext' },
        );
    }
  } else if (t) {
    addStep(
      t!,
      'client-authorization',
      'skip',
      wire === 'tls'
        ? 'the external server has no SPIFFE ID: allowedSPIFFEIDs lists do not apply'
        : 'no SVID is exchanged, so no SPIFFE ID list is checked',
      [],
    );
  }

  // 7b. Identity confirmation: announced identity = certificate SAN, for each side that presents an SVID.
  if (wire === 'mtls' || wire === 'tls') {
    let checked = false;
    if (dst && dstSpiffe) {
      checked = true;
      if (!confirmIdentity(t, dst, dstSpiffe, 'destination')) rejected = reject(reasons, 'identity-mismatch');
    }
    if (wire === 'mtls') {
      checked = true;
      if (!confirmIdentity(t, src, src.spiffeID!, 'source')) rejected = reject(reasons, 'identity-mismatch');
    }
    if (!checked && t)
      addStep(t!, 'identity-confirmation', 'skip', 'the external server is verified by its own PKI', []);
  } else if (t) {
    addStep(t!, 'identity-confirmation', 'skip', 'no certificates are exchanged', []);
  }

  // 7c. Server side, by the destination's inbound posture (only a managed destination enforces one).
  if (wire === 'refused') {
    if (t) addStep(t!, 'server-authorization', 'skip', 'the client side refused the connection', []);
  } else if (!dstId) {
    if (t)
      addStep(
        t!,
        'server-authorization',
        'skip',
        'the destination is not Riptides-managed: nothing enforces an inbound posture',
        [],
      );
  } else {
    const posture = dstId.mode;
    const postureRef = () =>
      ref(dstId.origin, ...(posture ? ['spec', 'connection', 'tls', 'mode'] : ['spec']));
    const postureText = posture ?? 'not set';
    if (wire === 'mtls') {
      let any = false;
      if (dstId.inbound) {
        any = true;
        const ok = dstId.inbound.has(src.spiffeID!);
        if (!ok) rejected = reject(reasons, 'not-allowed-inbound');
        if (t)
          addStep(
            t!,
            'server-authorization',
            ok ? 'pass' : 'fail',
            ok
              ? `${src.spiffeID} is in allowedSPIFFEIDs.inbound of ${dstId.key}`
              : `${src.spiffeID} is not in allowedSPIFFEIDs.inbound of ${dstId.key} (${[...dstId.inbound].join(', ') || 'empty'})`,
            [ref(dstId.origin, 'spec', 'allowedSPIFFEIDs', 'inbound')],
            ok ? undefined : { reason: 'not-allowed-inbound' },
          );
      }
      const ingress = dstId.ingressByPort.get(query.to.port);
      if (ingress && ingress.allowed) {
        const iref = () => ref(dstId.origin, 'spec', 'ingress', ingress.index, 'allowedSPIFFEIDs');
        if (path === 'explicit') {
          any = true;
          const ok = ingress.allowed.has(src.spiffeID!);
          if (!ok) rejected = reject(reasons, 'not-allowed-ingress');
          if (t)
            addStep(
              t!,
              'server-authorization',
              ok ? 'pass' : 'fail',
              ok
                ? `${src.spiffeID} is in ingress[${ingress.index}] (port ${query.to.port}) of ${dstId.key}`
                : `${src.spiffeID} is not in ingress[${ingress.index}].allowedSPIFFEIDs (port ${query.to.port}) of ${dstId.key}`,
              [iref()],
              ok ? undefined : { reason: 'not-allowed-ingress' },
            );
        } else {
          reasons.push('ingress-not-applied-implicit');
          if (t)
            addStep(
              t!,
              'server-authorization',
              'info',
              `ingress[${ingress.index}] (port ${query.to.port}) of ${dstId.key} is not applied: per-ingress allowedSPIFFEIDs apply only on the explicit path, not to implicit mTLS`,
              [iref()],
              { reason: 'ingress-not-applied-implicit' },
            );
        }
      }
      if (!any && t)
        addStep(
          t!,
          'server-authorization',
          'pass',
          `mTLS accepted by ${dstId.key} (inbound mode ${postureText}, no inbound SPIFFE ID list for this caller)`,
          [postureRef()],
        );
    } else if (wire === 'tls') {
      if (posture === 'MUTUAL') {
        rejected = reject(reasons, 'tls-to-mutual');
        if (t)
          addStep(
            t!,
            'server-authorization',
            'fail',
            `server-only TLS arrives at ${dstId.key}, whose inbound mode is MUTUAL: the caller presents no certificate, rejected`,
            [postureRef()],
            { reason: 'tls-to-mutual' },
          );
      } else {
        if (t)
          addStep(
            t!,
            'server-authorization',
            'pass',
            `server-only TLS accepted by ${dstId.key} (inbound mode ${postureText})`,
            [postureRef()],
          );
        noteBypassedLists(t, reasons, dstId, query.to.port, 'tls');
      }
    } else if (posture === 'MUTUAL' || posture === 'SIMPLE') {
      const code: ReasonCode = posture === 'MUTUAL' ? 'plaintext-to-mutual' : 'plaintext-to-simple';
      rejected = reject(reasons, code);
      if (t)
        addStep(
          t!,
          'server-authorization',
          'fail',
          `plain TCP arrives at ${dstId.key}, whose inbound mode is ${posture}: rejected`,
          [postureRef()],
          { reason: code },
        );
    } else {
      if (t)
        addStep(
          t!,
          'server-authorization',
          'pass',
          `plain TCP accepted by ${dstId.key}: inbound mode ${posture === 'PERMISSIVE' ? 'PERMISSIVE accepts plaintext' : 'not set accepts plaintext from callers that are not managed (fallback)'}`,
          [postureRef()],
        );
      noteBypassedLists(t, reasons, dstId, query.to.port, 'plain');
    }
  }

  const verdict: Verdict = rejected
    ? 'REJECTED'
    : wire === 'mtls'
      ? 'MTLS'
      : wire === 'tls'
        ? 'TLS'
        : 'PLAINTEXT';
  const result: ConnectionResult = {
    verdict,
    path,
    tls: { mode, version: verdict === 'MTLS' || verdict === 'TLS' ? version : null },
    source: { name: src.peer.name ?? null, identity: srcId ? srcId.key : null, spiffeID: src.spiffeID },
    destination: {
      address: ep.address,
      port: query.to.port,
      service: service ? service.key : null,
      identity: dstId ? dstId.key : null,
      spiffeID: dstSpiffe,
    },
    reasons: dedupe(reasons),
    steps: t ?? [],
    hints: [],
  };
  const decision: Decision = {
    snapshot,
    source: src,
    destination: dst,
    endpoint: query.to,
    external,
    service,
    serviceAddress,
    egress,
    egressEntry,
    result,
  };
  if (t) result.hints = suggestFixes(decision);
  return decision;
}

/**
 * A connection accepted without a client certificate (server-only TLS or plain TCP) bypasses the
 * destination's allowedSPIFFEIDs.inbound and the port's ingress[].allowedSPIFFEIDs: say so, per list.
 */
function noteBypassedLists(
  t: Step[] | undefined,
  reasons: ReasonCode[],
  dstId: IdentityEntry,
  port: number,
  wire: 'tls' | 'plain',
): void {
  const how = wire === 'tls' ? 'the caller presents no certificate' : 'plain TCP carries no identity';
  if (dstId.inbound) {
    const code: ReasonCode = wire === 'tls' ? 'inbound-not-checked-tls' : 'inbound-not-checked-plaintext';
    reasons.push(code);
    if (t)
      addStep(
        t,
        'server-authorization',
        'info',
        `allowedSPIFFEIDs.inbound of ${dstId.key} cannot be checked: ${how}`,
        [ref(dstId.origin, 'spec', 'allowedSPIFFEIDs', 'inbound')],
        { reason: code },
      );
  }
  const ingress = dstId.ingressByPort.get(port);
  if (ingress && ingress.allowed) {
    const code: ReasonCode = wire === 'tls' ? 'ingress-not-checked-tls' : 'ingress-not-checked-plaintext';
    reasons.push(code);
    if (t)
      addStep(
        t,
        'server-authorization',
        'info',
        `ingress[${ingress.index}].allowedSPIFFEIDs (port ${port}) of ${dstId.key} cannot be checked: ${how}`,
        [ref(dstId.origin, 'spec', 'ingress', ingress.index, 'allowedSPIFFEIDs')],
        { reason: code },
      );
  }
}

function dedupe(codes: ReasonCode[]): ReasonCode[] {
  return codes.length < 2 ? codes : codes.filter((c, i) => codes.indexOf(c) === i);
}

function describeAttrs(peer: Peer): string {
  const attrs = Object.entries(peer.attributes).map(([k, v]) => `${k}=${v}`);
  const where = peer.daemon
    ? `daemon ${peer.daemon}`
    : peer.daemonGroup
      ? `daemonGroup ${peer.daemonGroup}`
      : 'no daemon group';
  return `${attrs.length ? attrs.join(', ') : 'no attributes'}; ${where}`;
}
