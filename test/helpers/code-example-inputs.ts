/**
 * The inputs of code examples that cannot be written as text in the catalog: certificates, made
 * here for each run with @peculiar/x509 (test/helpers/test-ca.ts), as the example's `made` field
 * describes them. Keyed by the code whose example they belong to.
 */
import fs from 'node:fs';
import path from 'node:path';
import { EKU_CLIENT, KU, TestCa, type LeafOptions } from './test-ca';

type Maker = (dir: string) => Promise<void>;

/** svid.pem: a leaf (with `options`) of a test CA for example.com; bundle.pem: that CA, or `bundleOf`'s. */
function leaf(options: LeafOptions, bundleOf?: () => Promise<TestCa>): Maker {
  return async (dir) => {
    const ca = await TestCa.create();
    const issued = await ca.issueLeaf(options);
    fs.writeFileSync(path.join(dir, 'svid.pem'), issued.chainPem);
    fs.writeFileSync(path.join(dir, 'bundle.pem'), (bundleOf ? await bundleOf() : ca).bundlePem);
  };
}

export const MADE_INPUTS: Record<string, Maker> = {
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
};
