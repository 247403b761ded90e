/**
 * The example of each code's page, by id: the input that triggers the code and the command line;
 * test/e2e/code-examples.test.ts runs each and records what it prints (scripts/code-examples.json).
 * Only the page generator (scripts/build-docs.js) and the tests read them: the CLI never loads this
 * module, so the example data stays out of the bundle the commands start from.
 */
import { allCodes, type CodeEntry } from './codes';
import { ERROR_EXAMPLES, SERVED_URL } from './examples-errors';
import { FLOW_EXAMPLES } from './examples-flows';
import { MANIFEST_EXAMPLES } from './examples-manifests';
import { HTTP_EXAMPLES } from './examples-http';
import { NO_EXAMPLES } from './examples-none';
import { REASON_EXAMPLES } from './examples-reasons';
import { RULE_EXAMPLES } from './examples-rules';
import { SVID_EXAMPLES } from './examples-svid';
import type { CodeExample } from './types';

export const EXAMPLES: Readonly<Record<string, CodeExample>> = {
  ...MANIFEST_EXAMPLES,
  ...RULE_EXAMPLES,
  ...REASON_EXAMPLES,
  ...ERROR_EXAMPLES,
  ...SVID_EXAMPLES,
  ...FLOW_EXAMPLES,
  ...HTTP_EXAMPLES,
};

let withExamples: CodeEntry[] | undefined;

export { NO_EXAMPLES, SERVED_URL };

/**
 * Every code, sorted by id, with its example where it has one, else the reason it has none (for the
 * pages and their test).
 */
export function allCodesWithExamples(): readonly CodeEntry[] {
  return (withExamples ??= allCodes().map((c) => {
    const entry: CodeEntry = { ...c };
    if (EXAMPLES[c.id]) entry.example = EXAMPLES[c.id];
    if (NO_EXAMPLES[c.id]) entry.noExample = NO_EXAMPLES[c.id];
    return entry;
  }));
}
