/**
 * The prose of the finding (RT1xxx, RT2xxx) and reason pages: what the code means, why it matters and
 * how to fix it. docs/codes/<id>.md is generated from this, the catalog entry and its example
 * (scripts/build-docs.js). Only the page generator and `docs` read it: commands that emit findings do not load it.
 */
import type { CodeProse } from './types';

export const PROSE: Record<string, CodeProse> = {
  RT1001: {
    summary: 'The file is not valid YAML or JSON.',
    fix: "Fix the syntax at the position shown. The finding's line and column are where the parser gave up; the mistake is often on that line or the one before.",
    details:
      '## What it means\n\nThe YAML (or JSON) parser stopped at the position shown: the file cannot be read as a manifest, so none of its documents are checked.\n\n## Why\n\nUsual causes: wrong indentation, a tab used for indentation (YAML allows spaces only), a missing `:` after a key, an unclosed quote, bracket or brace, or a `-` list item at the wrong level.',
  },
  RT1002: {
    summary: 'A YAML mapping repeats a key.',
    fix: 'Remove one of the two keys, or merge their values.',
    details:
      '## What it means\n\nThe same key appears twice in one mapping.\n\n## Why\n\nMost YAML tools silently keep the last value, so a duplicated `mode:` or `selectors:` hides half of what you wrote. riptides-cli refuses the document instead.',
  },
  RT1003: {
    summary: 'YAML aliases expand a document beyond the safety limit.',
    fix: 'Write the values out instead of using anchors and aliases; manifests never need that many repeated nodes.',
    details:
      '## What it means\n\nThe document uses YAML anchors (`&a`) and aliases (`*a`) that would expand to more than 10,000 nodes.\n\n## Why\n\nNested aliases grow exponentially (the "billion laughs" attack): a few lines can expand to gigabytes. The document is refused; other documents of the file are still read.',
  },
  RT1004: {
    summary: 'The file is larger than the size limit and was not read.',
    fix: 'Check that the right file was given with `-f`. If the manifests really are that large, split them into several files: a directory given with `-f` is read whole (`-R` for subdirectories).',
    details:
      '## What it means\n\nThe file (or standard input, a FIFO, a device) is larger than 64 MiB and was not read. The bytes are\ncounted while reading, so an input whose size is not known up front (`-f /dev/zero`, `-f - < big`,\n`-f <(cmd)`) stops at the limit too. `RIPTIDES_MAX_INPUT_BYTES` changes the limit (docs/limits.md).\n\n## Why\n\nReading and parsing an arbitrarily large input would exhaust memory; no real manifest set comes close to the limit, so a file that large is usually the wrong file (a log, a binary).',
  },
  RT1005: {
    summary: 'The inputs hold no document: nothing was checked.',
    fix: 'Point `-f` at the manifests, or add `-R` for sub-directories. If an empty input is expected (a\ngenerated directory that may be empty), pass `--allow-empty`: zero documents is then a pass.',
    details:
      '## What it means\n\nEvery `-f` input was read, and not one YAML or JSON document was found in them: an empty directory,\na directory whose manifests are all in sub-directories (read only with `-R`), an empty file or empty\nstandard input. No finding was reported because nothing was checked.\n\n## Why\n\nA CI gate that checks nothing must not be green: a moved directory or a forgotten `-R` would\notherwise turn the gate off without anyone noticing. When the directory holds manifests in\nsub-directories, the finding says how many, and that `-R` reads them.',
  },
  RT1006: {
    summary: 'A FIFO, socket or device inside a -f directory was skipped.',
    fix: 'Name it with `-f` to read it, or move it out of the directory.',
    details:
      '## What it means\n\nAn entry of a directory given with `-f` has a manifest extension but is not a regular file: a named\npipe (FIFO), a socket or a device. It was not read; the note says so.\n\n## Why\n\nReading a FIFO blocks until someone writes to it, and a device such as `/dev/zero` never ends. A\ndirectory walk must not hang on either. Named explicitly (`-f pipe.yaml`, or `-f <(cmd)` from the\nshell) such an input is read, under the input size limit (docs/limits.md).',
  },
  RT1007: {
    summary: 'A path under a -f directory cannot be read (dangling link, link loop).',
    fix: 'Point the link at an existing manifest file, or remove it.',
    details:
      '## What it means\n\nWhile listing a directory given with `-f` (with `-R`, its subdirectories too), an entry with a manifest\nextension turned out to be a symbolic link whose target does not exist, a symbolic link loop, or a\nsubdirectory that cannot be listed. That path was not read; every other file still was.\n\n## Why\n\nA directory of manifests is often a checkout or a mounted volume with stale links. One broken entry\nshould not stop the check of the others, nor look like a crash.',
  },
  RT1010: {
    summary: 'A document is not a mapping of fields.',
    fix: 'Make each resource its own document, separated by `---`.',
    details:
      '## What it means\n\nA YAML document is a list or a single value instead of a mapping that starts with `apiVersion` and `kind`.\n\n## Why\n\nEvery document (the parts of a file separated by `---`) must be exactly one resource. A list of resources in one document is a common mistake (a `kind: List` is not supported).',
  },
  RT1011: {
    summary: 'A document has no apiVersion or no kind.',
    fix: 'Add the two fields at the top of the document. If the file also holds documents of other tools, `--skip-unknown` passes over documents without a Riptides apiVersion.',
    details:
      '## What it means\n\nThe document has no `kind`, or a Riptides kind without an `apiVersion`.\n\n## Why\n\nWithout both, riptides-cli cannot tell which schema applies. A document with neither is reported at its first line.',
  },
  RT1012: {
    summary: 'The kind is not a Riptides kind.',
    fix: 'Correct the kind. If the file mixes Riptides manifests with others (Kubernetes Deployments, ConfigMaps …), run with `--skip-unknown`: documents whose apiVersion is not a Riptides one are passed over and counted. A misspelled kind under a Riptides apiVersion is still reported.',
    details:
      '## What it means\n\nThe `kind` is not one of `WorkloadIdentity`, `Service` (apiVersion `core.riptides.io/v1alpha1`) or `Scenario` (`sim.riptides.io/v1alpha1`).\n\n## Why\n\nvalidate is strict: a misspelled kind would otherwise be silently ignored and its policy never applied. Near misses get a "did you mean".',
  },
  RT1013: {
    summary: 'The apiVersion does not serve this kind.',
    fix: 'Write the right apiVersion. A Kubernetes `Service` next to your Riptides manifests is not an error of yours: pass `--skip-unknown` to pass over documents of other APIs.',
    details:
      '## What it means\n\nThe kind is a Riptides kind but the `apiVersion` is not the one that serves it: `core.riptides.io/v1alpha1` for WorkloadIdentity and Service, `sim.riptides.io/v1alpha1` for Scenario.\n\n## Why\n\nA typo in the version (`v1`, `v1alpha`) or a Kubernetes `Service` (`apiVersion: v1`) in the same directory. The schema of another version may differ, so the document is not checked.',
  },
  RT1020: {
    summary: 'A field that the schema does not define.',
    fix: "Rename the field as suggested, move it to where it belongs, or remove it. The finding's fix lists the fields allowed at that place.",
    details:
      '## What it means\n\nThe document has a field that the schema of its kind does not define at that place. The finding points at the key itself.\n\n## Why\n\nThe schemas are strict: a misspelled field (`allowedSpiffeIds` for `allowedSPIFFEIDs`) or a field at the wrong level (`connection.mode` for `connection.tls.mode`) would otherwise be ignored, and the policy you meant would silently not apply. Near misses get a "did you mean".',
  },
  RT1021: {
    summary: 'A required field is missing.',
    fix: "Add the field. The finding's fix says what it is for.",
    details:
      '## What it means\n\nA field that must be present is missing. The finding points at the key of the mapping that should hold it (`spec:`), and its path is the pointer of the missing field (`/spec/workloadID`).\n\n## Why\n\nRequired fields: `apiVersion`, `kind`, `metadata.name`, `spec` everywhere; `spec.workloadID` and `spec.selectors` of a WorkloadIdentity; `spec.addresses` of a Service and `address` and `port` of each address; `selectors` of an egress rule; `port` of an ingress rule; the credential fields (`httpHeader.name`, `awsSigV4.region` and `.service`, `jwt.audience`); `spec.trustDomain`, `workloads[].name`, `connections[].from` and `.to` of a Scenario.',
  },
  RT1022: {
    summary: 'A value has the wrong type.',
    fix: 'Quote numbers that are meant as strings (`"1000"`), write lists with `- `, and give empty fields a value or remove them.',
    details:
      '## What it means\n\nA value is a number where a string is expected, a mapping where a list is expected, empty (null), and so on. The finding points at the value.\n\n## Why\n\nYAML guesses types: `process:uid: 1000` is a number, `intercept: yes` is a string in YAML 1.2. Selector values are matched as strings, so they must be strings.',
  },
  RT1023: {
    summary: 'A value is not one of the allowed values.',
    fix: 'Use one of the listed values; the finding suggests the closest one.',
    details:
      "## What it means\n\nThe value must be one of a fixed set: TLS modes `MUTUAL`, `PERMISSIVE`, `SIMPLE`; expected verdicts `MTLS`, `TLS`, `PLAINTEXT`, `REJECTED`.\n\n## Why\n\nValues are case-sensitive. Names from other meshes are recognised and mapped: Istio's `STRICT` is Riptides' `MUTUAL`.",
  },
  RT1024: {
    summary: 'A value has the wrong format, length or range.',
    fix: 'Correct the value as the message says; the fix gives the expected form.',
    details:
      '## What it means\n\nA value has the right type but not the right form: a port outside 1–65535, an address that is not a DNS name or IP (for example with the port or a scheme in it), a Scenario destination that is not `host:port`, a label key or value that Kubernetes would refuse, an egress selector keyed by a workload attribute instead of a Service label.\n\n## Why\n\nThese values are used to match connections; a malformed one can never match and the policy would silently not apply.',
  },
  RT1025: {
    summary: 'A list or map has too few or too many entries.',
    fix: 'Add at least one entry, or remove the field where it is optional.',
    details:
      '## What it means\n\nA list or mapping that needs entries is empty: `spec.selectors` of a WorkloadIdentity (at least one entry), each selector entry (at least one key), an egress rule\'s `selectors`, a Service\'s `addresses`.\n\n## Why\n\nAn empty selector list would match no workload, or, worse, be read as "match everything" by a tool that treats an empty AND as true.',
  },
  RT1026: {
    summary: 'A workload selector key that Riptides does not know.',
    fix: 'Use one of the known keys; the finding suggests the closest one.',
    details:
      '## What it means\n\nA key of a workload selector (`spec.selectors` of a WorkloadIdentity, `attributes` of a Scenario workload) is not one the daemon can attest.\n\n## Why\n\nKnown keys: `process:name`, `process:cmdline`, `process:uid`, `process:path`, `k8s:pod:namespace`, `k8s:pod:name`, `k8s:container:name`, `k8s:sa`, `linuxos:name`, and `k8s:label:<label key>`. An unknown key would never match, and the identity would never be issued.',
  },
  RT1027: {
    summary: 'Fields that exclude each other are set together, or none of them is set.',
    fix: 'Keep one and remove the others; to inject two credentials, write two entries.',
    details:
      '## What it means\n\nExactly one of a group of fields must be set: `scope.daemonGroup` or `scope.daemon`; one credential kind per `credentials[]` entry (`httpHeader`, `awsSigV4` or `jwt`); `httpHeader.value` or `httpHeader.valueFrom`. (A Scenario workload may give both `daemonGroup` and `daemon`: the daemon that runs it and the group that daemon belongs to; see docs/semantics.md.)\n\n## Why\n\nTwo of them together are ambiguous (which scope applies? which value is sent?).',
  },
  RT1028: {
    summary: 'A list repeats an entry.',
    fix: 'Remove the repetition, or correct it to the ID you meant.',
    details:
      '## What it means\n\nA list of SPIFFE IDs repeats an entry. This is a warning: the policy is the same without the repetition (with `--strict` it fails the run).\n\n## Why\n\nA repeated ID is usually a copy-paste slip where another ID was meant.',
  },
  RT1030: {
    summary: 'A SPIFFE ID breaks the SPIFFE ID standard.',
    fix: 'Write the ID as `spiffe://<trust domain>/<workloadID>`.',
    details:
      "## What it means\n\nA SPIFFE ID (in `allowedSPIFFEIDs`, or a Scenario's `announces`) is not valid per the SPIFFE ID standard. The message says exactly what is wrong.\n\n## Why\n\nRules: the scheme is `spiffe` (lowercase); the trust domain has only lowercase letters, digits, `.`, `-` and `_`, at most 255 bytes, with no port, user info, query or fragment; path segments have only letters, digits, `.`, `-` and `_`, none is empty, `.` or `..`, no trailing `/`; the whole ID is at most 2048 bytes. An invalid ID can never equal a certificate's SPIFFE SAN, so the allow list would reject everyone.",
  },
  RT1031: {
    summary: 'A workloadID is not a valid SPIFFE ID path.',
    fix: 'Write only the path; the fix suggests the corrected value.',
    details:
      '## What it means\n\n`spec.workloadID` must be the path of the SPIFFE ID without its leading `/`: the identity is `spiffe://<trust domain>/<workloadID>`.\n\n## Why\n\nSame path rules as a SPIFFE ID: segments of letters, digits, `.`, `-` and `_`, none empty, `.` or `..`, no trailing `/`. A whole SPIFFE ID in this field is a common mistake: the trust domain comes from the control plane.',
  },
  RT1032: {
    summary: 'A name or namespace is not a lowercase RFC 1123 name.',
    fix: 'Use the suggested name: lowercase, with `-` instead of `_` or spaces.',
    details:
      '## What it means\n\n`metadata.name` must be a lowercase RFC 1123 subdomain (lowercase letters, digits, `-` and `.`, starting and ending with a letter or digit, at most 253 characters); `metadata.namespace` an RFC 1123 label (no dots, at most 63).\n\n## Why\n\nNames become parts of API paths and keys (`riptides-system/frontend`), as in Kubernetes.',
  },
  RT1033: {
    summary: 'A trust domain name breaks the SPIFFE rules.',
    fix: 'Write the bare name, e.g. `example.com`, not `spiffe://example.com`.',
    details:
      "## What it means\n\nA trust domain (`spec.trustDomain` of a Scenario, or a workload's override) is not a valid SPIFFE trust domain name.\n\n## Why\n\nA trust domain name has only lowercase letters, digits, `.`, `-` and `_`, at most 255 bytes, and no scheme, port or path.",
  },
  RT1040: {
    summary: 'The control plane refuses the resource in a dry run.',
    fix: 'Fix the field the control plane names. For a stale `resourceVersion`, read the current object\n(`riptides-cli ctl get KIND NAME -o yaml`) and re-apply your change on top of it, or drop\n`resourceVersion` to overwrite. If the CLI accepts what the server refuses, upgrade the one that is\nolder.',
    details:
      "## What it means\n\nWith `--server-side`, every resource that passed the local checks is sent to the current context's\ncontrol plane as a dry run (`POST /v1/apply` with `dryRun: true`: nothing is stored). The control\nplane refused this one; the message is its reason and the position is the field it named (the\ndocument's start when it named none).\n\n## Why\n\nThe local checks and the control plane normally agree (the reference control plane validates with the\nsame JSON Schemas). They differ when the control plane runs another version of the schemas, has\nchecks of its own, or when `metadata.resourceVersion` is given and stale (optimistic concurrency: the\nobject changed on the server since you read it).",
  },
  RT2000: {
    summary:
      'A lint rule threw an exception instead of returning findings. This is a bug in riptides-cli, not in\nyour manifests. The runner reports it once per failing rule and runs every other rule as usual, so\nthe rest of the output is still complete.',
    fix: '- Report the bug with the manifests that trigger it (`validate --debug` shows details).\n- Meanwhile skip the failing rule: `validate --disable RT20xx` (the message names it), or\n  `disable: [RT20xx]` in `.riptides-lint.yaml`. A disabled rule that fails is silent.\n\nThe code is never reused for anything else.',
  },
  RT2001: {
    summary: 'An egress rule selects no Service in the set.',
    fix: 'Fix the selector so it names labels a Service really carries, or add the Service (with those `spec.labels`). If the Service lives in another repository, lint both sets together (`validate -f a/ -f b/`) or suppress the finding on this identity.',
    details:
      "## What it checks\n\nFor every `spec.egress[]` rule of every WorkloadIdentity, the rule's `selectors` (an OR of AND-entries, matched against `Service.spec.labels`) must match at least one Service among the manifests given to one `validate` run. The finding points at the rule's `selectors` and, when one exists, names the Service with the most labels in common (a likely typo) in `related`.\n\n## Why it matters\n\nAn egress rule only applies when its selectors pick the destination's Service. A rule that selects nothing never applies: its TLS mode, its `allowedSPIFFEIDs` and its credentials are silently ignored, and the connection takes the implicit path (both peers managed) or stays plain TCP. Credentials that were meant to be injected are not.",
  },
  RT2002: {
    summary: 'Two Services claim the same address:port.',
    fix: 'Give each address:port to exactly one Service: merge the two Services (one Service may list several addresses and carry all the labels the egress rules need), or remove the address from one of them.',
    details:
      '## What it checks\n\nEvery `spec.addresses[]` entry of every Service is indexed by host and port (host names compared case-insensitively, a trailing dot ignored). The second and later claims of one address:port are reported at their `addresses[i]`, with the first claim in `related`. An address repeated inside one Service is reported too.\n\n## Why it matters\n\nThe destination of a connection is found by its address and port (engine stage 2). When two Services claim the same one, which Service - and so which caller egress rule, TLS mode and credentials - applies is decided by whichever the control plane happens to see first.',
  },
  RT2003: {
    summary: 'Two resources share kind, namespace and name.',
    fix: 'Rename one of them (and give it its own workloadID), or delete the copy.',
    details:
      '## What it checks\n\nResources are keyed by kind, namespace (default `riptides-system`) and `metadata.name` across all files of the run. Each repeat is reported at its `metadata.name`, with the first definition in `related`.\n\n## Why it matters\n\n`ctl apply` creates or replaces by that key, so of two documents with the same key only the last one survives: the first is silently lost, and which one wins depends on file order.',
  },
  RT2004: {
    summary: 'Two WorkloadIdentities share a workloadID in overlapping scopes.',
    fix: 'Give each identity its own workloadID. The same workloadID in *different* daemon groups is fine - that is how one service spans fleets.',
    details:
      '## What it checks\n\nIdentities are grouped by `spec.workloadID`; within a group, two identities are reported when their scopes certainly share a daemon: either has no `scope` (every daemon), or both name the same `daemonGroup` or the same `daemon`. Whether a daemon belongs to a daemon group is not in the manifests, so a `daemon` scope and a `daemonGroup` scope are not treated as overlapping (no finding on a guess). Two documents with the same name are RT2003, not this rule.\n\n## Why it matters\n\nThe workloadID is the SPIFFE ID. Two identities with different selectors and one SPIFFE ID hand the same identity to different processes: every `allowedSPIFFEIDs` list that names it admits both, and certificates cannot tell them apart.',
  },
  RT2005: {
    summary: 'Two WorkloadIdentities can both match one process in an overlapping scope.',
    fix: 'Make the entries exclusive: have both require a key with different values (`k8s:label:app`, `k8s:sa`, `k8s:container:name`), or scope the identities to different daemon groups. A deliberate catch-all with a more specific override can keep the warning suppressed with the annotation on the catch-all.',
    details:
      '## What it checks\n\nTwo selector entries (each an AND of exact `key: value` matches) are *compatible* when no key appears in both with different values: then a process carrying the union of both entries matches both. Entries that share no key at all are compatible too (`process:name: node` and `k8s:sa: worker` both match a node process running as the worker service account). The rule reports each pair of identities with a compatible pair of entries whose scopes overlap (as in RT2004), once, on the later identity, with the other in `related`. The message says what the daemon does with such a process: the entry with more keys wins; on a tie, the first identity by namespace/name gets it.\n\nIt does not look for candidate pairs by comparing every entry with every other: each entry is looked up through a `key=value` index, using the key whose "same value, or key absent" set is smallest.\n\n## Why it matters\n\nWhich identity a process gets then depends on its incidental attributes, not on intent. On a tie it is decided by names. Either way a process may receive (and present) another workload\'s SPIFFE ID.',
  },
  RT2006: {
    summary: 'An allowedSPIFFEIDs entry is in another trust domain than the configured one.',
    fix: 'Write the entry in the configured trust domain. If the peer really is federated, suppress on the resource with `lint.riptides.io/disable: RT2006`.',
    details:
      "## What it checks\n\nEvery entry of `allowedSPIFFEIDs.inbound`, `.outbound`, `egress[].allowedSPIFFEIDs` and `ingress[].allowedSPIFFEIDs` that parses as a SPIFFE ID is compared with the configured trust domain (`--trust-domain`, `trustDomain:` in `.riptides-lint.yaml`, or the one trust domain all given Scenarios agree on). With no trust domain configured the rule is silent. The finding points at the entry.\n\n## Why it matters\n\nA peer presents an SVID from its own trust domain's CA. An entry in another trust domain only ever matches a federated peer; usually it is a typo (`example.org` for `example.com`) and the list then admits nobody it was meant to.",
  },
  RT2007: {
    summary: 'An allowedSPIFFEIDs entry names no WorkloadIdentity in the set.',
    fix: 'Fix the workloadID in the entry (take the suggestion), add the missing WorkloadIdentity, or remove the stale entry. If the identity is managed elsewhere, lint the sets together or suppress on the resource.',
    details:
      '## What it checks\n\nEvery SPIFFE ID in an `allowedSPIFFEIDs` list (in the configured trust domain; other trust domains are RT2006\'s) must be `spiffe://<trust domain>/<workloadID>` of some WorkloadIdentity in the set. With no trust domain configured, the path alone is compared. When the entry is close to an existing SPIFFE ID the message says "did you mean" it and `related` points at that identity\'s `workloadID`.\n\n## Why it matters\n\nAn entry that names nobody admits nobody: the workload it was meant for is rejected (inbound) or refused (outbound), and the list looks fine at a glance.',
  },
  RT2008: {
    summary: "A caller's egress rule reaches a peer whose inbound or ingress list excludes the caller.",
    fix: "Add the caller's SPIFFE ID to the peer's list (the message gives it), or remove the caller's egress rule if it must not call that workload.",
    details:
      "## What it checks\n\nFor each caller egress rule (TLS mode MUTUAL or PERMISSIVE), each Service it selects and each address of that Service, the rule finds the identity that serves the address (see *Which identity serves a Service* in [README.md](README.md)): a Scenario workload listening on the address, resolved to its identity exactly as the engine does; otherwise the identities the egress rule's own `allowedSPIFFEIDs` names. Then, if that identity's `allowedSPIFFEIDs.inbound` is set and does not list the caller's SPIFFE ID, or its `ingress[]` rule for the address's port has an `allowedSPIFFEIDs` that does not list it, the connection is always rejected. The finding points at the rejecting list on the serving identity; `related` names the caller's egress rule, the Service address and the Scenario workload (or the caller's allowedSPIFFEIDs entry) that tied them together. When nobody is known to serve the address, the rule says nothing.\n\n## Why it matters\n\nThe caller is configured to call the peer, and the peer is configured to refuse it: every connection fails at the TLS handshake, in production, with no error in either manifest on its own.",
  },
  RT2009: {
    summary: "A caller's allowedSPIFFEIDs.outbound excludes the peer its egress rule points at.",
    fix: 'Add the peer to `allowedSPIFFEIDs.outbound`, or remove it from the egress rule.',
    details:
      "## What it checks\n\nWhen a WorkloadIdentity sets `allowedSPIFFEIDs.outbound`, every peer its egress rules expect must be in it. The peers an egress rule expects are its own `allowedSPIFFEIDs` entries; for a rule without such a list, the identity of a Scenario workload listening on a selected Service's address. SIMPLE rules are skipped (an external server has no SPIFFE ID). The finding points at the `outbound` list, with the egress entry (or the rule and the peer identity) in `related`.\n\n## Why it matters\n\nThe client side checks both lists (SPEC §3 stage 7): a peer allowed by the egress rule but missing from the top-level outbound list is refused on every connection.",
  },
  RT2010: {
    summary:
      'ingress[].allowedSPIFFEIDs on an identity reached only over implicit mTLS, where it does not apply.',
    fix: 'Move the list to the top-level `spec.allowedSPIFFEIDs.inbound` (enforced on every path), or define a Service for the address and an egress rule on each caller that selects it.',
    details:
      '## What it checks\n\nAn `ingress[]` rule with `allowedSPIFFEIDs` is reported when no explicit path in the set reaches that identity on that port: no caller egress rule selects a Service whose address (on that port) this identity serves (see *Which identity serves a Service* in [README.md](README.md)). When an egress rule reaches a Service address on that port whose server is unknown, the rule assumes it may be this identity and stays silent.\n\n## Why it matters\n\nPer-egress and per-ingress `allowedSPIFFEIDs` only apply to explicitly configured connections (a Service + an egress rule). Between two managed workloads with no Service, Riptides uses implicit mTLS, which enforces only the top-level `allowedSPIFFEIDs`. A per-port list there looks like a restriction and restricts nothing.',
  },
  RT2011: {
    summary: 'PERMISSIVE inbound mode admits plaintext (a transitional setting).',
    fix: "Once every caller is enrolled, switch to `MUTUAL`. If plaintext is intended for good (a workload behind a load balancer that is not enrolled), keep it and suppress the warning on that identity with `lint.riptides.io/disable: RT2011`, so the exception is written next to the setting.\n\nThe `examples/quickstart` frontend is PERMISSIVE on purpose (the seed guide puts it behind a load balancer that is not enrolled) and carries `lint.riptides.io/disable: RT2011`: the example shows the recommended way to keep a deliberate exception - written next to the setting, counted as `suppressed` in the summary - and `validate --strict -R -f examples` passes, as a repository's CI would run it. Its Scenario still demonstrates what the warning is about (an unenrolled `legacy-client` gets in over plain TCP).",
    details:
      '## What it checks\n\nReports `spec.connection.tls.mode: PERMISSIVE` on a WorkloadIdentity (its inbound posture), at the mode value. Egress rules in PERMISSIVE mode are not reported.\n\n## Why it matters\n\nPERMISSIVE accepts plaintext next to mTLS on the same port, so any unenrolled process can still connect without an identity. The Riptides documentation calls it a migration step, not a permanent configuration.',
  },
  RT2012: {
    summary: 'An egress rule with SIMPLE TLS lists allowedSPIFFEIDs, which cannot apply.',
    fix: 'Remove `allowedSPIFFEIDs` from the rule. If the server is a Riptides-managed workload, use `MUTUAL` instead and keep the list.',
    details:
      "## What it checks\n\nReports an egress rule whose `connection.tls.mode` is `SIMPLE` and that has `allowedSPIFFEIDs`, at the list's key, with the mode in `related`.\n\n## Why it matters\n\nSIMPLE is server-authenticated TLS to a server that no Riptides daemon manages: it presents its own PKI certificate, not a SPIFFE SVID, so a SPIFFE ID list can never be checked. It reads like a restriction and is none.",
  },
  RT2013: {
    summary: 'A selector entry identifies a workload by process:name alone.',
    fix: "Add a second key to the entry: `k8s:pod:namespace`, `k8s:label:<key>`, `k8s:sa` or `k8s:container:name` in Kubernetes; `process:uid` or `process:path` on plain hosts. The implicit-mtls example keeps the seed guide's `process:name`-only selectors and so shows this info twice - on purpose, it is the guide as published.",
    details:
      '## What it checks\n\nReports a `spec.selectors[]` entry whose only key is `process:name`, at that key.\n\n## Why it matters\n\nA process name is chosen by whoever starts the process: any process called `service-a` on a daemon in scope receives the identity. Binding the entry to where the process runs (pod namespace, label, service account, container) makes the attestation much harder to fake.',
  },
  RT2014: {
    summary: 'A selector key is not a known selector type.',
    fix: 'Rename the key to the suggested one.',
    details:
      "## What it checks\n\nEvery key of every `spec.selectors[]` entry must be a known selector type: `process:name`, `process:cmdline`, `process:uid`, `process:path`, `k8s:label:<label key>`, `k8s:pod:namespace`, `k8s:pod:name`, `k8s:container:name`, `k8s:sa`, `linuxos:name`. The finding points at the key and suggests the nearest known one (including `k8s:label:<tail>` for a mistyped label prefix).\n\n**When it fires.** Not in `validate`, `ctl apply` or `ctl diff`: the WorkloadIdentity schema already\nreports an unknown selector key (RT1026, at the key, with the same suggestion), and the rules then\nread the resource without that selector entry — which is what the daemon does, since the entry can\nnever match — so the rest of the resource is still checked. RT2014 fires for resources that do not\npass through the schema: those of the control plane (`--live` context, which validate does not\nreport on) and library callers of `runLintRules`.\n\n## Why it matters\n\nThe daemon never sees an attribute with an unknown key, so the key never matches - and since an entry is an AND, the whole entry never matches. The workload silently gets no identity (or another identity's).",
  },
  RT2015: {
    summary: 'Two ingress[] rules of one WorkloadIdentity are for the same port.',
    fix: 'Merge the rules: one `ingress[]` entry per port with the union of the lists.',
    details:
      '## What it checks\n\nReports the second and later `ingress[]` rules of one identity with a `port` already used by an earlier rule, at the port, with the first rule in `related`.\n\n## Why it matters\n\nOnly one list can apply to a connection on that port, and which one is not defined: callers admitted by one rule may be rejected by the other.',
  },
  RT2016: {
    summary: 'An allowedSPIFFEIDs list is empty: the intent is ambiguous.',
    fix: 'Remove the key to admit any peer of the trust domain, or list the peers to admit. To block a path entirely, remove the egress rule or the Service instead.',
    details:
      '## What it checks\n\nReports an empty `allowedSPIFFEIDs.inbound`, `.outbound`, `egress[].allowedSPIFFEIDs` or `ingress[].allowedSPIFFEIDs`, at its key.\n\n## Why it matters\n\n`[]` reads as "nobody" to some and "no restriction" to others; the Riptides documentation only defines the absent list (no restriction) and a non-empty one. Whatever the control plane does with it, half of the readers expect the other thing.',
  },
  RT2017: {
    summary: 'A lint.riptides.io/disable annotation names a code that is not a lint rule.',
    fix: 'Use the code or name from `riptides-cli validate --list-rules`.',
    details:
      '## What it checks\n\nSplits the value of the `lint.riptides.io/disable` annotation on commas and spaces; every part must be a rule code (`RT2011`, any case) or a rule name (`permissive-inbound`). Unknown parts are reported at the annotation with a "did you mean".\n\n## Why it matters\n\nA typo in a suppression suppresses nothing, so the finding it was meant to silence still shows - or, worse, someone later "fixes" it by disabling the rule everywhere.',
  },
  RT2018: {
    summary: 'A PERMISSIVE posture is combined with an allow-list that plaintext callers or peers bypass.',
    fix: 'Switch the inbound mode to `MUTUAL` once every caller is enrolled (plaintext is then refused and the\nlist holds for everyone); for egress, use `MUTUAL` so that a peer without a listed SVID is rejected.\nWhile PERMISSIVE is needed for a migration, do not count on the list, and suppress the finding on the\nresource with the annotation above.',
    details:
      "## What it checks\n\n- A WorkloadIdentity whose inbound `connection.tls.mode` is `PERMISSIVE` and that has\n  `allowedSPIFFEIDs.inbound` or an `ingress[].allowedSPIFFEIDs` list: reported at each list's key,\n  with the mode in `related`.\n- An egress rule whose `connection.tls.mode` is `PERMISSIVE` and that has `allowedSPIFFEIDs`: reported\n  at the list's key, with the mode in `related`.\n\n**Decision**: an identity with no inbound mode at all also accepts plaintext from unmanaged callers\n(the fallback), but it is not reported: that is the documented default of an identity that has not\nchosen a posture, and RT2018 is about a posture chosen next to a list that contradicts it.\n`explain` reports every such bypass of a real connection with the `inbound-not-checked-plaintext`\nand `ingress-not-checked-plaintext` notes, whatever the mode.\n\n## Why it matters\n\nPlain TCP carries no identity. A PERMISSIVE destination accepts it from any caller, so its\nallow-lists hold only for callers that use mTLS: an unenrolled process gets in while an enrolled one\nthat is not listed is rejected. A PERMISSIVE egress rule falls back to plain TCP when the peer is not\nRiptides-managed, and the list is then not checked either. In both cases the list reads like a\nrestriction that plaintext walks around (`explain` says so with the `*-not-checked-plaintext`\nreasons).",
  },
  RT2019: {
    summary: 'SPIFFE IDs of several trust domains, and nothing says which one is meant.',
    fix: 'Say which trust domain the manifests are for (`--trust-domain`, `trustDomain:` in `.riptides-lint.yaml`, or a Scenario), and write the entries in it. Entries for real federated peers: suppress on the resource with `lint.riptides.io/disable: RT2019` (and RT2006).',
    details:
      "## What it checks\n\nWhen no trust domain is configured — no `--trust-domain`, no `trustDomain:` in `.riptides-lint.yaml`, no control plane (`--live`), no Scenario with `spec.trustDomain` — the trust domain is inferred from the manifests: the one trust domain that every entry of `allowedSPIFFEIDs.inbound`, `.outbound`, `egress[].allowedSPIFFEIDs` and `ingress[].allowedSPIFFEIDs` uses. `explain` and `simulate` use the same inference (`src/core/lint/trust-domains.ts`). When the entries use two or more trust domains there is nothing to infer: each entry outside the most used trust domain (ties: the first in name order) gets this warning. With a trust domain configured the rule is silent, and RT2006 reports entries in other trust domains instead.\n\n## Why it matters\n\nA peer presents an SVID from its own trust domain's CA: entries of another trust domain match only federated peers. Mixed trust domains are usually a typo (`example.org` for `example.com`) that silently admits nobody, and `explain` cannot pick a trust domain either (it asks for `--trust-domain`).",
  },
  'ambiguous-identity': {
    summary:
      '**Effect:** note (the verdict uses the first identity by namespace/name).\n\nSeveral WorkloadIdentities select the same workload with the same number of matching selector keys. SPEC §3: the one with more matching keys wins; a tie is ambiguous and the first by `namespace/name` is used.\n\nBoth source and destination are checked.',
    fix: 'Make the selectors distinct: add a key (e.g. `k8s:pod:namespace`) to the identity that should win, or remove the overlap.\n\n`riptides-cli explain connection` prints the fix for the exact resources involved, with the file:line:col of the field to change.',
  },
  'egress-not-checked-plaintext': {
    summary:
      "**Effect:** note (the connection is not affected).\n\nA PERMISSIVE egress rule with `allowedSPIFFEIDs` fell back to plain TCP (the peer is not Riptides-managed, or is in another trust domain). A plaintext peer presents no SVID, so the rule's list is not checked: the connection runs whatever the list says. Accompanied by `permissive-fallback`.",
    fix: 'If the list must hold, use MUTUAL on the egress rule (a peer that cannot present a listed SVID is then rejected), or enroll the destination so that PERMISSIVE gets mTLS. For an external server that speaks TLS itself, use SIMPLE (SPIFFE lists do not apply to a server verified by its own PKI; RT2012).\n\n`riptides-cli explain connection` prints the fix for the exact resources involved, with the file:line:col of the field to change.',
  },
  'identity-mismatch': {
    summary:
      "**Effect:** REJECTED.\n\nA peer announced one identity at connection setup (scenario `announces:`) but its certificate's SPIFFE SAN — the identity its selectors give it — is another. Riptides confirms identity through both channels and rejects a mismatch before any data is exchanged. This is what a spoofing attempt looks like.",
    fix: 'If it is a spoofing test, REJECTED is the expected verdict. Otherwise make the workload announce its own identity (or fix its attributes so the intended identity selects it).\n\n`riptides-cli explain connection` prints the fix for the exact resources involved, with the file:line:col of the field to change.',
  },
  'inbound-not-checked-plaintext': {
    summary:
      '**Effect:** note (the connection is not affected).\n\nPlain TCP reaches a destination whose inbound mode accepts it (PERMISSIVE, or not set: the fallback for callers that are not managed) and that has `allowedSPIFFEIDs.inbound`. Plain TCP carries no identity, so the list cannot be checked: any plaintext caller gets in, while an mTLS caller that is not listed is rejected (`not-allowed-inbound`).',
    fix: "Set the destination's `connection.tls.mode` to MUTUAL once every caller is enrolled; plaintext callers are then refused (`plaintext-to-mutual`) and the list holds for everyone. Rule RT2018 warns about this combination.\n\n`riptides-cli explain connection` prints the fix for the exact resources involved, with the file:line:col of the field to change.",
  },
  'inbound-not-checked-tls': {
    summary:
      '**Effect:** note (the connection is not affected).\n\nServer-only TLS (a SIMPLE egress rule) reaches a destination that has `allowedSPIFFEIDs.inbound`, but the caller presents no certificate, so the list cannot be checked. SPEC §3 rejects server-only TLS only at a MUTUAL destination.',
    fix: 'Set the destination to MUTUAL if its inbound list must hold for every caller, and use MUTUAL egress to it.\n\n`riptides-cli explain connection` prints the fix for the exact resources involved, with the file:line:col of the field to change.',
  },
  'ingress-not-applied-implicit': {
    summary:
      '**Effect:** note (the connection is not affected).\n\nThe destination has an `ingress[]` rule for the port with `allowedSPIFFEIDs`, but the connection runs on the implicit path, where per-ingress lists do not apply (seed: "Per-egress and per-ingress allowedSPIFFEIDs … do not apply — no service rule exists to select them"). Top-level `allowedSPIFFEIDs.inbound` still applies.',
    fix: "To restrict implicit mTLS callers, use the destination's top-level `allowedSPIFFEIDs.inbound`; or give the callers an explicit Service + egress rule.\n\n`riptides-cli explain connection` prints the fix for the exact resources involved, with the file:line:col of the field to change.",
  },
  'ingress-not-checked-plaintext': {
    summary:
      '**Effect:** note (the connection is not affected).\n\nPlain TCP reaches a destination whose inbound mode accepts it (PERMISSIVE, or not set) and whose `ingress[]` rule for the port has `allowedSPIFFEIDs`. Plain TCP carries no identity, so the per-port list cannot be checked: any plaintext caller gets in.',
    fix: "Set the destination's `connection.tls.mode` to MUTUAL once every caller is enrolled. Rule RT2018 warns about this combination.\n\n`riptides-cli explain connection` prints the fix for the exact resources involved, with the file:line:col of the field to change.",
  },
  'ingress-not-checked-tls': {
    summary:
      '**Effect:** note (the connection is not affected).\n\nServer-only TLS (a SIMPLE egress rule) reaches a destination whose `ingress[]` rule for the port has `allowedSPIFFEIDs`, but the caller presents no certificate, so the per-port list cannot be checked: the caller gets TLS whatever the list says. SPEC §3 rejects server-only TLS only at a MUTUAL destination.',
    fix: "Use MUTUAL on the caller's egress rule so that the caller presents its X.509-SVID and the list is checked; or set the destination's inbound mode to MUTUAL, which refuses server-only TLS (`tls-to-mutual`). Rule RT2018 warns about allow-lists that such callers bypass.\n\n`riptides-cli explain connection` prints the fix for the exact resources involved, with the file:line:col of the field to change.",
  },
  'no-egress-rule': {
    summary:
      "**Effect:** plain TCP.\n\nA Service has the destination address, but none of the source identity's egress rules selects its labels (each rule's selectors are an OR of label maps, each map an AND). The path is not explicit; with an unmanaged peer it is `none`.\n\nWhen the peer is managed in the same trust domain the path is implicit instead and this is only shown as an info step, not as a reason.",
    fix: "Add an egress rule whose selectors match the Service's labels.\n\n```yaml\nspec:\n  egress:\n    - selectors: [{app: db}]\n      connection: {tls: {mode: SIMPLE}}\n```\n\n`riptides-cli explain connection` prints the fix for the exact resources involved, with the file:line:col of the field to change.",
  },
  'no-identity': {
    summary:
      "**Effect:** plain TCP (or REJECTED by the destination's inbound mode).\n\nNo WorkloadIdentity selects the source workload: none has a selector entry whose keys all equal the workload's attributes **and** a scope (`daemonGroup` / `daemon`, or none) that covers the daemon it runs on. The daemon therefore gives it no SPIFFE identity, the kernel does not intercept its connections, and they leave as plain TCP.\n\nThe trace's `source-identity` step lists the **nearest misses**: for each candidate identity, the keys that matched, the keys that are missing or differ (expected vs actual), and whether the scope excludes the workload.",
    fix: 'Add a WorkloadIdentity whose selectors match the workload (the fix shows one built from its attributes and daemon group), or correct the one-key difference a nearest miss shows.\n\n```yaml\napiVersion: core.riptides.io/v1alpha1\nkind: WorkloadIdentity\nmetadata: {name: legacy-client, namespace: riptides-system}\nspec:\n  workloadID: myapp/legacy-client\n  selectors:\n    - k8s:label:app: legacy-client\n      process:name: curl\n  scope:\n    daemonGroup: {id: riptides/daemongroup/dev-eu-west-1/on-demand-workers}\n```\n\n`riptides-cli explain connection` prints the fix for the exact resources involved, with the file:line:col of the field to change.',
  },
  'no-service': {
    summary:
      '**Effect:** plain TCP.\n\nNo Service has an address equal to the destination host and port, so no egress rule can select it. Without an egress rule, only implicit mTLS could secure the connection, and that needs a managed peer.\n\nRaised when the source is managed and the destination is not.',
    fix: "Add a Service for the address and an egress rule on the source's WorkloadIdentity that selects its labels — `SIMPLE` for an external server that speaks TLS itself.\n\n```yaml\napiVersion: core.riptides.io/v1alpha1\nkind: Service\nmetadata: {name: api-stripe-com, namespace: riptides-system}\nspec:\n  addresses: [{address: api.stripe.com, port: 443}]\n  labels: {service: stripe}\n---\n# on the source's WorkloadIdentity\nspec:\n  egress:\n    - selectors: [{service: stripe}]\n      connection: {tls: {mode: SIMPLE}}\n```\n\n`riptides-cli explain connection` prints the fix for the exact resources involved, with the file:line:col of the field to change.",
  },
  'not-allowed-egress': {
    summary:
      "**Effect:** REJECTED.\n\nThe destination presented an SVID whose SPIFFE ID is not in the matching egress rule's `allowedSPIFFEIDs`. Checked on the explicit path only, and only when the peer presents an SVID (SPIFFE lists do not apply to an external server verified by its own PKI).",
    fix: "Add the peer's SPIFFE ID to the rule's list if the connection is intended.\n\n```yaml\nspec:\n  egress:\n    - selectors: [{tier: backend}]\n      allowedSPIFFEIDs:\n        - spiffe://example.com/orders-service\n```\n\n`riptides-cli explain connection` prints the fix for the exact resources involved, with the file:line:col of the field to change.",
  },
  'not-allowed-inbound': {
    summary:
      "**Effect:** REJECTED.\n\nThe caller's SPIFFE ID is not in the destination's top-level `allowedSPIFFEIDs.inbound`. Enforced whenever mTLS arrives — explicit **and implicit** path.",
    fix: "Add the caller's SPIFFE ID to the destination's `allowedSPIFFEIDs.inbound` if the connection is intended.\n\n```yaml\nspec:\n  allowedSPIFFEIDs:\n    inbound:\n      - spiffe://example.com/myapp/app/frontend\n```\n\n`riptides-cli explain connection` prints the fix for the exact resources involved, with the file:line:col of the field to change.",
  },
  'not-allowed-ingress': {
    summary:
      "**Effect:** REJECTED.\n\nThe caller's SPIFFE ID is not in the destination's `ingress[]` rule for the destination port. Per-port ingress lists apply on the **explicit path only** (see `ingress-not-applied-implicit`).",
    fix: "Add the caller to the ingress rule's `allowedSPIFFEIDs`.\n\n`riptides-cli explain connection` prints the fix for the exact resources involved, with the file:line:col of the field to change.",
  },
  'not-allowed-outbound': {
    summary:
      "**Effect:** REJECTED.\n\nThe destination's SPIFFE ID is not in the source's top-level `allowedSPIFFEIDs.outbound`. Enforced on every path where an SVID is exchanged — explicit **and implicit**.",
    fix: "Add the destination's SPIFFE ID to `allowedSPIFFEIDs.outbound` if the connection is intended.\n\n`riptides-cli explain connection` prints the fix for the exact resources involved, with the file:line:col of the field to change.",
  },
  'outbound-not-checked-plaintext': {
    summary:
      '**Effect:** note (the connection is not affected).\n\nThe source has `allowedSPIFFEIDs.outbound`, but the connection runs as plain TCP: it is not intercepted (the destination is not Riptides-managed, or is in another trust domain, and no egress rule applies) or a PERMISSIVE egress rule fell back to plain TCP. A plaintext peer presents no SVID, so the list cannot be checked: the connection runs whatever the list says.',
    fix: "If the source must only reach the listed peers, give it an egress rule with mode MUTUAL for the destination's Service (a peer without a listed SVID is then rejected), or enroll the destination so that the connection gets mTLS and the list is checked.\n\n`riptides-cli explain connection` prints the fix for the exact resources involved, with the file:line:col of the field to change.",
  },
  'peer-unmanaged': {
    summary:
      '**Effect:** plain TCP; REJECTED with a MUTUAL egress rule.\n\nThe destination is not Riptides-managed: no scenario workload listens on the address, it is an `external` endpoint, or the workload listening there matches no WorkloadIdentity. It cannot present an X.509-SVID.\n\nImplicit mTLS needs both peers managed, so the connection is not intercepted (`none` path, plain TCP). On the explicit path a MUTUAL rule rejects the connection and a PERMISSIVE rule falls back to plain TCP.',
    fix: 'Enroll the destination (add a WorkloadIdentity for it), or — for an external server that speaks TLS — use a Service with a `SIMPLE` egress rule.\n\n`riptides-cli explain connection` prints the fix for the exact resources involved, with the file:line:col of the field to change.',
  },
  'permissive-fallback': {
    summary:
      '**Effect:** plain TCP.\n\nA PERMISSIVE egress rule gives mTLS when the peer is managed in the same trust domain and falls back to plain TCP otherwise. Accompanied by `peer-unmanaged` or `trust-domain-mismatch`.',
    fix: 'Enroll the destination, or use SIMPLE for an external server that speaks TLS. PERMISSIVE is a migration setting.\n\n`riptides-cli explain connection` prints the fix for the exact resources involved, with the file:line:col of the field to change.',
  },
  'plaintext-to-mutual': {
    summary:
      '**Effect:** REJECTED.\n\nPlain TCP arrives at a managed destination whose inbound mode (`connection.tls.mode`) is MUTUAL: it requires a client certificate. Typical cause: the caller is not enrolled (`no-identity`) or is in another trust domain.',
    fix: 'Enroll the caller. Only during a migration, set the destination to PERMISSIVE (transitional; switch back to MUTUAL).\n\n`riptides-cli explain connection` prints the fix for the exact resources involved, with the file:line:col of the field to change.',
  },
  'plaintext-to-simple': {
    summary:
      '**Effect:** REJECTED.\n\nPlain TCP arrives at a managed destination whose inbound mode is SIMPLE: it accepts only TLS.',
    fix: "Enroll the caller, or set the destination's mode to PERMISSIVE while callers are being enrolled.\n\n`riptides-cli explain connection` prints the fix for the exact resources involved, with the file:line:col of the field to change.",
  },
  'tls-to-mutual': {
    summary:
      '**Effect:** REJECTED.\n\nA SIMPLE egress rule sends server-authenticated TLS (no client certificate) to a destination whose inbound mode is MUTUAL.',
    fix: 'Use MUTUAL (the default) on the egress rule for this destination.\n\n```yaml\nspec:\n  egress:\n    - selectors: [{app: strict}]\n      connection: {tls: {mode: MUTUAL}}\n```\n\n`riptides-cli explain connection` prints the fix for the exact resources involved, with the file:line:col of the field to change.',
  },
  'trust-domain-mismatch': {
    summary:
      "**Effect:** plain TCP; REJECTED on the explicit path with MUTUAL or SIMPLE.\n\nSource and destination get their certificates from different trust domains (CAs) — in a scenario, a workload's `trustDomain` overrides the scenario's. Implicit mTLS requires the same trust domain; an explicit MUTUAL or SIMPLE rule cannot verify the peer's SVID and rejects; PERMISSIVE falls back to plain TCP.",
    fix: 'Issue both workloads from the same trust domain (the scenario fix shows `trustDomain:` for the workload).\n\n`riptides-cli explain connection` prints the fix for the exact resources involved, with the file:line:col of the field to change.',
  },
};
