'use strict';
// What both baseline servers of bench/apply share: a server certificate from the control plane's CA
// (the data directory and trust domain on the command line) and the ~600-byte JSON answer.
const path = require('node:path');
const { loadOrCreateCertificateAuthority, issueServerCertificate } = require(
  path.join(__dirname, '..', '..', 'dist', 'server', 'ca.js'),
);

async function baselineSetup() {
  const [dataDir, trustDomain] = process.argv.slice(2);
  const ca = await loadOrCreateCertificateAuthority(dataDir, trustDomain);
  const cert = await issueServerCertificate(ca, '127.0.0.1');
  const body = JSON.stringify({ metadata: { name: 'x'.repeat(40) }, padding: 'y'.repeat(520) });
  return { key: cert.keyPem, cert: cert.certChainPem, body };
}

module.exports = { baselineSetup };
