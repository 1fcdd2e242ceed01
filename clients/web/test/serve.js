// test/serve.js — a static server for the browser tests that have no
// gg-server: serves public/ like gg-server does (SPA fallback to index.html
// for /join/CODE, /watch/CODE, ...). Usage: startStatic() -> {url, close}.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'public');
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml' };

/** @returns {Promise<{url: string, close: () => Promise<void>}>} */
export function startStatic() {
  const srv = http.createServer((req, res) => {
    const p = decodeURIComponent(new URL(req.url || '/', 'http://x').pathname);
    let file = path.join(root, path.normalize(p));
    if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(root, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => srv.listen(0, '127.0.0.1', () => {
    const a = /** @type {import('node:net').AddressInfo} */ (srv.address());
    resolve({ url: `http://127.0.0.1:${a.port}`, close: () => new Promise((r) => srv.close(() => r())) });
  }));
}
