/**
 * Flows from the control plane: one by id (`explain connection --flow-id`) and every stored flow,
 * page by page, for `simulate --flows-live [--since]`. Each page is replayed and dropped, so memory
 * stays bounded whatever the window holds.
 */
import { usageError } from '../core/errors';
import { checkFlowRecord, type FlowRecord, type FlowReplay } from '../core/flows';
import { parseDuration } from '../core/spiffe/duration';
import { resolveConnection, type ConnectionFlagValues } from './context';
import { quote } from '../core/text/quote';

const PAGE = 1000;

/** `--since`: an RFC 3339 time, or a duration back from now (`1h`, `7d`). */
export function parseSince(value: string | undefined, now: Date): string | undefined {
  if (value === undefined) return undefined;
  const d = parseDuration(value);
  if (d.ok) return new Date(now.getTime() - d.ms).toISOString();
  if (/^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value))) return value;
  throw usageError(`--since ${quote(value)}: give an RFC 3339 time or a duration back from now`, [
    '--since 2026-11-30T10:00:00Z',
    '--since 1h',
  ]);
}

export async function fetchFlow(flags: ConnectionFlagValues, id: string): Promise<FlowRecord> {
  const { client } = await resolveConnection(flags, process.env);
  try {
    const r = await client.request<FlowRecord>('GET', `/v1/flows/${encodeURIComponent(id)}`);
    return r.body;
  } finally {
    await client.close();
  }
}

/** Replay every stored flow (since `since`) into `replay`; returns the number of pages read. */
export async function replayLiveFlows(
  flags: ConnectionFlagValues,
  replay: FlowReplay,
  since: string | undefined,
  onProgress?: (n: number) => void,
): Promise<void> {
  const { client } = await resolveConnection(flags, process.env);
  let index = 0;
  try {
    let token: string | undefined;
    do {
      const r = await client.request<{ items: FlowRecord[]; metadata: { continue?: string } }>(
        'GET',
        '/v1/flows',
        {
          query: { limit: PAGE, since, continue: token },
        },
      );
      for (const f of r.body.items) {
        index++;
        // The server validated them on the way in; a newer server's extra fields are reported, not fatal.
        const problems = checkFlowRecord(f);
        if (problems.length === 0) replay.add(f, index);
        else replay.addError({ index, problems });
      }
      onProgress?.(index);
      token = r.body.metadata.continue;
    } while (token);
  } finally {
    await client.close();
  }
}
