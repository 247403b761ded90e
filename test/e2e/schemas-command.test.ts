/** `riptides-cli schemas --out DIR`: the editor/kubeconform schemas, written where users point their tools. */
import fs from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { parseAllDocuments } from 'yaml';
import { REPO_ROOT, runCli, tempDir } from '../helpers/cli';

test('schemas --out DIR writes every schema; the written files validate a manifest on their own', async () => {
  const out = path.join(tempDir('riptides-schemas-'), 'nested', 'schemas');
  const r = await runCli(['schemas', '--out', out]);
  expect(r.code).toBe(0);
  const written = r.stdout.trim().split('\n');
  for (const f of ['workloadidentity', 'service', 'scenario', 'defs', 'output/ValidateReport'])
    expect(written).toContain(path.join(out, `${f}.schema.json`));
  for (const f of written) {
    const rel = path.relative(out, f);
    expect(fs.readFileSync(f, 'utf8')).toBe(fs.readFileSync(path.join(REPO_ROOT, 'schemas', rel), 'utf8'));
  }
  // As an editor or kubeconform would: load the files from DIR and validate the quickstart against them.
  const ajv = new Ajv2020({ strict: false });
  for (const f of ['defs', 'workloadidentity'])
    ajv.addSchema(JSON.parse(fs.readFileSync(path.join(out, `${f}.schema.json`), 'utf8')));
  const validate = ajv.getSchema(
    JSON.parse(fs.readFileSync(path.join(out, 'workloadidentity.schema.json'), 'utf8')).$id,
  )!;
  const doc = parseAllDocuments(
    fs.readFileSync(path.join(REPO_ROOT, 'examples/quickstart/frontend-workloadidentity.yaml'), 'utf8'),
  )[0].toJS();
  expect(validate(doc)).toBe(true);
  expect(validate({ ...doc, spec: { ...doc.spec, allowedSpiffeIds: {} } })).toBe(false);
});

test('schemas without --out lists them; an --out that is a file is a usage error (exit 2)', async () => {
  const list = await runCli(['schemas']);
  expect(list.code).toBe(0);
  expect(list.stdout.split('\n')).toContain('workloadidentity.schema.json');
  const file = path.join(tempDir(), 'file');
  fs.writeFileSync(file, '');
  const bad = await runCli(['schemas', '--out', file]);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/^Error: cannot write the schemas/);
});
