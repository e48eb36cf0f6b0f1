// Starts Portkey's open-source gateway (@portkey-ai/gateway, its own start-server.js, unchanged) so that it
// listens on 127.0.0.1 only. The gateway has no bind option: it calls @hono/node-server's serve() with a port
// and no hostname, which listens on every interface. Before loading it, a listen() that names no host is
// given 127.0.0.1; everything else about the gateway is as shipped.
import net from 'node:net';

const LOOPBACK = '127.0.0.1';
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' && (args[1] === undefined || typeof args[1] === 'function')) {
    if (args[1] === undefined) {
      args[1] = LOOPBACK;
    } else {
      args.splice(1, 0, LOOPBACK);
    }
  } else if (args[0] && typeof args[0] === 'object' && args[0].port !== undefined && !args[0].host) {
    args[0] = { ...args[0], host: LOOPBACK };
  }
  return listen.apply(this, args);
};

await import('./node_modules/@portkey-ai/gateway/build/start-server.js');
