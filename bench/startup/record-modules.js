'use strict';
// Preload hook (node --require / NODE_OPTIONS=--require) that records every module the process
// loads, in load order, with the self+children time of each top-level package load, and writes
// them as JSON to $RIPTIDES_RECORD_MODULES when the process exits. Used by bench/startup and by
// test/e2e/startup-imports.test.ts to see which heavy dependencies a command pulls in.
const Module = require('node:module');
const fs = require('node:fs');

const out = process.env.RIPTIDES_RECORD_MODULES;
if (out) {
  const loaded = [];
  const seen = new Set();
  const originalLoad = Module._load;
  Module._load = function recordLoad(request, parent, isMain) {
    let file;
    try {
      file = Module._resolveFilename(request, parent, isMain);
    } catch {
      return originalLoad.apply(this, arguments);
    }
    if (seen.has(file)) return originalLoad.apply(this, arguments);
    seen.add(file);
    const entry = { request, file, ms: 0 };
    loaded.push(entry);
    const start = process.hrtime.bigint();
    try {
      return originalLoad.apply(this, arguments);
    } finally {
      entry.ms = Number(process.hrtime.bigint() - start) / 1e6;
    }
  };
  // ESM imports (the oclif plugins) do not pass through Module._load: record them too.
  if (typeof Module.registerHooks === 'function') {
    Module.registerHooks({
      load(url, context, nextLoad) {
        if (url.startsWith('file:')) {
          const file = require('node:url').fileURLToPath(url);
          if (!seen.has(file)) {
            seen.add(file);
            loaded.push({ request: url, file, ms: 0, esm: true });
          }
        }
        return nextLoad(url, context);
      },
    });
  }
  // The HTTPS client loads only undici's Agent and request modules (src/api/transport-http.ts), which
  // set no global: their first request announces itself on undici's diagnostics channel. (Node's own
  // fetch publishes on the same channel: a command using fetch would be reported as using undici.)
  let undiciRequests = 0;
  require('node:diagnostics_channel').subscribe('undici:request:create', () => undiciRequests++);
  process.on('exit', () => {
    // Modules put in the cache without Module._load (bin/run.js registers the bundle that way).
    for (const file of Object.keys(Module._cache)) {
      if (!seen.has(file)) {
        seen.add(file);
        loaded.push({ request: file, file, ms: 0, cached: true });
      }
    }
    // undici is in the bundle (scripts/build-bundle.js), so it passes through no loader either; the
    // first require of its index sets up its global dispatcher, which Node's own fetch does only when used.
    const dispatcher = ['undici.globalDispatcher.1', 'undici.globalDispatcher.2'].some(
      (name) => globalThis[Symbol.for(name)] !== undefined,
    );
    if (dispatcher && !loaded.some((m) => /node_modules[/\\]undici[/\\]/.test(m.file))) {
      loaded.push({ request: 'undici', file: 'bundle:node_modules/undici/index.js', ms: 0, bundled: true });
    }
    if (
      undiciRequests > 0 &&
      !loaded.some((m) => /node_modules[/\\]undici[/\\]lib[/\\]api[/\\]/.test(m.file))
    ) {
      loaded.push({
        request: 'undici/lib/api/api-request',
        file: 'bundle:node_modules/undici/lib/api/api-request.js',
        ms: 0,
        bundled: true,
      });
    }
    try {
      fs.writeFileSync(out, JSON.stringify(loaded));
    } catch {
      // the recording is best effort; never change the command's outcome
    }
  });
}
