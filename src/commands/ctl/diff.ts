/** `ctl diff -f PATH…`: what `ctl apply` would change, as a unified diff of live vs local. */
import { connectionFlags } from '../../cli/connection-flags';
import { resolveConnection } from '../../cli/context';
import { CtlCommand } from '../../cli/ctl-command';
import { diffDocuments, withDefaultNamespace } from '../../cli/ctl-operations';
import { filenameFlag, recursiveFlag } from '../../cli/flags';
import { ExitCode } from '../../core/errors';
import { printDiffs } from '../../printers/ctl-diff';

export default class CtlDiff extends CtlCommand {
  static override summary =
    'Show what ctl apply would change: a unified diff of the live objects against the manifests.';
  static override description = `Compares the user-owned fields (apiVersion, kind, metadata name/namespace/labels/annotations, spec); fields the control plane sets (uid, resourceVersion, generation, creationTimestamp) are ignored. A resource that does not exist yet is shown as all added lines (--- /dev/null).

Exit codes (like kubectl diff):
  0   no differences
  1   differences found
  >1  an error: 2 usage (bad flags, missing path), 3 control plane unreachable or unauthorized; invalid manifests also exit 1 with their findings on stderr and nothing on stdout`;

  static override examples = [
    '<%= config.bin %> ctl diff -f examples/quickstart',
    '<%= config.bin %> ctl diff -f manifests/ -R',
  ];

  static override flags = {
    filename: filenameFlag,
    recursive: recursiveFlag,
    ...connectionFlags,
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(CtlDiff);
    this.debugMode = flags.debug === true;
    const input = await this.loadChecked(flags.filename, {
      verb: 'diff',
      recursive: flags.recursive,
      rules: false,
      color: flags.color,
    });
    if (!input) return;
    const { client, namespace } = await resolveConnection(flags);
    try {
      const diffs = await diffDocuments(client, withDefaultNamespace(input.resources, namespace));
      this.emit(printDiffs(diffs, { color: this.useColor(flags) }));
      if (diffs.some((d) => d.change !== 'same')) this.setExitCode(ExitCode.FINDINGS);
    } finally {
      await client.close();
    }
  }
}
