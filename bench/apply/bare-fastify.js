'use strict';
// Second baseline for bench/apply: fastify (the control plane's version and its JSON body parser)
// over node:https with one PUT route that answers the same ~600-byte JSON document as bare-https.js,
// with no authentication, schema check or store. What the framework costs per request, apart
// from TLS and HTTP. Prints its URL.
const path = require('node:path');
const Fastify = require('fastify');
const { loadOrCreateCertificateAuthority, issueServerCertificate } = require(
  path.join(__dirname, '..', '..', 'dist', 'server', 'ca.js'),
);

async function main() {
  const [dataDir, trustDomain] = process.argv.slice(2);
  const ca = await loadOrCreateCertificateAuthority(dataDir, trustDomain);
  const cert = await issueServerCertificate(ca, '127.0.0.1');
  const body = JSON.stringify({ metadata: { name: 'x'.repeat(40) }, padding: 'y'.repeat(520) });
  const app = Fastify({ https: { key: cert.keyPem, cert: cert.certChainPem }, logger: false });
  app.put('/v1/namespaces/:namespace/workloadidentities/:name', async (req, reply) => {
    reply.code(201).type('application/json; charset=utf-8');
    return body;
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  console.log(url.replace('localhost', '127.0.0.1'));
  process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
}

main();
