/**
 * In-process use (the embedded `local` context): routes work through `app.inject()` without a
 * socket, and neither @peculiar/x509 nor the CA is loaded or created just to store resources.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, tempDir } from '../helpers/cli';

test('inject() works without creating the CA or loading @peculiar/x509', () => {
  const dataDir = tempDir('riptides-embedded-');
  const script = `
    const { createControlPlane } = require(${JSON.stringify(path.join(REPO_ROOT, 'dist', 'server', 'index.js'))});
    (async () => {
      const { loadValidators } = require(${JSON.stringify(path.join(REPO_ROOT, 'dist', 'io', 'validators.js'))});
      const cp = await createControlPlane({ dataDir: ${JSON.stringify(dataDir)}, validators: loadValidators() });
      const headers = { authorization: 'Bearer ' + cp.adminToken };
      const doc = { apiVersion: 'core.riptides.io/v1alpha1', kind: 'Service', metadata: { name: 'db' },
        spec: { addresses: [{ address: 'db.internal', port: 5432 }] } };
      const put = await cp.app.inject({ method: 'PUT', url: '/v1/namespaces/riptides-system/services/db', headers, payload: doc });
      const get = await cp.app.inject({ method: 'GET', url: '/v1/namespaces/riptides-system/services/db', headers });
      await cp.close();
      const loaded = Object.keys(require.cache);
      console.log(JSON.stringify({
        put: put.statusCode, get: get.statusCode,
        x509: loaded.some((f) => f.includes('@peculiar')),
        ca: loaded.some((f) => f.endsWith(require('path').join('server', 'ca.js'))),
      }));
    })();`;
  const res = spawnSync(process.execPath, ['-e', script], {
    encoding: 'utf8',
    cwd: REPO_ROOT,
  });
  expect(res.stderr).toBe('');
  expect(JSON.parse(res.stdout)).toEqual({ put: 201, get: 200, x509: false, ca: false });
  expect(fs.existsSync(path.join(dataDir, 'ca.pem'))).toBe(false);
  expect(fs.existsSync(path.join(dataDir, 'admin.token'))).toBe(true);
});
