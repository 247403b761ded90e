/**
 * The lint context's fast paths agree with what they replace: the one-scan check of a canonical
 * SPIFFE ID with the regular expressions it replaced, and the stage-1 index restricted to the
 * identities some scenario workload can match with the engine's full index.
 */
import fc from 'fast-check';
import { canonicalIdPathStart, LintContext } from '../../src/core/lint/context';
import type { LocatedIdentity, LocatedScenario } from '../../src/core/lint/located';
import { buildSnapshot, resolvePeer } from '../../src/core/policy/snapshot';
import type { DocumentOrigin } from '../../src/core/manifest/document';

const resourceOrigin = (file: string) => ({ file }) as unknown as DocumentOrigin;

const CANONICAL_ID = /^spiffe:\/\/([a-z0-9._-]+)((?:\/[A-Za-z0-9._-]+)+)$/;
const DOT_SEGMENT = /\/\.{1,2}(?:\/|$)/;

function byRegex(id: string): number {
  const m = CANONICAL_ID.exec(id);
  if (m && id.length <= 2048 && m[1].length <= 255 && !DOT_SEGMENT.test(m[2])) return 9 + m[1].length;
  return -1;
}

describe('canonicalIdPathStart', () => {
  it('agrees with the regular expressions on examples', () => {
    const ids = [
      'spiffe://example.com/ns/app',
      'spiffe://example.com/',
      'spiffe://example.com',
      'spiffe:///ns',
      'spiffe://Example.com/ns',
      'spiffe://example.com/ns/./app',
      'spiffe://example.com/ns/../app',
      'spiffe://example.com/ns/..',
      'spiffe://example.com/ns/.',
      'spiffe://example.com/ns/...',
      'spiffe://example.com/ns/.a',
      'spiffe://example.com/ns//app',
      'spiffe://example.com/ns/app/',
      'spiffe://example.com/ns/app\n',
      'spiffe://ex_ample-1.com/A-Z_0.9',
      'SPIFFE://example.com/ns',
      'spiffe://example.com/ns?x',
      'spiffe://example.com/n s',
      `spiffe://${'a'.repeat(255)}/x`,
      `spiffe://${'a'.repeat(256)}/x`,
      `spiffe://a/${'b'.repeat(2048 - 11)}`,
      `spiffe://a/${'b'.repeat(2048 - 10)}`,
    ];
    for (const id of ids) expect([id, canonicalIdPathStart(id)]).toEqual([id, byRegex(id)]);
  });

  it('agrees with the regular expressions on generated strings', () => {
    const part = fc
      .array(fc.constantFrom('a', 'Z', '0', '.', '_', '-', '/', ':', ' ', 'é', '\n', '..'), { maxLength: 12 })
      .map((chars) => chars.join(''));
    fc.assert(
      fc.property(fc.constantFrom('spiffe://', 'spiffe:/', 'x', ''), part, part, (head, a, b) => {
        const id = `${head}${a}/${b}`;
        expect(canonicalIdPathStart(id)).toBe(byRegex(id));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('scenario workloads resolved on the restricted index', () => {
  const identity = (
    name: string,
    selectors: Record<string, unknown>[],
    scope?: Record<string, unknown>,
  ): LocatedIdentity => {
    const resource = {
      apiVersion: 'core.riptides.io/v1alpha1',
      kind: 'WorkloadIdentity',
      metadata: { name, namespace: name.length % 2 ? 'a' : 'b' },
      spec: { workloadID: `w/${name}`, selectors, ...(scope ? { scope } : {}) },
    } as unknown as LocatedIdentity['resource'];
    return { resource, origin: resourceOrigin(name) } as LocatedIdentity;
  };
  const keys = ['k8s:label:app', 'process:name', 'k8s:pod:namespace'];
  const values = ['x', 'y', 'z'];
  const entry = fc.dictionary(fc.constantFrom(...keys), fc.constantFrom(...values), { maxKeys: 3 });
  const attributes = fc.dictionary(fc.constantFrom(...keys), fc.constantFrom(...values), { maxKeys: 3 });
  const scope = fc.option(
    fc.constantFrom({ daemonGroup: { id: 'g1' } }, { daemonGroup: { id: 'g2' } }, { daemon: { id: 'd1' } }),
    {
      nil: undefined,
    },
  );

  it('gives the identity the full index gives, for every workload, and for one outside the scenarios', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.array(entry, { maxLength: 3 }), scope), { maxLength: 12 }),
        fc.array(fc.tuple(attributes, fc.constantFrom(undefined, 'g1', 'g2')), { maxLength: 6 }),
        attributes,
        (specs, workloadSpecs, outside) => {
          const identities = specs.map(([selectors, s], i) => identity(`id${i}`, selectors, s));
          const workloads = workloadSpecs.map(([attrs, group], i) => ({
            name: `w${i}`,
            attributes: attrs as Record<string, string>,
            ...(group ? { daemonGroup: group } : {}),
            listen: [{ address: `w${i}.svc`, port: 80 }],
          }));
          const scenario = {
            scenario: {
              apiVersion: 'sim.riptides.io/v1alpha1',
              kind: 'Scenario',
              metadata: { name: 's' },
              spec: { workloads },
            },
            origin: resourceOrigin('s'),
          } as unknown as LocatedScenario;
          const ctx = new LintContext(identities, [scenario], 'example.com');
          const full = buildSnapshot(identities, { trustDomain: 'example.com', workloads: [], external: [] });
          const expected = (w: { attributes?: Record<string, string>; daemonGroup?: string }) => {
            const r = resolvePeer(full, { attributes: w.attributes ?? {}, daemonGroup: w.daemonGroup });
            return r.identity ? [r.identity.resource] : [];
          };
          for (const w of workloads) expect(ctx.identitiesFor(w).map((i) => i.resource)).toEqual(expected(w));
          const stranger = { name: 'outside', attributes: outside as Record<string, string> };
          expect(ctx.identitiesFor(stranger).map((i) => i.resource)).toEqual(expected(stranger));
        },
      ),
      { numRuns: 500 },
    );
  });
});
