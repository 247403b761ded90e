/**
 * The inputs of code examples that cannot be written as text in the catalog: certificates, made
 * here for each run with @peculiar/x509 (test/helpers/test-ca.ts), as the example's `made` field
 * describes them. Keyed by the code whose example they belong to.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { webcrypto } from 'node:crypto';
import {
  EKU_CLIENT,
  KU,
  TestCa,
  createCsr,
  createJwtKey,
  signJwt,
  spiffeBundleJson,
  type CaOptions,
  type LeafOptions,
  type TokenOptions,
} from './test-ca';

type Maker = (dir: string) => Promise<void>;

const write = (dir: string, name: string, text: string) => fs.writeFileSync(path.join(dir, name), text);

/** manifests/ with one valid Service (backend.yaml), beside which an example puts an unreadable file. */
function backendManifest(dir: string): void {
  fs.mkdirSync(path.join(dir, 'manifests'));
  write(
    dir,
    'manifests/backend.yaml',
    'apiVersion: core.riptides.io/v1alpha1\nkind: Service\nmetadata: {name: backend, namespace: shop}\nspec:\n  addresses: [{address: backend.shop.svc.cluster.local, port: 3000}]\n',
  );
}

/** Fixed instants, so that the messages that quote a time are the same on every run. */
const Y2020 = new Date('2020-01-01T00:00:00Z');
const Y2099 = new Date('2099-01-01T00:00:00Z');
const sec = (d: Date) => Math.floor(d.getTime() / 1000);

/** svid.pem: a leaf of a test CA made with `ca` options (the chain with its intermediate); bundle.pem: the root. */
function chain(ca: CaOptions, options: LeafOptions = {}): Maker {
  return async (dir) => {
    const authority = await TestCa.create(ca);
    write(dir, 'svid.pem', (await authority.issueLeaf(options)).chainPem);
    write(dir, 'bundle.pem', authority.bundlePem);
  };
}

/**
 * token.jwt: a JWT-SVID for spiffe://example.com/workload signed by the key test-key-1 (ES256),
 * audience test-aud, valid 5 minutes from now, changed by `options`; bundle.json: a SPIFFE bundle
 * with that key (or with another key of the same kid, `otherKey`).
 */
function jwt(options: TokenOptions = {}, bundle: 'same-key' | 'other-key' | 'none' = 'same-key'): Maker {
  return async (dir) => {
    const key = createJwtKey();
    write(dir, 'token.jwt', `${signJwt(key, 'example.com', options)}\n`);
    if (bundle !== 'none')
      write(
        dir,
        'bundle.json',
        `${spiffeBundleJson(undefined, [bundle === 'other-key' ? createJwtKey() : key])}\n`,
      );
  };
}

/** bundle.json: a SPIFFE bundle whose X.509 authority entry is the root of a test CA, changed by `edit`. */
function x509Bundle(
  edit: (key: Record<string, unknown>, ca: TestCa) => Promise<void> | void,
  ca: CaOptions = {},
): Maker {
  return async (dir) => {
    const authority = await TestCa.create(ca);
    const doc = JSON.parse(spiffeBundleJson(authority)) as { keys: Record<string, unknown>[] };
    await edit(doc.keys[0], authority);
    write(dir, 'bundle.json', `${JSON.stringify(doc, null, 2)}\n`);
  };
}

const der = (pem: string) => pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');

/** svid.pem: a leaf (with `options`) of a test CA for example.com; bundle.pem: that CA, or `bundleOf`'s. */
function leaf(options: LeafOptions, bundleOf?: () => Promise<TestCa>): Maker {
  return async (dir) => {
    const ca = await TestCa.create();
    const issued = await ca.issueLeaf(options);
    fs.writeFileSync(path.join(dir, 'svid.pem'), issued.chainPem);
    fs.writeFileSync(path.join(dir, 'bundle.pem'), (bundleOf ? await bundleOf() : ca).bundlePem);
  };
}

/** frontend.csr: the CSR `pem` (what `svid issue --csr frontend.csr` sends). */
const csrFile = (dir: string, pem: string) => write(dir, 'frontend.csr', pem);

