/**
 * The one seam between the ApiClient and how bytes reach a control plane: over HTTPS (undici) or
 * in-process (the embedded `local` context, fastify's inject). Transports throw raw network errors;
 * the client classifies them, retries and turns them into RiptidesErrors.
 */

export interface TransportRequest {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  /** Path with query string: `/v1/namespaces/ns/services?limit=500`. */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface TransportResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string | undefined>;
  body: string;
}

export interface Transport {
  /** What to call it in messages: `https://127.0.0.1:7443`, `embedded (…/riptides/local)`. */
  readonly server: string;
  /** The CA file the transport trusts, for messages. */
  readonly caFile?: string;
  readonly embedded: boolean;
  send(request: TransportRequest): Promise<TransportResponse>;
  close(): Promise<void>;
}

/** Flatten a header bag (string | string[]) into lower-case single strings. */
export function flattenHeaders(headers: Record<string, unknown>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}
