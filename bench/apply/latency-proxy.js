'use strict';
// A TCP proxy on 127.0.0.1 that delays every chunk by `delayMs` in each direction (a round trip
// costs 2 × delayMs), for measuring ctl against a control plane that is not on this machine.
// Usage: node bench/apply/latency-proxy.js TARGET_PORT DELAY_MS (prints its port), or in-process:
//        const proxy = await startLatencyProxy(targetPort, 25); … proxy.port … proxy.close();
// A bench that runs ctl with spawnSync must run it as its own process: a blocked event loop forwards nothing.
const net = require('node:net');

/** Forward `from` to `to`, each chunk `delayMs` later, in order. */
function delayed(from, to, delayMs) {
  from.on('data', (chunk) => {
    setTimeout(() => {
      if (!to.destroyed) to.write(chunk);
    }, delayMs);
  });
  from.on('end', () => setTimeout(() => to.end(), delayMs));
  from.on('error', () => to.destroy());
  from.on('close', () => setTimeout(() => to.destroy(), delayMs));
}

function startLatencyProxy(targetPort, delayMs) {
  const sockets = new Set();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      s.setNoDelay(true);
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    }
    delayed(client, upstream, delayMs);
    delayed(upstream, client, delayMs);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: server.address().port,
        close() {
          for (const s of sockets) s.destroy();
          server.close();
        },
      }),
    ),
  );
}

module.exports = { startLatencyProxy };

if (require.main === module) {
  startLatencyProxy(Number(process.argv[2]), Number(process.argv[3])).then((proxy) => {
    process.stdout.write(`${proxy.port}\n`);
  });
}
