/**
 * The trust domain's certificate authority (ECDSA P-256): a self-signed root (`DATA/ca.pem`, the
 * trust anchor clients pass as --ca-file) and an intermediate issuing CA that signs the HTTPS server
 * certificate and, through the SVID routes, X.509-SVIDs. Created on first use, reused afterwards.
 * Only loaded when TLS or issuance needs it (it pulls in @peculiar/x509).
 */
import { webcrypto } from 'node:crypto';
import fs from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import 'reflect-metadata'; // the Reflect metadata API @peculiar/x509's dependency injection needs
import * as x509 from '@peculiar/x509';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const EC_KEY: webcrypto.EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };
const SIGNING: webcrypto.EcdsaParams = { name: 'ECDSA', hash: 'SHA-256' };
const DAY_MS = 24 * 60 * 60 * 1000;

export interface CertificateAuthority {
  trustDomain: string;
  /** The root certificate (PEM): the trust anchor (`DATA/ca.pem`) and the trust bundle's X.509 authority. */
  rootPem: string;
  /** The intermediate issuing CA certificate (PEM), signed by the root. Chains: leaf, issuerPem. */
  issuerPem: string;
  /** The issuing CA's private key (ECDSA P-256, extractable, usable with @peculiar/x509 or WebCrypto `sign`). */
  issuerKey: CryptoKey;
  /** The issuing CA's public key. */
  issuerPublicKey: CryptoKey;
}

export interface CaFiles {
  /** Root certificate: `DATA/ca.pem`. */
  caFile: string;
  caKeyFile: string;
  issuerFile: string;
  issuerKeyFile: string;
}

export function caFilesIn(dataDir: string): CaFiles {
  return {
    caFile: path.join(dataDir, 'ca.pem'),
    caKeyFile: path.join(dataDir, 'ca-key.pem'),
    issuerFile: path.join(dataDir, 'issuer.pem'),
    issuerKeyFile: path.join(dataDir, 'issuer-key.pem'),
  };
}

/** A certificate and key for the HTTPS listener, in the PEM forms node:tls takes. */
export interface ServerCertificate {
  /** Leaf then issuing CA. */
  certChainPem: string;
  keyPem: string;
}

/**
 * Load the CA from `dataDir`, or create it (root + issuing CA) when `ca.pem` does not exist yet.
 * Keys are written with mode 0600; `ca.pem` is written last, so a half-created CA is recreated.
 */
export async function loadOrCreateCertificateAuthority(
  dataDir: string,
  trustDomain: string,
  now: () => Date = () => new Date(),
): Promise<CertificateAuthority> {
  const files = caFilesIn(dataDir);
  if (fs.existsSync(files.caFile)) return loadCertificateAuthority(files, trustDomain);
  return createCertificateAuthority(files, trustDomain, now());
}

async function loadCertificateAuthority(files: CaFiles, trustDomain: string): Promise<CertificateAuthority> {
  const rootPem = fs.readFileSync(files.caFile, 'utf8');
  const issuerPem = fs.readFileSync(files.issuerFile, 'utf8');
  const issuerKey = await importPrivateKey(fs.readFileSync(files.issuerKeyFile, 'utf8'));
  const issuerPublicKey = await new x509.X509Certificate(issuerPem).publicKey.export(EC_KEY, ['verify']);
  return { trustDomain, rootPem, issuerPem, issuerKey, issuerPublicKey };
}

async function createCertificateAuthority(
  files: CaFiles,
  trustDomain: string,
  now: Date,
): Promise<CertificateAuthority> {
  const { root, rootKeys } = await createRoot(trustDomain, now);
  const { issuer, issuerKeys } = await createIssuer(root, rootKeys, trustDomain, now);
  fs.mkdirSync(path.dirname(files.caFile), { recursive: true, mode: 0o700 });
  writeAtomic(files.caKeyFile, await exportPrivateKeyPem(rootKeys.privateKey), 0o600);
  writeAtomic(files.issuerKeyFile, await exportPrivateKeyPem(issuerKeys.privateKey), 0o600);
  writeAtomic(files.issuerFile, issuer.toString('pem') + '\n', 0o644);
  writeAtomic(files.caFile, root.toString('pem') + '\n', 0o644);
  return {
    trustDomain,
    rootPem: root.toString('pem') + '\n',
    issuerPem: issuer.toString('pem') + '\n',
    issuerKey: issuerKeys.privateKey,
    issuerPublicKey: issuerKeys.publicKey,
  };
}

/** A new self-signed root for `trustDomain` (valid 10 years). */
async function createRoot(
  trustDomain: string,
  now: Date,
): Promise<{ root: x509.X509Certificate; rootKeys: CryptoKeyPair }> {
  const rootKeys = (await webcrypto.subtle.generateKey(EC_KEY, true, ['sign', 'verify'])) as CryptoKeyPair;
  const root = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: `CN=Riptides root CA ${trustDomain}, O=Riptides`,
    notBefore: new Date(now.getTime() - 5 * 60 * 1000),
    notAfter: new Date(now.getTime() + 10 * 365 * DAY_MS),
    keys: rootKeys,
    signingAlgorithm: SIGNING,
    extensions: [
      new x509.BasicConstraintsExtension(true, 1, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      new x509.SubjectAlternativeNameExtension([{ type: 'url', value: `spiffe://${trustDomain}` }]),
      await x509.SubjectKeyIdentifierExtension.create(rootKeys.publicKey),
    ],
  });
  return { root, rootKeys };
}

