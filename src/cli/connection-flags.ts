/**
 * The flags of every command that talks to a control plane (`ctl …`, `explain --live`,
 * `simulate --live`, `validate --server-side`, `svid issue`): spread `connectionFlags` into a
 * command's flags and pass the parsed values to `resolveConnection`.
 */
import { Flags } from '@oclif/core';

const helpGroup = 'CONNECTION';

export const connectionFlags = {
  context: Flags.string({
    description:
      'Context to use (default: RIPTIDES_CONTEXT, then currentContext of the config file, then "local").',
    helpGroup,
  }),
  server: Flags.string({
    description: 'Control plane URL, https://HOST:PORT (overrides the context; env RIPTIDES_SERVER).',
    helpGroup,
  }),
  token: Flags.string({
    description:
      'Bearer token (env RIPTIDES_TOKEN). Prefer --token-file: arguments are visible to other users.',
    helpGroup,
    exclusive: ['token-file'],
  }),
  'token-file': Flags.string({
    description: 'File holding the bearer token (controlplane serve writes DATA/admin.token).',
    helpGroup,
  }),
  'ca-file': Flags.string({
    description:
      'PEM CA certificate that signed the server certificate (controlplane serve prints DATA/ca.pem; env RIPTIDES_CA_FILE).',
    helpGroup,
  }),
  'insecure-skip-tls-verify': Flags.boolean({
    description: 'Do not verify the server certificate (insecure: prints a warning).',
    helpGroup,
    allowNo: true,
  }),
  namespace: Flags.string({
    char: 'n',
    description: "Namespace (default: the context's, then riptides-system).",
    helpGroup,
  }),
  verbose: Flags.boolean({
    char: 'v',
    description: 'Log every request and response line to stderr (Authorization is redacted).',
    helpGroup,
  }),
  'request-timeout': Flags.integer({
    description: 'Seconds to wait for the control plane per request (default 30).',
    helpGroup,
    min: 1,
  }),
};
