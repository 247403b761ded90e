/**
 * The embedded `local` context: the reference control plane runs inside this process on a database
 * under the XDG data directory, and requests go through fastify's `inject()` — same routes,
 * validation and store as `controlplane serve`, no socket. The api layer does not know the server:
 * the cli layer passes `open` (src/cli/context.ts loads src/server only for the local context).
 */
import { ExitCode, RiptidesError, suggestionsFor } from '../core/errors';
import type { Transport, TransportRequest, TransportResponse } from './transport';
import { flattenHeaders } from './transport';

/** What the transport needs of an in-process control plane (src/server's ControlPlane has it). */
export interface EmbeddedControlPlane {
  adminToken: string;
  app: {
    inject(request: {
      method: TransportRequest['method'];
      url: string;
      headers: Record<string, string>;
      payload?: string;
    }): Promise<{ statusCode: number; headers: Record<string, unknown>; body: string }>;
  };
  close(): Promise<void>;
}

export interface EmbeddedTransportOptions {
  dataDir: string;
  /** Opens (creating when needed) the control plane whose data is in `dataDir`. */
  open(dataDir: string): Promise<EmbeddedControlPlane>;
}

export async function createEmbeddedTransport(options: EmbeddedTransportOptions): Promise<Transport> {
  let cp: EmbeddedControlPlane;
  try {
    cp = await options.open(options.dataDir);
  } catch (err) {
    if (err instanceof RiptidesError) throw err;
    throw new RiptidesError(
      `cannot open the local control plane's data in ${options.dataDir}: ${(err as Error).message}`,
      {
        code: 'local-data-unusable',
        exitCode: ExitCode.UNAVAILABLE,
        suggestions: suggestionsFor(err, [
          'check that the directory is writable (it is under $XDG_DATA_HOME, default ~/.local/share)',
          'or use a served control plane: riptides-cli config use-context NAME',
        ]),
        cause: err,
      },
    );
  }
  return {
    server: `embedded control plane (data in ${options.dataDir})`,
    embedded: true,
    async send(request: TransportRequest): Promise<TransportResponse> {
      const headers = { ...request.headers };
      // In-process: the client is the owner of the data directory, so it uses the admin token.
      headers.authorization ??= `Bearer ${cp.adminToken}`;
      const res = await cp.app.inject({
        method: request.method,
        url: request.path,
        headers,
        payload: request.body,
      });
      return { status: res.statusCode, headers: flattenHeaders(res.headers), body: res.body };
    },
    async close(): Promise<void> {
      await cp.close();
    },
    // In-process requests cannot be dropped half-way: they finish, then the store closes.
    async destroy(): Promise<void> {
      await cp.close();
    },
  };
}
