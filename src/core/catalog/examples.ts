/**
 * The example of each code's page, by id: the input that triggers the code and the command line;
 * test/e2e/code-examples.test.ts runs each and records what it prints (scripts/code-examples.json).
 */
import { ERROR_EXAMPLES } from './examples-errors';
import { FLOW_EXAMPLES } from './examples-flows';
import { MANIFEST_EXAMPLES } from './examples-manifests';
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
};
