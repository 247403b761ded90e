/**
 * The codes whose page has no runnable example, each with the reason. An example is one
 * `riptides-cli` command line (after set-up commands that exit 0) over files, the embedded `local`
 * context or a healthy `controlplane serve` beside it, or a curl request to that served control
 * plane (examples-http.ts): it cannot make a control plane fail, or break the installation it runs
 * from; and some codes no input reaches. The page states the reason, so the gap is visible;
 * test/e2e/code-examples.test.ts checks that every code has an example or a reason here, never both.
 */

export const NO_EXAMPLES: Record<string, string> = {
  // Findings
  RT2000:
    'it reports a bug in riptides-cli (a lint rule that throws); no manifest is known to trigger one, and one that did would be fixed.',
  RT2014:
    'no input reaches it today: every selector key this rule would flag is first reported by the schema check as RT1026 unknown-selector-key, and the lint rules do not run on a document with schema errors.',
  // CLI errors
  'missing-docs-page':
    'it happens only in a damaged installation (a page deleted from its docs/codes directory); an example cannot remove a file from the installation it runs from.',
  // API problem types
  internal:
    'it is the answer of a control plane that fails on a request (a bug or a datastore failure); no input makes a healthy one fail. A client command reports every 5xx as the CLI error server-error, whose page shows one.',
  unavailable:
    'it is the answer of a control plane whose datastore is unreachable or that is shutting down; an example cannot take the datastore away during the command. A client command reports every 5xx as the CLI error server-error, whose page shows one.',
  'insufficient-storage':
    'it is the answer of a control plane whose datastore is full; an example cannot fill a disk. A client command reports every 5xx as the CLI error server-error, whose page shows one.',
};
