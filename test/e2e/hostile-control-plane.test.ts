/**
 * A hostile or broken control plane must not hang the CLI, grow it without bound or crash it
 * (issue 10): the built CLI against an HTTPS server on loopback that misbehaves on purpose, with a
 * real certificate from the project's CA. Each case exits 3 with a clear message, within seconds.
 */
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { issueServerCertificate, loadOrCreateCertificateAuthority } from '../../src/server/ca';
import { runCli, tempDir } from '../helpers/cli';

type Handler = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void;

interface Hostile {
  url: string;
  flags: string[];
  close(): Promise<void>;
}

let caFile: string;
let cert: { certChainPem: string; keyPem: string };
const open: Hostile[] = [];

beforeAll(async () => {
  const dir = tempDir('riptides-hostile-');
  const ca = await loadOrCreateCertificateAuthority(dir, 'example.com');
  caFile = path.join(dir, 'ca.pem');
  cert = await issueServerCertificate(ca, '127.0.0.1');
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});

async function hostile(handler: Handler): Promise<Hostile> {
  const sockets = new Set<import('node:net').Socket>();
  const server = https.createServer({ cert: cert.certChainPem, key: cert.keyPem }, handler);
  server.on('secureConnection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const h: Hostile = {
    url,
    flags: ['--server', url, '--ca-file', caFile, '--token', 'test-token'],
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  open.push(h);
  return h;
}

const json = (res: import('node:http').ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

/** Control characters other than the line feed, as code points. */
const rawControls = (text: string) =>
  [...text].map((ch) => ch.charCodeAt(0)).filter((c) => (c < 0x20 && c !== 0x0a) || (c >= 0x7f && c <= 0x9f));

const SVC = (name: string) =>
  `apiVersion: core.riptides.io/v1alpha1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  addresses:\n    - address: ${name}.internal\n      port: 443\n`;

type SentItem = { kind: string; metadata: { name: string; namespace: string } };

/** A POST /v1/apply answer that reports every sent item created at `resourceVersion`. */
function answerCreated(res: Parameters<typeof json>[0], items: SentItem[], resourceVersion: string): void {
  json(res, 200, {
    items: items.map((i) => ({
      kind: i.kind,
      namespace: i.metadata.namespace,
      name: i.metadata.name,
      action: 'created',
      resourceVersion,
    })),
    dryRun: false,
    atomic: false,
  });
}

test('a body dripped one byte every 10 s: exit 3 when --request-timeout passes, not a hang', async () => {
  const h = await hostile((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{');
    const timer = setInterval(() => res.write(' '), 10_000);
    res.on('close', () => clearInterval(timer));
  });
  const started = Date.now();
  const r = await runCli(['ctl', 'get', 'services', ...h.flags, '--request-timeout', '2'], {
    timeoutMs: 30000,
  });
  expect(r.code).toBe(3);
  expect(r.stderr).toContain('within 2 s');
  expect(Date.now() - started).toBeLessThan(25000);
});

test('a 3 GB body (announced, or chunked without a length): exit 3 at the response cap', async () => {
  const zeros = Buffer.alloc(64 * 1024, 0x20);
  const announced = await hostile((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(3 * 1024 ** 3) });
    res.write('{"items":');
    res.write(zeros);
  });
  const a = await runCli(['ctl', 'get', 'services', ...announced.flags], {
    env: { RIPTIDES_MAX_RESPONSE_BYTES: String(1024 * 1024) },
    timeoutMs: 30000,
  });
  expect(a.code).toBe(3);
  expect(a.stderr).toContain('over the 1048576-byte limit');
  const chunked = await hostile((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"items":');
    const pump = () => {
      while (res.write(zeros)) if (res.destroyed) return;
    };
    res.on('drain', pump);
    pump();
  });
  const c = await runCli(['ctl', 'get', 'services', ...chunked.flags], {
    env: { RIPTIDES_MAX_RESPONSE_BYTES: String(1024 * 1024) },
    timeoutMs: 30000,
  });
  expect(c.code).toBe(3);
  expect(c.stderr).toContain('over the 1048576-byte limit');
});

test('answers of the wrong shape ({"items": 5}, not JSON) are exit 3 "not a list", never exit 70', async () => {
  const h = await hostile((req, res) => {
    if (req.url?.includes('services')) json(res, 200, { items: 5 });
    else {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>proxy login</html>');
    }
  });
  const r = await runCli(['ctl', 'get', 'services', ...h.flags], { timeoutMs: 30000 });
  expect(r.code).toBe(3);
  expect(r.stderr).toContain('not a list of resources');
  expect(r.stderr).not.toContain('Internal error');
  const w = await runCli(['ctl', 'get', 'workloadidentities', ...h.flags], { timeoutMs: 30000 });
  expect(w.code).toBe(3);
  expect(w.stderr).not.toContain('Internal error');
});

test('names sent by a control plane reach the terminal escaped, never raw', async () => {
  const evil = 'evil\u001b]0;pwned\u0007\u001b[2J\u009b31m';
  const h = await hostile((_req, res) =>
    json(res, 200, {
      items: [
        {
          apiVersion: 'core.riptides.io/v1alpha1',
          kind: 'Service',
          metadata: { name: evil, namespace: 'riptides-system', creationTimestamp: '2026-01-01T00:00:00Z' },
          spec: { addresses: [{ address: 'a\u001b[1mb', port: 443 }] },
        },
      ],
      metadata: {},
    }),
  );
  for (const output of ['table', 'name']) {
    const r = await runCli(['ctl', 'get', 'services', '-o', output, ...h.flags], { timeoutMs: 30000 });
    expect(r.code).toBe(0);
    expect(rawControls(r.stdout)).toEqual([]);
    expect(r.stdout).toContain('evil\\x1b]0;pwned\\x07\\x1b[2J\\u009b31m');
  }
  // YAML output stays machine-readable: the same name reads back, and no control reaches the terminal raw.
  const y = await runCli(['ctl', 'get', 'services', '-o', 'yaml', ...h.flags], { timeoutMs: 30000 });
  expect(y.code).toBe(0);
  expect(rawControls(y.stdout)).toEqual([]);
  expect((parseYaml(y.stdout) as { metadata: { name: string } }).metadata.name).toBe(evil);
});

test('ctl apply: unchanged resources are not sent; the server dies part-way; every line in input order', async () => {
  const names = Array.from({ length: 20 }, (_, i) => `svc-${String(i).padStart(2, '0')}`);
  // svc-00 … svc-05 and svc-10 are live exactly as the manifests say (server-set metadata aside).
  const unchanged = [...names.slice(0, 6), 'svc-10'];
  const live = unchanged.map((name, i) => ({
    apiVersion: 'core.riptides.io/v1alpha1',
    kind: 'Service',
    metadata: {
      name,
      namespace: 'riptides-system',
      uid: `u-${i}`,
      resourceVersion: String(10 + i),
      generation: 1,
    },
    spec: { addresses: [{ address: `${name}.internal`, port: 443 }] },
  }));
  const sent: string[] = [];
  let answered = 0;
  let h: Hostile | undefined = undefined;
  h = await hostile((req, res) => {
    if (req.method !== 'POST') {
      if (/\/v1\/services/.test(req.url ?? '')) return json(res, 200, { items: live, metadata: {} });
      if (/\/v1\/workloadidentities/.test(req.url ?? '')) return json(res, 200, { items: [], metadata: {} });
      return json(res, 200, { trustDomain: 'example.com', version: 'x', kinds: [] });
    }
    let body = '';
    req.setEncoding('utf8').on('data', (d: string) => (body += d));
    req.on('end', () => {
      const items = (JSON.parse(body) as { items: SentItem[] }).items;
      const batch = items.map((i) => i.metadata.name);
      sent.push(...batch);
      // Batches of 2 of the 13 changed: [06,07] [08,09] [11,12] [13,14] …, four in flight. Only the
      // second and the fourth are answered, then the server goes away: a later batch is acknowledged
      // and an earlier one is not.
      if (!batch.includes('svc-08') && !batch.includes('svc-13')) return;
      answerCreated(res, items, '30');
      if (++answered === 2) res.on('finish', () => void h!.close());
    });
  });
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'all.yaml'), names.map(SVC).join('---\n'));
  const r = await runCli(['ctl', 'apply', '-f', dir, '-o', 'json', ...h.flags], {
    env: { RIPTIDES_APPLY_BATCH_SIZE: '2' },
    timeoutMs: 40000,
  });
  expect(r.code).toBe(3);
  // Nothing unchanged was sent.
  expect(sent.filter((n) => unchanged.includes(n))).toEqual([]);
  const out = JSON.parse(r.stdout) as { items: { name: string; action: string; resourceVersion?: string }[] };
  // The unchanged ones with their live versions and the acknowledged ones, in input order.
  expect(out.items.map((i) => [i.name, i.action, i.resourceVersion])).toEqual([
    ...names.slice(0, 6).map((name, i) => [name, 'unchanged', String(10 + i)]),
    ['svc-08', 'created', '30'],
    ['svc-09', 'created', '30'],
    ['svc-10', 'unchanged', '16'],
    ['svc-13', 'created', '30'],
    ['svc-14', 'created', '30'],
  ]);
  expect(r.stderr).toContain(
    '11 of 20 applied; the rest were not sent — rerun to finish (apply is idempotent)',
  );
});

