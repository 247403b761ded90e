'use strict';
// Baseline for bench/apply: a bare node:https server that reads each request body and answers a
// ~600-byte JSON document, with a certificate from the control plane's CA. Prints its URL.
const https = require('node:https');
const { baselineSetup } = require('./baseline-common');

async function main() {
  const { key, cert, body } = await baselineSetup();
  const server = https.createServer({ key, cert }, (req, res) => {
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
