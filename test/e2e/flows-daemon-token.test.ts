/** End-to-end: `controlplane daemon-token` mints a token file that a running control plane accepts for flows only. */
import fs from 'node:fs';
import path from 'node:path';
import { runCli, tempDir } from '../helpers/cli';
import { flow } from '../helpers/flows';
import { startHarness } from '../server/harness';

test('daemon-token writes a 0600 token file that posts flows and is refused resource writes', async () => {
  const dataDir = tempDir('riptides-cp-');
  const h = await startHarness({}, dataDir);
  try {
    const r = await runCli(['controlplane', 'daemon-token', 'node-7', '--data-dir', dataDir]);
    expect(r.code).toBe(0);
    const file = path.join(dataDir, 'daemon-node-7.token');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const token = fs.readFileSync(file, 'utf8').trim();
    expect(r.stdout).not.toContain(token);
    const post = await h.call('POST', '/v1/flows', {
      token,
      body: { items: [flow('legacy', 'frontend', 'PLAINTEXT')] },
    });
    expect(post.status).toBe(200);
    const put = await h.call('PUT', '/v1/namespaces/riptides-system/services/x', {
      token,
      body: {
        apiVersion: 'core.riptides.io/v1alpha1',
        kind: 'Service',
        metadata: { name: 'x' },
        spec: { addresses: [{ address: 'x', port: 1 }] },
      },
    });
    expect(put.status).toBe(403);
    expect((await runCli(['controlplane', 'daemon-token', 'node-7', '--data-dir', dataDir])).code).toBe(2);
    // --revoke: a token no replica has looked up lately is refused at once; an unknown name is exit 2.
    const other = path.join(dataDir, 'node-8.token');
    expect(
      (await runCli(['controlplane', 'daemon-token', 'node-8', '--data-dir', dataDir, '--token-file', other]))
        .code,
    ).toBe(0);
    const revoked = await runCli([
      'controlplane',
      'daemon-token',
      'node-8',
      '--revoke',
      '--data-dir',
      dataDir,
    ]);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain('revoked 1 daemon token for "node-8"');
    const refused = await h.call('POST', '/v1/flows', {
      token: fs.readFileSync(other, 'utf8').trim(),
      body: { items: [flow('legacy', 'frontend', 'PLAINTEXT')] },
    });
    expect(refused.status).toBe(401);
    const again = await runCli(['controlplane', 'daemon-token', 'node-8', '--revoke', '--data-dir', dataDir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('no daemon token named "node-8"');
    expect((await runCli(['controlplane', 'daemon-token', 'bad name', '--data-dir', dataDir])).code).toBe(2);
    expect(
      (await runCli(['controlplane', 'daemon-token', 'n', '--data-dir', path.join(dataDir, 'none')])).code,
    ).toBe(3);
  } finally {
    await h.close();
  }
});