/** A new issuing CA signed by `root`, valid `days` (default 5 years, never past the root). */
async function createIssuer(
  root: x509.X509Certificate,
  rootKeys: { privateKey: CryptoKey; publicKey: CryptoKey },
  trustDomain: string,
  now: Date,
  days = 5 * 365,
  label = 'issuing CA',
): Promise<{ issuer: x509.X509Certificate; issuerKeys: CryptoKeyPair }> {
  const issuerKeys = (await webcrypto.subtle.generateKey(EC_KEY, true, ['sign', 'verify'])) as CryptoKeyPair;
  const notAfter = new Date(Math.min(now.getTime() + days * DAY_MS, root.notAfter.getTime()));
  const issuer = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: `CN=Riptides ${label} ${trustDomain}, O=Riptides`,
    issuer: root.subject,
    notBefore: new Date(now.getTime() - 5 * 60 * 1000),
    notAfter,
    publicKey: issuerKeys.publicKey,
    signingKey: rootKeys.privateKey,
    signingAlgorithm: SIGNING,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      new x509.SubjectAlternativeNameExtension([{ type: 'url', value: `spiffe://${trustDomain}` }]),
      await x509.SubjectKeyIdentifierExtension.create(issuerKeys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(rootKeys.publicKey),
    ],
  });
  return { issuer, issuerKeys };
}

/** A new root for a replicated control plane: the certificate and its private key as PEM (kept in the database). */
export async function createRootPem(
  trustDomain: string,
  now: Date,
): Promise<{ rootPem: string; rootKeyPem: string }> {
  const { root, rootKeys } = await createRoot(trustDomain, now);
  return { rootPem: root.toString('pem') + '\n', rootKeyPem: await exportPrivateKeyPem(rootKeys.privateKey) };
}

/**
 * One replica's CA: the shared root and an intermediate of its own, created at start and kept in
 * memory only (valid 30 days; a replica restarts with a new one). Every replica's SVIDs chain to the
 * same root, so the trust bundle is the same everywhere.
 */
export async function replicaCertificateAuthority(
  rootPem: string,
  rootKeyPem: string,
  trustDomain: string,
  now: Date,
): Promise<CertificateAuthority> {
  const root = new x509.X509Certificate(rootPem);
  const rootKeys = {
    privateKey: await importPrivateKey(rootKeyPem),
    publicKey: await root.publicKey.export(EC_KEY, ['verify']),
  };
  const { issuer, issuerKeys } = await createIssuer(
    root,
    rootKeys,
    trustDomain,
    now,
    30,
    'replica issuing CA',
  );
  return {
    trustDomain,
    rootPem,
    issuerPem: issuer.toString('pem') + '\n',
    issuerKey: issuerKeys.privateKey,
    issuerPublicKey: issuerKeys.publicKey,
  };
}

/**
 * Issue a TLS server certificate for the HTTPS listener (never stored: a new one per start).
 * SANs: `host` (DNS or IP), 127.0.0.1, ::1 and localhost, plus `extraNames` (e.g. the machine's
 * host name when listening on every interface); valid for a year.
 */
export async function issueServerCertificate(
  ca: CertificateAuthority,
  host: string,
  now: () => Date = () => new Date(),
  extraNames: readonly string[] = [],
): Promise<ServerCertificate> {
  const keys = (await webcrypto.subtle.generateKey(EC_KEY, true, ['sign', 'verify'])) as CryptoKeyPair;
  const issuer = new x509.X509Certificate(ca.issuerPem);
  const names: Array<{ type: 'dns' | 'ip'; value: string }> = [
    { type: 'dns', value: 'localhost' },
    { type: 'ip', value: '127.0.0.1' },
    { type: 'ip', value: '::1' },
  ];
  for (const name of [host, ...extraNames]) {
    const bare = name.replace(/^\[|\]$/g, '');
    if (bare !== '' && bare !== '0.0.0.0' && bare !== '::' && !names.some((n) => n.value === bare)) {
      names.push({ type: isIP(bare) ? 'ip' : 'dns', value: bare });
    }
  }
  const start = now();
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: `CN=${names.length > 3 ? names[3].value : 'localhost'}, O=Riptides control plane`,
    issuer: issuer.subject,
    notBefore: new Date(start.getTime() - 5 * 60 * 1000),
    notAfter: new Date(start.getTime() + 365 * DAY_MS),
    publicKey: keys.publicKey,
    signingKey: ca.issuerKey,
    signingAlgorithm: SIGNING,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(names),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(ca.issuerPublicKey),
    ],
  });
  return {
    certChainPem: leaf.toString('pem') + '\n' + ca.issuerPem,
    keyPem: await exportPrivateKeyPem(keys.privateKey),
  };
}

async function exportPrivateKeyPem(key: CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY') + '\n';
}

async function importPrivateKey(pem: string): Promise<CryptoKey> {
  const der = x509.PemConverter.decode(pem)[0];
  return webcrypto.subtle.importKey('pkcs8', der, EC_KEY, true, ['sign']);
}

/** 16 random bytes as hex with the top bit clear (a positive DER integer). */
function randomSerial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] &= 0x7f;
  bytes[0] |= 0x01;
  return Buffer.from(bytes).toString('hex');
}

function writeAtomic(file: string, content: string, mode: number): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, content, { mode });
  fs.chmodSync(tmp, mode);
  fs.renameSync(tmp, file);
}
