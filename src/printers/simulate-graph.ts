/**
 * `simulate -o mermaid|dot`: the simulation as a graph, edges coloured and labelled by verdict, for
 * PR comments and docs. An endpoint a scenario workload listens on is drawn as that workload.
 */
import type { Verdict } from '../core/manifest/types';
import { mainReason } from '../core/policy/reasons';
import type { Simulation } from '../core/policy/simulate';

export const VERDICT_COLOR: Record<Verdict, string> = {
  MTLS: '#2e7d32',
  TLS: '#1565c0',
  PLAINTEXT: '#ef6c00',
  REJECTED: '#c62828',
};

interface Graph {
  nodes: { id: string; label: string; kind: 'workload' | 'endpoint' }[];
  edges: { from: string; to: string; verdict: Verdict; label: string }[];
}

/** `listenerOf` maps a `host:port` to the workload listening there (drawn as that workload). */
export function buildGraph(sim: Simulation, listenerOf: (to: string) => string | undefined): Graph {
  const nodes = new Map<string, Graph['nodes'][number]>();
  const node = (label: string, kind: 'workload' | 'endpoint') => {
    const key = `${kind}:${label}`;
    let n = nodes.get(key);
    if (!n) nodes.set(key, (n = { id: `${kind === 'workload' ? 'w' : 'e'}${nodes.size}`, label, kind }));
    return n.id;
  };
  for (const w of sim.workloads) node(w, 'workload');
  const edges: Graph['edges'] = [];
  for (const p of sim.pairs) {
    const listener = listenerOf(p.toText);
    const to = listener ? node(listener, 'workload') : node(p.toText, 'endpoint');
    const reason = p.result.verdict === 'MTLS' ? undefined : mainReason(p.result.verdict, p.result.reasons);
    const port = listener ? `:${p.to.port} ` : '';
    edges.push({
      from: node(p.from, 'workload'),
      to,
      verdict: p.result.verdict,
      label: `${port}${p.result.verdict}${reason ? ` (${reason})` : ''}`,
    });
  }
  return { nodes: [...nodes.values()], edges };
}

const mq = (s: string) => s.replace(/"/g, '#quot;');

export function printSimulateMermaid(
  sim: Simulation,
  listenerOf: (to: string) => string | undefined,
): string {
  const g = buildGraph(sim, listenerOf);
  const lines = ['flowchart LR'];
  for (const n of g.nodes)
    lines.push(n.kind === 'workload' ? `  ${n.id}["${mq(n.label)}"]` : `  ${n.id}(["${mq(n.label)}"])`);
  g.edges.forEach((e) =>
    lines.push(`  ${e.from} ${e.verdict === 'REJECTED' ? '-.->' : '-->'}|"${mq(e.label)}"| ${e.to}`),
  );
  g.edges.forEach((e, i) =>
    lines.push(`  linkStyle ${i} stroke:${VERDICT_COLOR[e.verdict]},color:${VERDICT_COLOR[e.verdict]}`),
  );
  return lines.join('\n') + '\n';
}

const dq = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

export function printSimulateDot(sim: Simulation, listenerOf: (to: string) => string | undefined): string {
  const g = buildGraph(sim, listenerOf);
  const lines = [
    'digraph riptides {',
    '  rankdir=LR;',
    '  node [fontname="Helvetica"];',
    '  edge [fontname="Helvetica", fontsize=10];',
  ];
  for (const n of g.nodes)
    lines.push(`  ${n.id} [label=${dq(n.label)}, shape=${n.kind === 'workload' ? 'box' : 'ellipse'}];`);
  for (const e of g.edges) {
    const c = VERDICT_COLOR[e.verdict];
    lines.push(
      `  ${e.from} -> ${e.to} [label=${dq(e.label)}, color=${dq(c)}, fontcolor=${dq(c)}${e.verdict === 'REJECTED' ? ', style=dashed' : ''}];`,
    );
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}
