/**
 * The live state, read while the command's own input loads. `ctl apply` (and `validate --live`)
 * need the control plane's resources only once their files are read and checked, but the round
 * trips (TCP, TLS, the trust domain, the lists) need nothing from the files. Started first, they go
 * on while the loader parses: it lets the event loop turn every few milliseconds
 * (src/io/read-inputs.ts), and the control plane answers on its own core or machine.
 *
 * Nothing shows that the reading started early: its warnings and `-v` lines are held back until
 * the connection is taken, so the output is what reading afterwards printed, and its errors are
 * thrown where the command takes them. A command that stops before (invalid manifests) cancels it:
 * nothing printed, requests dropped, connections closed.
 *
 * What was read is used only while it is fresh: taken more than 2 s after it arrived (a slow
 * `-f -` on a terminal), it is read again, so that the rules and the "unchanged" decision of
 * `ctl apply` see the live state as it is when the writes go out, as when reading afterwards.
 *
 * Only a control plane over the network is read ahead: the embedded one would run on this thread
 * (nothing to overlap) and opening it creates its data directory.
 */
import {
  connectsOverNetwork,
  resolveConnection,
  stderrLine,
  type Connection,
  type ConnectionFlagValues,
} from './context';
import { liveInputsFrom, type LiveInputs } from './live-inputs';

export interface LivePrefetch {
  /**
   * The connection, as resolveConnection gives it (its errors are thrown here), after the lines
   * held back are printed. The caller owns the client from now on and closes it.
   */
  connection(): Promise<Connection>;
  /** Every resource and the trust domain (liveInputsFrom), over that connection. */
  live(): Promise<LiveInputs>;
  /** Not needed after all (call it in any case: after `connection()` it does nothing). */
  cancel(): Promise<void>;
}

type Env = Record<string, string | undefined>;

/** Live inputs older than this when taken are read again. */
export const LIVE_FRESH_MS = 2000;

/** Start reading the live state now, over the network; the embedded context reads when asked. */
export function prefetchLive(flags: ConnectionFlagValues, env: Env = process.env): LivePrefetch {
  if (!connectsOverNetwork(flags, env)) return connectWhenAsked(flags, env);
  const held: string[] = [];
  let state: 'holding' | 'taken' | 'cancelled' = 'holding';
  const line = (text: string) => {
    if (state === 'holding') held.push(text);
    else if (state === 'taken') stderrLine(text);
  };
  const connecting = resolveConnection(flags, env, { warn: line, log: flags.verbose ? line : undefined });
  let readAt = 0;
  const reading = connecting.then(async (c) => {
    const inputs = await liveInputsFrom(c.client, c.context);
    readAt = performance.now();
    return inputs;
  });
  // Rejections are the taker's; until taken (or if never), they are not unhandled.
  connecting.catch(() => undefined);
  reading.catch(() => undefined);
  return {
    async connection() {
      if (state === 'holding') {
        state = 'taken';
        for (const text of held.splice(0)) stderrLine(text);
      }
      return connecting;
    },
    async live() {
      const inputs = await reading;
      if (performance.now() - readAt <= LIVE_FRESH_MS) return inputs;
      const c = await connecting;
      return liveInputsFrom(c.client, c.context);
    },
    async cancel() {
      if (state !== 'holding') return;
      state = 'cancelled';
      held.length = 0;
      const c = await connecting.catch(() => undefined);
      if (!c) return;
      await c.client.abort();
      await reading.catch(() => undefined);
    },
  };
}

/** The same interface, with nothing started before it is asked for (no live read wanted, or embedded). */
export function connectWhenAsked(flags: ConnectionFlagValues, env: Env = process.env): LivePrefetch {
  let connecting: Promise<Connection> | undefined;
  return {
    connection: () => (connecting ??= resolveConnection(flags, env)),
    async live() {
      const c = await (connecting ??= resolveConnection(flags, env));
      return liveInputsFrom(c.client, c.context);
    },
    cancel: async () => undefined,
  };
}

/** The live inputs alone: the connection is taken, read over and closed. */
export async function takeLiveInputs(prefetch: LivePrefetch): Promise<LiveInputs> {
  const { client } = await prefetch.connection();
  try {
    return await prefetch.live();
  } finally {
    await client.close();
  }
}
