// test/serve.js — a static server for the browser tests that have no
// gg-server: serves public/ like gg-server does (SPA fallback to index.html
// for /join/CODE, /watch/CODE, ...). Usage: startStatic() -> {url, close}.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'public');
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml' };

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
  + "connect-src 'self' ws://127.0.0.1:*; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/**
 * @param {number} [wsPort] if given, WebSocket upgrades of /ws are piped to
 *   gg-server on 127.0.0.1:wsPort (for a server that speaks /ws but does not
 *   serve the files yet)
 * @returns {Promise<{url: string, close: () => Promise<void>}>}
 */
export function startStatic(wsPort) {
  const srv = http.createServer((req, res) => {
    const p = decodeURIComponent(new URL(req.url || '/', 'http://x').pathname);
    let file = path.join(root, path.normalize(p));
    if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(root, 'index.html');
    // The policy gg-server sends (server/net/net_static.c), so the rendering
    // tests run under it: no inline script or style, nothing from elsewhere.
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream', 'content-security-policy': CSP });
    fs.createReadStream(file).pipe(res);
  });
  const pipes = new Set();
  if (wsPort) {
    srv.on('upgrade', (req, sock, head) => {
      const up = net.connect(wsPort, '127.0.0.1', () => {
        const lines = [`${req.method} ${req.url} HTTP/1.1`];
        for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
        up.write(lines.join('\r\n') + '\r\n\r\n');
        if (head.length) up.write(head);
        sock.pipe(up).pipe(sock);
      });
      pipes.add(up); pipes.add(sock);
      const end = () => { up.destroy(); sock.destroy(); pipes.delete(up); pipes.delete(sock); };
      up.on('error', end); sock.on('error', end); up.on('close', end); sock.on('close', end);
    });
  }
  return new Promise((resolve) => srv.listen(0, '127.0.0.1', () => {
    const a = /** @type {import('node:net').AddressInfo} */ (srv.address());
    resolve({ url: `http://127.0.0.1:${a.port}`, close: () => new Promise((r) => { for (const p of pipes) p.destroy(); srv.close(() => r()); }) });
  }));
}
