/**
 * The codes whose page has no runnable example, each with the reason. An example is one
 * `riptides-cli` command line (after set-up commands that exit 0) over files, the embedded `local`
 * context or a healthy `controlplane serve` beside it: it cannot make a control plane fail, put a
 * foreign or misconfigured server on the network, or break the installation it runs from; and some
 * codes no input reaches. The page states
 * the reason, so the gap is visible; test/e2e/code-examples.test.ts checks that every code has an
 * example or a reason here, never both.
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
  'watch-expired':
    'the watch must be resuming from a resourceVersion the control plane no longer keeps: the control plane has to restart (SQLite starts a new history) or compact its history while a `ctl get --watch` is running and reconnecting, which one command line cannot arrange.',
  // Refused SVID requests: `svid issue` generates the key and the CSR itself, so only a request made
  // by another client (a daemon, curl) to the control plane carries a CSR it refuses.
  'invalid-csr':
    '`svid issue` makes the certificate signing request itself (PKCS#10, PEM) from the key it generates, so the control plane always reads it; a request made by another client (a daemon, curl) with a CSR that is not PKCS#10 PEM or base64 DER gets it.',
  'csr-signature-invalid':
    '`svid issue` signs the certificate signing request with the key it generates and sends it unchanged, so its signature always verifies; a request made by another client with a CSR changed after signing gets it.',
  'csr-weak-key':
    '`svid issue` generates only keys the control plane accepts (`--key-type` ec-p256, ec-p384, rsa-2048, rsa-3072, ed25519); a request made by another client with a CSR for, say, an RSA-1024 key gets it (`svid inspect` reports such a key in a certificate as RT3025, whose page shows one).',
  // API problem types
  conflict:
    'the `local` context does answer it (`ctl apply` of a manifest whose `metadata.resourceVersion` is no longer current), but `ctl apply` reports a failed write per resource (“was changed since you read it”, in text and in `-o json`) without the problem code, so no output carries `conflict`; `validate --server-side` reports the same answer as RT1040, whose page shows it.',
  invalid:
    'the CLI runs the same schema and rules before it sends a resource, so it refuses an invalid manifest itself (`invalid-manifests`, or the RT findings of `validate`) and the control plane never answers `invalid` to it; a write the control plane refuses is reported per resource without the problem code (see RT1040).',
  'payload-too-large':
    '`ctl apply` sends at most 500 resources a request, so only a manifest set of megabytes, too large for a page, reaches the limit; a hand-made request to a served control plane gets it too.',
  gone: '`ctl get --watch`, the only command that watches, reports this answer as the CLI error watch-expired (the page of that code), so no output carries `gone`; a hand-made `GET /v1/watch?resourceVersion=…` gets it.',
  internal:
    'it is the answer of a control plane that fails on a request (a bug or a datastore failure); no input makes a healthy one fail. A client command reports every 5xx as the CLI error server-error, whose page shows one.',
  unavailable:
    'it is the answer of a control plane whose datastore is unreachable or that is shutting down; an example cannot take the datastore away during the command. A client command reports every 5xx as the CLI error server-error, whose page shows one.',
  'insufficient-storage':
    'it is the answer of a control plane whose datastore is full; an example cannot fill a disk. A client command reports every 5xx as the CLI error server-error, whose page shows one.',
  'method-not-allowed':
    'the CLI sends only the methods each path takes; only a hand-made HTTP request (curl) to a served control plane gets it.',
  'unsupported-media-type':
    'the CLI always sends `application/json` (or NDJSON to `/v1/flows`); only a hand-made HTTP request (curl) to a served control plane gets it.',
  'idempotency-key-reused':
    'the CLI sends a fresh Idempotency-Key with each distinct request and resends a key only with the same body; only a hand-made HTTP request to a served control plane gets it.',
};
