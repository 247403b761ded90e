/** `ctl diff -f PATH…`: what `ctl apply` would change, as a unified diff of live vs local. */
import { connectionFlags } from '../../cli/connection-flags';
import { resolveConnection } from '../../cli/context';
import { blockedBy, CtlCommand } from '../../cli/ctl-command';
import { checkNamespaceFlag, diffDocuments, withDefaultNamespace } from '../../cli/ctl-operations';
import { filenameFlag, outputFlag, recursiveFlag } from '../../cli/flags';
import { ExitCode } from '../../core/errors';
import type { CtlResult } from '../../printers/ctl-result';

export default class CtlDiff extends CtlCommand {
  static override summary =
    'Show what ctl apply would change: a unified diff of the live objects against the manifests.';
  static override description = `Compares the user-owned fields (apiVersion, kind, metadata name/namespace/labels/annotations, spec); fields the control plane sets (uid, resourceVersion, generation, creationTimestamp) are ignored. A resource that does not exist yet is shown as all added lines (--- /dev/null).

Exit codes (like kubectl diff: 1 means differences and nothing else, so a script can tell "changes pending" from "could not compare"):
  0   no differences
  1   differences found
  >1  an error, nothing compared:
      2  invalid manifests (findings on stderr, nothing on stdout), usage (bad flags, a path that does not exist, -n conflicting with a manifest's metadata.namespace)
      3  the control plane is unreachable, refused the credentials or failed`;

  static override examples = [
    '<%= config.bin %> ctl diff -f examples/quickstart',
    '<%= config.bin %> ctl diff -f manifests/ -R',
  ];

  static override flags = {
    filename: filenameFlag,
    recursive: recursiveFlag,
    output: outputFlag(['text'] as const, 'text'),
    ...connectionFlags,
  };

  async run(): Promise<CtlResult> {
    const { flags } = await this.parse(CtlDiff);
    const input = await this.loadChecked(flags.filename, {
      verb: 'diff',
      recursive: flags.recursive,
      rules: false,
    });
    // kubectl diff: exit 1 is reserved for "differences"; an input that cannot be compared is > 1.
    const blocked = blockedBy(input, { exitCode: ExitCode.USAGE });
    if (blocked) return blocked;
    checkNamespaceFlag(input.resources, flags.namespace);
    const { client, namespace } = await resolveConnection(flags);
    try {
      return {
        kind: 'diff',
        diffs: await diffDocuments(client, withDefaultNamespace(input.resources, namespace)),
      };
    } finally {
      await client.close();
    }
  }
}