/** A PEM CSR with one byte of its signature (the DER's last byte) changed after signing. */
function tamperedSignature(pem: string): string {
  const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  der[der.length - 1] ^= 0x01;
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE REQUEST-----\n${lines.join('\n')}\n-----END CERTIFICATE REQUEST-----\n`;
}

export const MADE_INPUTS: Record<string, Maker> = {
  'csr-signature-invalid': async (dir) => csrFile(dir, tamperedSignature((await createCsr('EC')).csrPem)),
  'csr-weak-key': async (dir) => csrFile(dir, (await createCsr('RSA-1024')).csrPem),
  'payload-too-large': async (dir) =>
    write(
      dir,
      'big.json',
      JSON.stringify({
        apiVersion: 'core.riptides.io/v1alpha1',
        kind: 'Service',
        metadata: { name: 'backend', namespace: 'shop', annotations: { note: 'x'.repeat(5 * 1024 * 1024) } },
        spec: { addresses: [{ address: 'backend.shop.svc.cluster.local', port: 3000 }] },
      }),
    ),
  RT3003: leaf({ uris: [], dns: ['backend.example.com'] }),
  RT3004: leaf({ uris: ['spiffe://example.com/shop/backend', 'spiffe://example.com/shop/api'] }),
  RT3005: leaf({ uris: ['https://example.com/shop/backend'] }),
  RT3006: leaf({ uris: ['spiffe://example.com'] }),
  RT3007: leaf({ ca: true }),
  RT3008: leaf({ keyUsage: null }),
  RT3009: leaf({ keyUsageCritical: false }),
  RT3010: leaf({ keyUsage: KU.keyEncipherment }),
  RT3011: leaf({ keyUsage: KU.digitalSignature | KU.keyCertSign }),
  RT3012: leaf({ extKeyUsage: [EKU_CLIENT] }),
  RT3013: leaf({ extKeyUsage: null }),
  RT3021: leaf({}, () => TestCa.create()),
  RT3022: leaf({}, () => TestCa.create({ trustDomain: 'other.org' })),
  RT3024: leaf({ uris: ['spiffe://example.com/shop/backend'] }),
  RT3025: leaf({ keyType: 'RSA-1024' }),
  RT1006: async (dir) => {
    backendManifest(dir);
    execFileSync('mkfifo', [path.join(dir, 'manifests', 'events.yaml')]);
  },
  RT1007: async (dir) => {
    backendManifest(dir);
    fs.symlinkSync('../old/frontend.yaml', path.join(dir, 'manifests', 'frontend.yaml'));
  },
  RT3014: chain({ intermediateOptions: { ca: false } }),
  RT3015: chain({ intermediateOptions: { keyUsage: KU.digitalSignature } }),
  RT3016: chain({ intermediateOptions: { uris: ['spiffe://example.com/issuer'] } }),
  RT3017: leaf({ notBefore: Y2099, notAfter: new Date('2099-02-01T00:00:00Z') }),
  RT3018: leaf({ notBefore: Y2020, notAfter: new Date('2020-02-01T00:00:00Z') }),
  RT3019: leaf({ notAfter: Y2099 }),
  RT3020: async (dir) => {
    const ours = await TestCa.create();
    const other = await TestCa.create();
    write(dir, 'svid.pem', `${(await ours.issueLeaf()).pem}\n${other.root.pem}\n`);
    write(dir, 'bundle.pem', ours.bundlePem);
  },
  RT3023: async (dir) => {
    write(dir, 'svid.pem', (await (await TestCa.create()).issueLeaf()).chainPem);
  },
  RT3026: async (dir) => {
    const issued = await (await TestCa.create()).issueLeaf();
    const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', issued.keys.privateKey)).toString(
      'base64',
    );
    const keyPem = `-----BEGIN PRIVATE KEY-----\n${pkcs8.replace(/.{64}/g, '$&\n')}\n-----END PRIVATE KEY-----\n`;
    write(dir, 'svid.pem', `${issued.chainPem}${keyPem}`);
  },
  RT3027: leaf({ subject: '', sanCritical: false }),
  RT4002: jwt({ alg: 'HS256' }),
  RT4003: jwt({ header: { typ: 'at+jwt' } }),
  RT4004: jwt({ omitHeader: ['kid'] }),
  RT4005: jwt({ header: { kid: 'retired-key' } }),
  RT4006: jwt({}, 'other-key'),
  RT4007: jwt({ omitClaims: ['sub'] }),
  RT4008: jwt({ claims: { sub: 'shop/backend' } }),
  RT4009: jwt({ claims: { sub: 'spiffe://other.org/workload' } }),
  RT4010: jwt({ omitClaims: ['aud'] }),
  RT4011: jwt({ claims: { aud: ['billing'] } }),
  RT4012: jwt(),
  RT4013: jwt({ omitClaims: ['exp'] }),
  RT4014: jwt({ claims: { iat: sec(Y2020), exp: sec(Y2020) + 300 } }),
  RT4015: jwt({ claims: { nbf: sec(Y2099), exp: sec(Y2099) + 300 } }),
  RT4016: jwt({ claims: { iat: sec(Y2099), exp: sec(Y2099) + 300 } }),
  RT4017: jwt({}, 'none'),
  RT4018: jwt(),
  RT4019: jwt({ claims: { exp: sec(Y2099) } }),
  RT4020: jwt({ claims: { aud: ['test-aud', 'billing'] } }),
  RT4021: jwt({ header: { jku: 'https://example.com/keys.json' } }),
  RT4105: x509Bundle((key) => {
    key.kid = 'root-2026';
  }),
  RT4106: x509Bundle(async (key) => {
    const other = await TestCa.create();
    key.x5c = [...(key.x5c as string[]), der(other.root.pem)];
  }),
  RT4107: x509Bundle(async (key, ca) => {
    key.x5c = [der((await ca.issueLeaf()).pem)];
  }),
  RT4114: async (dir) => {
    const ca = await TestCa.create({ anonymousRoot: true });
    write(dir, 'svid.pem', (await ca.issueLeaf()).chainPem);
    write(dir, 'bundle.pem', ca.bundlePem);
  },
  RT4115: x509Bundle(() => undefined, { now: Y2020 }),
  RT4116: x509Bundle(() => undefined),
};
