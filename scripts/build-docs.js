#!/usr/bin/env node
'use strict';
// Generate docs/codes/<id>.md, one page per code of the one catalog (src/core/catalog/codes.ts), and
// the index docs/codes/README.md, from the built catalog (dist/) and the recorded output of each
// page's example (scripts/code-examples.json, written by `npm run docs:examples`, checked by
// test/e2e/code-examples.test.ts). Run by `npm run build`; `--check` writes nothing and exits 1
// when a committed page differs from what the catalog generates.
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const outDir = path.join(root, 'docs', 'codes');
const { allCodesWithExamples } = require(path.join(root, 'dist', 'core', 'catalog', 'examples.js'));
const outputsFile = path.join(__dirname, 'code-examples.json');
const outputs = fs.existsSync(outputsFile) ? JSON.parse(fs.readFileSync(outputsFile, 'utf8')) : {};

const KIND_TITLE = {
  finding: 'Findings (RT1xxx manifests, RT2xxx lint rules, RT3xxx X.509-SVID, RT4xxx JWT-SVID and bundles)',
  reason: 'Connection reasons (`explain`, `simulate`)',
  'flow-note': 'Flow explanations (`explain connection --flow`, `simulate --flows`)',
  error: 'CLI errors (the `code:` line under `Error:`)',
  problem: 'API problem types (`https://riptides.io/problems/<code>`)',
  'issuance-reason':
    'Refused SVID requests (the `reason` of a 422 answer to `POST /v1/svids/x509`; `svid issue`)',
};

