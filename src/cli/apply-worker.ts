/**
 * The worker thread of `controlplane serve` that prepares apply batches (src/server/apply-prepare.ts,
 * started by src/server/apply-worker-pool.ts). It lives in the CLI layer because it loads the schema
 * validators (src/io/validators), which the server is otherwise handed.
 */
import { parentPort } from 'node:worker_threads';
import { loadValidators } from '../io/validators';
import { prepareApply } from '../server/apply-prepare';
import type { WorkerAnswer, WorkerRequest } from '../server/apply-worker-pool';
import { ProblemError } from '../server/problem';

const validators = loadValidators();
const port = parentPort!;
// One request at a time, in order: prepareApply never waits on anything without a `pause`.
port.on('message', ({ id, input }: WorkerRequest) => {
  prepareApply(input, validators).then(
    (prepared) => port.postMessage({ id, prepared } satisfies WorkerAnswer),
    (err: unknown) =>
      port.postMessage(
        (err instanceof ProblemError
          ? { id, problem: err.problem, extensions: err.extensions }
          : { id, error: err instanceof Error ? err.message : String(err) }) satisfies WorkerAnswer,
      ),
  );
});
port.postMessage({ ready: true } satisfies WorkerAnswer);