test('ctl apply: the server dies after 4 of 10 batches; exit 3, the acknowledged lines, then "N of M applied"', async () => {
  let batches = 0;
  let h: Hostile | undefined = undefined;
  h = await hostile((req, res) => {
    // Reads (the info, and the live lists apply lints against) answer normally: nothing live yet.
    if (req.method !== 'POST')
      return /workloadidentities|services/.test(req.url ?? '')
        ? json(res, 200, { items: [] })
        : json(res, 200, { trustDomain: 'example.com', version: 'x', kinds: [] });
    batches++;
    if (batches > 4) {
      void h!.close(); // dies: this request and every later one get no answer
      return;
    }
    let body = '';
    req.setEncoding('utf8').on('data', (d: string) => (body += d));
    req.on('end', () => {
      const items = (JSON.parse(body) as { items: SentItem[] }).items;
      answerCreated(res, items, '1');
    });
  });
  const dir = tempDir();
  const names = Array.from({ length: 20 }, (_, i) => `svc-${String(i).padStart(2, '0')}`);
  fs.writeFileSync(path.join(dir, 'all.yaml'), names.map(SVC).join('---\n'));
  const r = await runCli(['ctl', 'apply', '-f', dir, ...h.flags], {
    env: { RIPTIDES_APPLY_BATCH_SIZE: '2' },
    timeoutMs: 40000,
  });
  expect(r.code).toBe(3);
  const lines = r.stdout.trim().split('\n');
  expect(lines).toHaveLength(8);
  expect(lines.every((l) => /^service\/svc-\d\d created$/.test(l))).toBe(true);
  expect(r.stderr).toContain(
    '8 of 20 applied; the rest were not sent — rerun to finish (apply is idempotent)',
  );
});

