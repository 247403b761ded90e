'use strict';
// The benchmarks run on the Node.js the project targets (>= 22.13; `npm ci` installs Node 24 as
// node_modules/.bin/node): on an older one undici, which several of them load, can hang instead of
// failing. Required first by those benchmarks.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 13)) {
  process.stderr.write(
    `bench: needs Node.js >= 22.13, this is ${process.version}; run it with the project's Node: node_modules/.bin/node ${process.argv[1] ?? ''}\n`,
  );
  process.exit(2);
}
