'use strict';
// Second baseline for bench/apply: fastify (the control plane's version and its JSON body parser)
// over node:https with one PUT route that answers the same ~600-byte JSON document as bare-https.js,
// with no authentication, schema check or store. What the framework costs per request, apart
// from TLS and HTTP. Prints its URL.
const Fastify = require('fastify');
const { baselineSetup } = require('./baseline-common');

async function main() {
  const { key, cert, body } = await baselineSetup();
  const app = Fastify({ https: { key, cert }, logger: false });
  app.put('/v1/namespaces/:namespace/workloadidentities/:name', async (req, reply) => {
    reply.code(201).type('application/json; charset=utf-8');
    return body;
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  console.log(url.replace('localhost', '127.0.0.1'));
  process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
}

main();
