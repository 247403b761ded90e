/**
 * `svid inspect --connect HOST:PORT`: a real TLS handshake that captures the certificate chain the
 * server presents (optionally presenting a client SVID with --cert/--key). Trust is not decided here:
 * the handshake accepts any chain and the SPIFFE verifier judges it against the bundle.
 */
import tls from 'node:tls';
import { isIP } from 'node:net';
import { ExitCode, RiptidesError, usageError } from '../core/errors';
import { quote } from '../core/text/quote';

export interface ConnectTarget {
  host: string;
  port: number;
}

/** Parse HOST:PORT (IPv6 as [::1]:443). */
export function parseConnectTarget(text: string): ConnectTarget {
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(text) ?? /^([^:]+):(\d+)$/.exec(text);
  const port = m ? Number(m[2]) : NaN;
  if (!m || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw usageError(`--connect ${quote(text)} is not HOST:PORT`, [
      'e.g. --connect 127.0.0.1:8443 or --connect [::1]:8443',
    ]);
  }
  return { host: m[1], port };
}

export interface HandshakeResult {
  /** DER of each certificate the server presented, leaf first. */
  chain: Buffer[];
  protocol: string | null;
  cipher: string | null;
  /** Whether the server asked for and accepted our client certificate is not observable; we say if we sent one. */
  clientCertificateSent: boolean;
}

export interface ConnectOptions {
  certPem?: string;
  keyPem?: string;
  servername?: string;
  timeoutMs?: number;
}

/** Connect, complete the handshake, capture the presented chain, close. */
export function captureServerChain(
  target: ConnectTarget,
  options: ConnectOptions = {},
): Promise<HandshakeResult> {
  const where = `${target.host}:${target.port}`;
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: target.host,
      port: target.port,
      servername: options.servername ?? (isIP(target.host) ? undefined : target.host),
      // The chain is judged by the SPIFFE verifier against the bundle, not by the web PKI.
      rejectUnauthorized: false,
      cert: options.certPem,
      key: options.keyPem,
      ALPNProtocols: ['h2', 'http/1.1'],
    });
    const fail = (err: Error & { code?: string }) => {
      socket.destroy();
      reject(
        new RiptidesError(`cannot complete a TLS handshake with ${where}: ${err.message}`, {
          code: 'connect-failed',
          exitCode: ExitCode.FINDINGS,
          cause: err,
          suggestions:
            err.code === 'ECONNREFUSED'
              ? [`check that a TLS server listens on ${where}`]
              : [
                  'check HOST:PORT and that the endpoint speaks TLS',
                  'if it requires a client certificate, pass --cert and --key',
                ],
        }),
      );
    };
    socket.setTimeout(options.timeoutMs ?? 10_000, () =>
      fail(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })),
    );
    socket.once('error', fail);
    socket.once('secureConnect', () => {
      const chain: Buffer[] = [];
      let cert = socket.getPeerCertificate(true);
      const seen = new Set<string>();
      while (cert && cert.raw && !seen.has(cert.fingerprint256)) {
        seen.add(cert.fingerprint256);
        chain.push(cert.raw);
        cert = cert.issuerCertificate;
      }
      const cipher = socket.getCipher();
      const result: HandshakeResult = {
        chain,
        protocol: socket.getProtocol(),
        cipher: cipher?.standardName ?? cipher?.name ?? null,
        clientCertificateSent: options.certPem !== undefined,
      };
      socket.removeListener('error', fail);
      socket.on('error', () => undefined);
      socket.end();
      socket.destroy();
      resolve(result);
    });
  });
}