// ctl apply reads the live state while it loads its files (src/cli/live-prefetch.ts): none of that
// shows when the files block the apply, and the output is the same as reading afterwards.
test('ctl apply of invalid manifests, the control plane never answering: exit 1 at once, no request line', async () => {
  let requests = 0;
  const h = await hostile(() => {
    requests++; // and never answer
  });
  const dir = tempDir();
  // 5,000 documents (many turns of the event loop while they load), one invalid.
  const docs = Array.from({ length: 5000 }, (_, i) => SVC(`svc-${i}`));
  docs[150] = docs[150].replace('port: 443', 'port: 70000');
  fs.writeFileSync(path.join(dir, 'all.yaml'), docs.join('---\n'));
  const started = Date.now();
  const r = await runCli(['ctl', 'apply', '-f', dir, '-v', ...h.flags], { timeoutMs: 40000 });
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/all\.yaml\n\s+1358:13 error RT1024/);
  // The live read was under way (the default request timeout is 30 s) and was dropped, unprinted.
  expect(Date.now() - started).toBeLessThan(20000);
  expect(requests).toBeGreaterThan(0);
  expect(r.stderr).not.toContain('> GET');
  expect(r.stderr).not.toContain('> POST');
});

test('ctl apply: the live read started early prints its warning once and its -v lines before the writes', async () => {
  const h = await hostile((req, res) => {
    if (req.method !== 'POST') {
      if (/\/v1\/(services|workloadidentities)/.test(req.url ?? ''))
        return json(res, 200, { items: [], metadata: {} });
      return json(res, 200, { trustDomain: 'example.com', version: 'x', kinds: [] });
    }
    let body = '';
    req.setEncoding('utf8').on('data', (d: string) => (body += d));
    req.on('end', () => answerCreated(res, (JSON.parse(body) as { items: SentItem[] }).items, '7'));
  });
  const dir = tempDir();
  fs.writeFileSync(
    path.join(dir, 'all.yaml'),
    Array.from({ length: 300 }, (_, i) => SVC(`svc-${i}`)).join('---\n'),
  );
  const flags = h.flags.filter((f, i) => f !== '--ca-file' && h.flags[i - 1] !== '--ca-file');
  const r = await runCli(['ctl', 'apply', '-f', dir, '-v', '--insecure-skip-tls-verify', ...flags], {
    timeoutMs: 40000,
  });
  expect(r.code).toBe(0);
  expect(r.stdout.trim().split('\n')).toHaveLength(300);
  const lines = r.stderr.split('\n');
  expect(lines.filter((l) => l.includes('--insecure-skip-tls-verify')).length).toBe(1);
  const firstGet = lines.findIndex((l) => l.startsWith('> GET'));
  const firstPost = lines.findIndex((l) => l.startsWith('> POST'));
  expect(lines.findIndex((l) => l.includes('WARNING'))).toBeLessThan(firstGet);
  expect(firstGet).toBeGreaterThanOrEqual(0);
  expect(lines.findLastIndex((l) => l.startsWith('> GET'))).toBeLessThan(firstPost);
});
