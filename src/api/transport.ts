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

/** A response whose body is read line by line as it arrives (the watch stream). */
export interface TransportStream {
  status: number;
  headers: Record<string, string | undefined>;
  lines: AsyncIterable<string>;
  /** The whole (rest of the) body: for error answers. */
  text(): Promise<string>;
  close(): void;
}

export interface Transport {
  /** What to call it in messages: `https://127.0.0.1:7443`, `embedded (…/riptides/local)`. */
  readonly server: string;
  /** The CA file the transport trusts, for messages. */
  readonly caFile?: string;
  readonly embedded: boolean;
  send(request: TransportRequest): Promise<TransportResponse>;
  /** Streaming responses; only over the network (the embedded server answers whole bodies). */
  stream?(request: TransportRequest): Promise<TransportStream>;
  close(): Promise<void>;
  /** Stop at once: requests in flight fail and connections are dropped (work no longer wanted). */
  destroy(): Promise<void>;
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
