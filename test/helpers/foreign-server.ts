/**
 * The server beside a code example whose `foreign` field asks for one: something at the control
 * plane's address that is not a healthy Riptides control plane (a proxy's HTML page, a 429, a 503,
 * a server that never answers, one that does not speak TLS, one whose certificate names another
 * host). Listens on a free loopback port; its CA is written to DIR/ca.pem.
 */
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import { webcrypto } from 'node:crypto';
import { issueServerCertificate, loadOrCreateCertificateAuthority } from '../../src/server/ca';
import type { ForeignServerKind } from '../../src/core/catalog/types';
import { TestCa } from './test-ca';

export interface ForeignServer {
  url: string;
  close(): Promise<void>;
}

const text = (status: number, type: string, body: string) => (_req: IncomingMessage, res: ServerResponse) => {
  res.writeHead(status, { 'content-type': type });
  res.end(body);
};

const HANDLERS: Record<
  Exclude<ForeignServerKind, 'not-tls' | 'wrong-host'>,
  (req: IncomingMessage, res: ServerResponse) => void
> = {
  'html-page': text(200, 'text/html', '<html><body>Please sign in to the proxy</body></html>\n'),
  'status-400': text(400, 'text/plain', 'Bad Request\n'),
  'problem-400': text(
    400,
    'application/problem+json',
    JSON.stringify({
      type: 'https://riptides.io/problems/bad-request',
      title: 'Bad request',
      status: 400,
      detail: 'unknown query parameter "limit": this control plane does not take it',
      code: 'bad-request',
    }) + '\n',
  ),
  'status-429': text(429, 'text/plain', 'Too Many Requests\n'),
  'status-503': text(503, 'text/plain', 'Service Unavailable\n'),
  silent: () => undefined,
};

/** The control plane CA of the fake server (its files under DIR/.ca), its root written to DIR/ca.pem. */
async function authority(dir: string) {
  fs.mkdirSync(path.join(dir, '.ca'), { recursive: true });
  const ca = await loadOrCreateCertificateAuthority(path.join(dir, '.ca'), 'example.com');
  fs.writeFileSync(path.join(dir, 'ca.pem'), ca.rootPem);
  return ca;
}

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

export async function startForeignServer(kind: ForeignServerKind, dir: string): Promise<ForeignServer> {
  const sockets = new Set<net.Socket>();
  let server: net.Server;
  if (kind === 'not-tls') {
    // Answers plain text to whatever it is sent, TLS ClientHello included.
    server = net.createServer((s) => s.end('SSH-2.0-OpenSSH_9.6\r\n'));
    await authority(dir);
  } else if (kind === 'wrong-host') {
    const ca = await TestCa.create();
    const issued = await ca.issueLeaf({ uris: [], dns: ['cp.example.com'] });
    const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', issued.keys.privateKey)).toString(
      'base64',
    );
    const key = `-----BEGIN PRIVATE KEY-----\n${pkcs8.replace(/.{64}/g, '$&\n')}\n-----END PRIVATE KEY-----\n`;
    server = https.createServer({ cert: issued.chainPem, key }, text(200, 'application/json', '{}'));
    fs.writeFileSync(path.join(dir, 'ca.pem'), ca.bundlePem);
  } else {
    const cert = await issueServerCertificate(await authority(dir), '127.0.0.1');
    server = https.createServer({ cert: cert.certChainPem, key: cert.keyPem }, HANDLERS[kind]);
  }
  server.on(kind === 'not-tls' ? 'connection' : 'secureConnection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const port = await listen(server);
  return {
    url: `https://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
