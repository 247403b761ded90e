/**
 * The local side of `svid issue`: a fresh private key generated on this machine (it never leaves it),
 * a PKCS#10 CSR for it (@peculiar/x509, loaded only here), and the files written atomically:
 * `svid.pem` (chain), `key.pem` (0600), `bundle.pem` (the trust domain's X.509 authorities).
 */
import { randomBytes, webcrypto, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { usageError } from '../core/errors';

export const KEY_TYPES = ['ec-p256', 'ec-p384', 'rsa-2048', 'rsa-3072', 'ed25519'] as const;
export type KeyType = (typeof KEY_TYPES)[number];

type KeyParams = {
  gen: webcrypto.EcKeyGenParams | webcrypto.RsaHashedKeyGenParams | webcrypto.Algorithm;
  sign: webcrypto.Algorithm | webcrypto.EcdsaParams;
};

function keyParams(type: KeyType): KeyParams {
  switch (type) {
    case 'ec-p256':
      return { gen: { name: 'ECDSA', namedCurve: 'P-256' }, sign: { name: 'ECDSA', hash: 'SHA-256' } };
    case 'ec-p384':
      return { gen: { name: 'ECDSA', namedCurve: 'P-384' }, sign: { name: 'ECDSA', hash: 'SHA-384' } };
    case 'rsa-2048':
    case 'rsa-3072':
      return {
        gen: {
          name: 'RSASSA-PKCS1-v1_5',
          modulusLength: type === 'rsa-2048' ? 2048 : 3072,
          publicExponent: new Uint8Array([1, 0, 1]),
          hash: 'SHA-256',
        } as webcrypto.RsaHashedKeyGenParams,
        sign: { name: 'RSASSA-PKCS1-v1_5' },
      };
    case 'ed25519':
      return { gen: { name: 'Ed25519' }, sign: { name: 'Ed25519' } };
  }
}

const pem = (label: string, der: ArrayBuffer | Buffer) =>
  `-----BEGIN ${label}-----\n${Buffer.from(der as ArrayBuffer)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '')}\n-----END ${label}-----\n`;

/** Generate a key pair and a CSR signed with it. The private key is returned as PKCS#8 PEM. */
export async function generateKeyAndCsr(
  type: KeyType,
  commonName: string,
): Promise<{ keyPem: string; csrPem: string }> {
  require('reflect-metadata');
  const x509 = require('@peculiar/x509') as typeof import('@peculiar/x509');
  x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
  const params = keyParams(type);
  const keys = (await webcrypto.subtle.generateKey(params.gen as never, true, [
    'sign',
    'verify',
  ])) as unknown as webcrypto.CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: `CN=${commonName.replace(/[,+="\\<>;#]/g, '_').slice(0, 64)}`,
    keys: keys as never,
    signingAlgorithm: params.sign as never,
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { keyPem: pem('PRIVATE KEY', pkcs8), csrPem: csr.toString('pem') };
}

/**
 * Whether the first certificate of `chainPem` holds the public key of the CSR `csr` (PEM, or base64
 * DER, as sent): a control plane must certify the key it was asked to. Undefined when either cannot
 * be read (the SVID's own checks then report the certificate).
 */
export function certifiesCsrKey(chainPem: string, csr: string): boolean | undefined {
  require('reflect-metadata');
  const x509 = require('@peculiar/x509') as typeof import('@peculiar/x509');
  let requested: Buffer;
  let issued: Buffer;
  try {
    requested = Buffer.from(new x509.Pkcs10CertificateRequest(csr).publicKey.rawData);
    const leaf = /-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/.exec(chainPem)?.[0];
    if (leaf === undefined) return undefined;
    issued = new X509Certificate(leaf).publicKey.export({ type: 'spki', format: 'der' });
  } catch {
    return undefined;
  }
  return requested.equals(issued);
}

/** PEM of every X.509 authority of a SPIFFE bundle (JWKS) document. */
export function bundleJsonToPem(json: string): string {
  const doc = JSON.parse(json) as { keys?: { use?: string; x5c?: string[] }[] };
  return (doc.keys ?? [])
    .filter((k) => k.use === 'x509-svid' && Array.isArray(k.x5c) && k.x5c.length > 0)
    .map((k) => pem('CERTIFICATE', Buffer.from(k.x5c![0], 'base64')))
    .join('');
}

/**
 * Write `text` to `file` atomically with `mode`, never through a symbolic link: the data goes to a new
 * file with an unpredictable name in the same directory, created exclusively (O_EXCL | O_NOFOLLOW:
 * a link planted there makes the create fail instead of being followed), then renamed over `file`
 * (rename replaces a link at `file` itself, never its target).
 */
export function writeAtomic(file: string, text: string, mode: number): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(8).toString('hex')}.tmp`);
  const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = fs.constants;
  let fd: number;
  try {
    fd = fs.openSync(tmp, O_WRONLY | O_CREAT | O_EXCL | (O_NOFOLLOW ?? 0), mode);
  } catch (err) {
    throw usageError(`cannot create ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`, [
      'check that the --out directory is writable and belongs to you',
    ]);
  }
  try {
    fs.fchmodSync(fd, mode); // the umask never widens it, but could narrow 0644
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } catch (err) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  fs.closeSync(fd);
  try {
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw usageError(`cannot write ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`, [
      `remove or rename what is at ${file}`,
    ]);
  }
}

export interface SvidFiles {
  svid: string;
  /** Absent when the key was not made here (`svid issue --csr`). */
  key?: string;
  bundle: string;
}

/**
 * Write svid.pem, key.pem (0600) and bundle.pem into `dir` (created 0700 if missing). Without
 * `keyPem` (a CSR made elsewhere) no key.pem is written, and one already in `dir` is left as it is:
 * it may well be the key the CSR was made with.
 */
export function writeSvidFiles(
  dir: string,
  content: { chainPem: string; keyPem?: string; bundlePem: string },
): SvidFiles {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw usageError(`--out ${dir}: cannot create the directory (${(err as NodeJS.ErrnoException).code})`);
  }
  if (!fs.statSync(dir).isDirectory()) throw usageError(`--out ${dir} is not a directory`);
  const key = path.join(dir, 'key.pem');
  const files: SvidFiles = {
    svid: path.join(dir, 'svid.pem'),
    ...(content.keyPem === undefined ? {} : { key }),
    bundle: path.join(dir, 'bundle.pem'),
  };
  // The key first: a crash never leaves a certificate without its key.
  if (content.keyPem !== undefined) writeAtomic(key, content.keyPem, 0o600);
  writeAtomic(files.svid, content.chainPem, 0o644);
  writeAtomic(files.bundle, content.bundlePem, 0o644);
  return files;
}
