/** One entry of the diagnostic catalog. Codes are stable: never renumbered, never reused. */
import type { Severity } from '../findings';

export type CatalogArea = 'manifest' | 'rule' | 'x509-svid' | 'jwt-svid' | 'bundle';

export interface CatalogEntry {
  /** `RT1xxx` manifest & schema, `RT2xxx` cross-resource rules, `RT3xxx` X.509-SVID, `RT4xxx` JWT-SVID & bundles. */
  code: string;
  /** kebab-case name, e.g. `unknown-field`. */
  name: string;
  /** Names the code had before (still accepted wherever a user types a name, e.g. `--disable`). */
  formerNames?: readonly string[];
  area: CatalogArea;
  /** Default severity. */
  severity: Severity;
  /** One line: what the finding means. */
  title: string;
  /** Path of the page that explains it, relative to the repository root. */
  docs: string;
}

/**
 * The kinds of code a user can see:
 * - `finding`: RT1xxx–RT4xxx, in validate / svid inspect output (`code`, SARIF `ruleId`);
 * - `reason`: why a connection got its verdict (explain, simulate: `reasons[]`, `[no-identity]`);
 * - `problem`: the `code` of an RFC 9457 problem the control plane answers (`type` …/problems/<code>),
 *   also the code of the CLI error a client command fails with for that answer;
 * - `issuance-reason`: why the control plane refused an SVID request (the `reason` of its 422 answer),
 *   also the code of the error `svid issue` fails with;
 * - `error`: the code of an error a command fails with (the `code:` line under `Error:`);
 * - `flow-note`: what could explain an observed flow that disagrees with the prediction (`explain --flow`).
 */
export type CodeKind = 'finding' | 'reason' | 'problem' | 'issuance-reason' | 'error' | 'flow-note';

/** The hand-written part of a page: what the code means, why, how to fix it (Markdown). */
export interface CodeProse {
  /** One or more paragraphs under the title. */
  summary: string;
  /** More sections (`## What it checks` …), optional. */
  details?: string;
  /** The body of the page's "How to fix" section. */
  fix: string;
}

/** What the server beside a `foreign` example does (test/helpers/foreign-server.ts). */
export type ForeignServerKind =
  | 'html-page'
  | 'status-400'
  | 'problem-400'
  | 'status-429'
  | 'status-503'
  | 'silent'
  | 'not-tls'
  | 'wrong-host';

/** A real example: files written to an empty directory, then `riptides-cli ARGS` run there. */
export interface CodeExample {
  /** File name (relative) → content. */
  files?: Readonly<Record<string, string>>;
  /**
   * Inputs that are not text (certificates): file name → what it is. The test makes them for each
   * run (test/helpers/code-example-inputs.ts); the page describes them.
   */
  made?: Readonly<Record<string, string>>;
  /**
   * Command lines (after `riptides-cli`) run first, in the same directory and environment, each of
   * which must exit 0: the state the example needs (e.g. the local context's data). The page lists them.
   */
  before?: readonly (readonly string[])[];
  /**
   * A control plane served beside the command: `riptides-cli controlplane serve --data-dir cp` in the
   * same directory (its CA cp/ca.pem, its admin token cp/admin.token), started before the `before`
   * commands and stopped after the command. Command lines address it as https://127.0.0.1:7443
   * (`SERVED_URL`); the test serves on a free port and puts that address in their place (and the
   * shown one back in the output).
   */
  served?: boolean;
  /** The data directory the served control plane serves (default `cp`), relative to the example's. */
  servedDataDir?: string;
  /**
   * Command lines (after `riptides-cli`) run before the served control plane starts, each of which
   * must exit 0: data it then serves (`servedDataDir`), e.g. the `local` context's, written by
   * `ctl apply`. The page lists them.
   */
  prepare?: readonly (readonly string[])[];
  /**
   * Instead, a server beside the command that is not a healthy control plane (test/helpers/
   * foreign-server.ts), also addressed as https://127.0.0.1:7443, its CA in ca.pem; `what` says on
   * the page what it does.
   */
  foreign?: { kind: ForeignServerKind; what: string };
  /** The command line after `riptides-cli` (an example has this or `shell`). */
  args?: readonly string[];
  /**
   * Instead of a riptides-cli command line: a shell command line (curl) against the control plane
   * served beside it (`served`), for an answer only a client other than the CLI gets. The test runs
   * it with `bash -c`, as a user would paste it.
   */
  shell?: string;
  /** Environment variables set for the command (shown before it on the page). */
  env?: Readonly<Record<string, string>>;
  /** Standard input, if the command reads it. */
  stdin?: string;
  /** The exit status the command must end with. */
  exit: number;
  /**
   * What the page shows: the whole output (stdout then stderr), only the lines that carry the code,
   * or the block that starts at the first line carrying it (that line and the lines indented deeper).
   */
  show?: 'all' | 'code-lines' | 'code-block';
  /** One sentence before the example, when the input needs explaining. */
  note?: string;
}

/** One code of the one catalog (`codes.ts`): every code the user can see, in one id space. */
export interface CodeEntry extends CodeProse {
  /** Unique across kinds; the page is docs/codes/<id>.md and `riptides-cli docs <id>` prints it. */
  id: string;
  kind: CodeKind;
  title: string;
  /** Other words `riptides-cli docs` accepts: a finding's name, former names. */
  aliases: readonly string[];
  /** Former names (documented on the page as deprecated). */
  formerNames: readonly string[];
  /** The page's first line after the title: severity, effect, HTTP status, exit code. */
  facts: string;
  /** Path of the page, relative to the repository root: `docs/codes/<id>.md`. */
  docs: string;
  example?: CodeExample;
  /**
   * Why the page has no runnable example (a code no single command line can produce from user input,
   * e.g. an answer only a failing or foreign server gives). Every code has an example or this.
   */
  noExample?: string;
}
