/**
 * The embedded `local` context: the reference control plane runs inside this process on a database
 * under the XDG data directory, and requests go through fastify's `inject()` — same routes,
 * validation and store as `controlplane serve`, no socket. The server is loaded only here.
 */
import type { Transport, TransportRequest, TransportResponse } from './transport';
import { flattenHeaders } from './transport';

export interface EmbeddedTransportOptions {
  dataDir: string;
}

export async function createEmbeddedTransport(options: EmbeddedTransportOptions): Promise<Transport> {
  // Loaded here: fastify, node:sqlite and the server code are needed only by the local context.
  const { createControlPlane } = require('../server/index') as typeof import('../server/index');
  const cp = await createControlPlane({ dataDir: options.dataDir });
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
  };
}
