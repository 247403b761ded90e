/**
 * Dependencies point one way (docs/architecture.md): commands → cli → (api | io | printers) → core,
 * server → core. Checked over every import in src/, type-only ones and lazy require()s included.
 */
import { importCycles, importGraph, moduleSpecifiers, resolveSpecifier } from './import-graph';

/** The layers each layer may import (besides itself). */
const ALLOWED: Record<string, readonly string[]> = {
  // The top: oclif entry points. They compose the layers below, the server included (`controlplane serve`).
  commands: ['cli', 'api', 'io', 'printers', 'server', 'core'],
  hooks: ['cli', 'core'],
  // Shared command glue; it alone hands the server to the embedded transport (src/cli/context.ts).
  cli: ['api', 'io', 'printers', 'server', 'core'],
  // The control-plane client: it is handed its CA's text (cli/context.ts reads the file).
  api: ['core'],
  // The server is handed the schema validators (the CLI's precompiled module, src/io/validators) by
  // whoever starts it (cli/context.ts, controlplane serve).
  server: ['core'],
  io: ['core'],
  // Pure renderers: (result, options) → string.
  printers: ['core'],
  core: [],
};

/** Cycles left on purpose, each with its reason. Empty: keep it so. */
const KNOWN_CYCLES: string[][] = [];

const layerOf = (file: string): string => file.split('/')[1];

describe('layers', () => {
  const graph = importGraph();

  it('sees every kind of import the sources use', () => {
    const specs = moduleSpecifiers(
      'x.ts',
      [
        "import a from './a';",
        "import type { B } from './b';",
        "export { c } from './c';",
        "const d = require('./d');",
        "const e = import('./e');",
        "let f: typeof import('./f');",
        "import g = require('./g');",
      ].join('\n'),
    );
    expect(specs).toEqual(['./a', './b', './c', './d', './e', './f', './g']);
    expect(resolveSpecifier('src/cli/context.ts', '../server/index')).toBe('src/server/index.ts');
    expect(resolveSpecifier('src/cli/context.ts', '../core/wire')).toBeUndefined();
  });

  it('every src/ directory is a known layer', () => {
    const layers = new Set([...graph.keys()].map(layerOf));
    for (const layer of layers) expect(Object.keys(ALLOWED)).toContain(layer);
  });

  it('no file imports a layer above its own', () => {
    const violations: string[] = [];
    for (const [file, targets] of graph) {
      const from = layerOf(file);
      for (const target of targets) {
        const to = layerOf(target);
        if (to !== from && !ALLOWED[from].includes(to)) violations.push(`${file} → ${target}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('no command imports another command: what two commands share lives in src/cli', () => {
    const violations: string[] = [];
    for (const [file, targets] of graph)
      if (layerOf(file) === 'commands')
        for (const target of targets)
          if (layerOf(target) === 'commands') violations.push(`${file} → ${target}`);
    expect(violations).toEqual([]);
  });

  it('has no import cycles, type-only ones included', () => {
    expect(importCycles(graph)).toEqual(KNOWN_CYCLES);
  });

  it('finds a cycle when there is one', () => {
    const g = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['d']],
      ['e', ['a']],
    ]);
    expect(importCycles(g)).toEqual([['a', 'b', 'c'], ['d']]);
  });
});
