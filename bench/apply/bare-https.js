'use strict';
// Baseline for bench/apply: a bare node:https server that reads each request body and answers a
// ~600-byte JSON document, with a certificate from the control plane's CA. Prints its URL.
const https = require('node:https');
const path = require('node:path');
const { loadOrCreateCertificateAuthority, issueServerCertificate } = require(
  path.join(__dirname, '..', '..', 'dist', 'server', 'ca.js'),
);

async function main() {
  const [dataDir, trustDomain] = process.argv.slice(2);
  const ca = await loadOrCreateCertificateAuthority(dataDir, trustDomain);
  const cert = await issueServerCertificate(ca, '127.0.0.1');
  const body = JSON.stringify({ metadata: { name: 'x'.repeat(40) }, padding: 'y'.repeat(520) });
  const server = https.createServer({ key: cert.keyPem, cert: cert.certChainPem }, (req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(201, { 'content-type': 'application/json; charset=utf-8' });
      res.end(body);
    });
  });
  server.listen(0, '127.0.0.1', () => console.log(`https://127.0.0.1:${server.address().port}`));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

main();