/** A fence longer than any run of backticks in the text. */
function fence(text, lang) {
  const longest = Math.max(2, ...(text.match(/`+/g) || []).map((m) => m.length));
  const f = '`'.repeat(longest + 1);
  return `${f}${lang}\n${text.replace(/\n$/, '')}\n${f}`;
}

function shellQuote(arg) {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

const SHOWN = {
  all: '',
  'code-lines': ' (The lines of the output that carry `CODE`.)',
  'code-block': ' (The part of the output about `CODE`.)',
};

function examplePage(entry) {
  const ex = entry.example;
  if (!ex) return entry.noExample ? ['## Example', '', `No runnable example: ${entry.noExample}`, ''] : [];
  const lines = ['## Example', ''];
  if (ex.note) lines.push(ex.note, '');
  for (const [name, content] of Object.entries(ex.files || {})) {
    const lang = /\.ya?ml$/.test(name) ? 'yaml' : /\.json$/.test(name) ? 'json' : '';
    lines.push(`\`${name}\`:`, '', fence(content, lang), '');
  }
  for (const [name, what] of Object.entries(ex.made || {})) lines.push(`\`${name}\`: ${what}.`, '');
  if (ex.prepare && ex.prepare.length > 0)
    lines.push(
      'First, before the control plane starts (each exits 0; their output is not shown):',
      '',
      fence(
        ex.prepare.map((args) => `$ riptides-cli ${args.map(shellQuote).join(' ')}`).join('\n'),
        'console',
      ),
      '',
    );
  if (ex.served) {
    const data = ex.servedDataDir || 'cp';
    lines.push(
      `A control plane runs beside the command, started in the same directory with \`riptides-cli controlplane serve --data-dir ${data}\` (it listens on https://127.0.0.1:7443; its CA is ${data}/ca.pem, its admin token ${data}/admin.token).`,
      '',
    );
  }
  if (ex.foreign)
    lines.push(
      `Beside the command, at https://127.0.0.1:7443, runs a server that is not a healthy Riptides control plane: ${ex.foreign.what} (\`ca.pem\` is the CA of its certificate).`,
      '',
    );
  if (ex.before && ex.before.length > 0)
    lines.push(
      'First (each exits 0; their output is not shown):',
      '',
      fence(
        ex.before.map((args) => `$ riptides-cli ${args.map(shellQuote).join(' ')}`).join('\n'),
        'console',
      ),
      '',
      'Then:',
      '',
    );
  const recorded = outputs[entry.id];
  const env = Object.entries(ex.env || {})
    .map(([k, v]) => `${k}=${shellQuote(v)} `)
    .join('');
  // A shell example (curl against the served control plane) is shown as written; the test runs it so.
  const command =
    ex.shell !== undefined
      ? `$ ${ex.shell}`
      : `$ ${ex.stdin !== undefined ? `printf '%s' ${shellQuote(ex.stdin)} | ` : ''}${env}riptides-cli ${ex.args
          .map(shellQuote)
          .join(' ')}`;
  const shown = recorded ? recorded.shown : '(output not recorded yet: run npm run docs:examples)';
  lines.push(fence(`${command}\n${shown}`, 'console'), '');
  lines.push(`Exit status ${ex.exit}.${SHOWN[ex.show || 'all'].replace('CODE', entry.id)}`, '');
  return lines;
}

function page(entry) {
  const name = entry.kind === 'finding' ? ` ${entry.aliases[0]}` : '';
  const lines = [`# ${entry.id}${name}`, '', entry.facts, ''];
  if (entry.kind !== 'finding' && entry.kind !== 'problem') lines.push(`${entry.title}.`, '');
  lines.push(entry.summary, '');
  for (const old of entry.formerNames)
    lines.push(
      `> **Renamed:** this code used to be called \`${old}\`. The old name still works where you can type a name (\`--disable\`, \`.riptides-lint.yaml\`, the \`lint.riptides.io/disable\` annotation), but is deprecated (\`--disable\` warns): use \`${entry.aliases[0]}\` or \`${entry.id}\`.`,
      '',
    );
  if (entry.details) lines.push(entry.details, '');
  lines.push('## How to fix', '', entry.fix, '');
  lines.push(...examplePage(entry));
  lines.push(
    '---',
    '',
    `Generated from the catalog (\`src/core/catalog/\`) by \`scripts/build-docs.js\`; every code: [README.md](README.md).`,
    '',
  );
  return lines.join('\n');
}

function index(codes) {
  const lines = [
    '# Codes',
    '',
    'Every code riptides-cli shows, in one id space: `riptides-cli docs CODE` prints its page offline.',
    'The pages are generated from the one catalog (`src/core/catalog/codes.ts`); do not edit them by hand.',
    '',
  ];
  const renamed = codes.filter((c) => c.formerNames.length > 0);
  if (renamed.length > 0) {
    lines.push(
      '## Renamed',
      '',
      'A name means one thing. Where a name was used twice, one side was renamed; the former name still',
      'works wherever a user could have typed it, and is deprecated:',
      '',
    );
    for (const c of renamed)
      lines.push(
        `- [${c.id}](${c.id}.md) ${c.aliases[0]}: formerly ${c.formerNames.map((n) => `\`${n}\``).join(', ')}`,
      );
    lines.push(
      '- the CLI error [data-trust-domain-differs](data-trust-domain-differs.md) was `trust-domain-mismatch` (never typed by users; that name is the [connection reason](trust-domain-mismatch.md) only)',
      '- [RT3005](RT3005.md) invalid-uri-san was named `invalid-spiffe-id`, the name of [RT1030](RT1030.md) (finding names of `svid inspect` are not typed anywhere)',
      '- the refused-SVID-request reason [csr-weak-key](csr-weak-key.md) was sent as `weak-key`, the name of [RT3025](RT3025.md) (`svid issue` still reads the old value from an older control plane)',
      '',
    );
  }
  for (const kind of Object.keys(KIND_TITLE)) {
    const of = codes.filter((c) => c.kind === kind);
    lines.push(`## ${KIND_TITLE[kind]}`, '', '| code | title |', '|---|---|');
    for (const c of of) {
      const name = c.kind === 'finding' ? ` ${c.aliases[0]}` : '';
      lines.push(`| [${c.id}](${c.id}.md)${name} | ${c.title.replace(/\|/g, '\\|')} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

const codes = allCodesWithExamples();
const wanted = new Map(codes.map((c) => [`${c.id}.md`, page(c)]));
wanted.set('README.md', index(codes));
const check = process.argv.includes('--check');
const stale = [];
fs.mkdirSync(outDir, { recursive: true });
for (const [file, text] of wanted) {
  const p = path.join(outDir, file);
  const now = fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : undefined;
  if (now === text) continue;
  stale.push(file);
  if (!check) fs.writeFileSync(p, text);
}
for (const file of fs.readdirSync(outDir)) {
  if (!file.endsWith('.md') || wanted.has(file)) continue;
  stale.push(file);
  if (!check) fs.rmSync(path.join(outDir, file));
}
if (check && stale.length > 0) {
  process.stderr.write(
    `docs/codes is out of date (${stale.length} pages: ${stale.slice(0, 5).join(', ')}${stale.length > 5 ? ', …' : ''}): run npm run build and commit docs/codes\n`,
  );
  process.exit(1);
}
