/** Turn a Scenario document (SPEC §2) into the engine's scenario input, with refs into the file. */
import type { LoadedDocument } from '../manifest/document';
import type { Scenario } from '../manifest/types';
import { canonicalHost } from './endpoint';
import type { ScenarioInput } from './types';

export function scenarioInput(doc: LoadedDocument<Scenario>): ScenarioInput {
  const spec = doc.data.spec;
  return {
    trustDomain: spec.trustDomain,
    workloads: (spec.workloads ?? []).map((w, index) => ({
      name: w.name,
      attributes: { ...(w.attributes ?? {}) },
      daemonGroup: w.daemonGroup,
      daemon: w.daemon,
      trustDomain: w.trustDomain,
      announces: w.announces,
      listen: w.listen ?? [],
      ref: { origin: doc.origin, path: `/spec/workloads/${index}` },
      index,
    })),
    external: (spec.external ?? []).map((e, index) => ({
      address: e.address,
      port: e.port,
      ref: { origin: doc.origin, path: `/spec/external/${index}` },
    })),
  };
}

/** Parse `host:port` (`[v6]:port` too) into the canonical host (no brackets). Undefined when it is not one. */
export function parseEndpoint(text: string): { address: string; port: number } | undefined {
  const m = /^(\[[^\]]+\]|[^:\s]+):(\d{1,5})$/.exec(text.trim());
  if (!m) return undefined;
  const port = Number(m[2]);
  if (port < 1 || port > 65535) return undefined;
  return { address: canonicalHost(m[1]), port };
}
