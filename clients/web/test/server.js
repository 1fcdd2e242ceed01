// test/server.js — starts a real gg-server on a free loopback port serving
// clients/web/public (as the tests in tests/netclients/harness.py do: --port
// 0, --no-journal, the port read from the "event=listening" log line), and
// creates games with gg-client. GG_BIN names the build's bin directory.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const PUBLIC = path.join(here, '..', 'public');
export const BIN = process.env.GG_BIN || path.join(here, '..', '..', '..', 'build', 'bin');

/**
 * Starts gg-server with extra arguments (in memory unless they hold --data DIR).
 * @returns {Promise<{port: number, url: string, log: () => string, stop: () => Promise<void>}>}
 */
export async function startServer(extra = []) {
  const logFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gg-web-srv-')), 'server.log');
  const fd = fs.openSync(logFile, 'w');
  // A journal only when asked for (--data DIR): the debrief and the replay
  // export read it.
  const journal = extra.includes('--data') ? [] : ['--no-journal'];
  const proc = spawn(path.join(BIN, 'gg-server'), ['--port', '0', '--bind', '127.0.0.1', ...journal, '--web-root', PUBLIC, ...extra],
    { stdio: ['ignore', 'ignore', fd] });
  const log = () => fs.readFileSync(logFile, 'utf8');
  const deadline = Date.now() + 10000;
  while (Date.now() < deadline) {
    const m = log().match(/event=listening .*?port=(\d+)/);
    if (m) {
      const port = Number(m[1]);
      return {
        port, url: `http://127.0.0.1:${port}`, log,
        stop: () => new Promise((resolve) => {
          if (proc.exitCode !== null) { resolve(); return; }
          proc.once('exit', () => resolve());
          proc.kill('SIGTERM');
          setTimeout(() => proc.kill('SIGKILL'), 5000).unref();
        }),
      };
    }
    if (proc.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  proc.kill('SIGKILL');
  throw new Error('gg-server did not start:\n' + log());
}

/** Creates a game with gg-client; returns its codes. */
export function createGame(port, args = []) {
  const out = execFileSync(path.join(BIN, 'gg-client'), ['create', '--server', `127.0.0.1:${port}`, '--tcp', '--json', ...args], { encoding: 'utf8', timeout: 20000 });
  return JSON.parse(out);
}

/**
 * The site the browser loads: gg-server itself when it serves the files
 * (GET /index.html is 200), else — a server that speaks /ws but serves no
 * files yet — a static server for public/ that pipes /ws to gg-server (then
 * gg-server is restarted with --allow-origin '*', the page's origin being
 * the static server's). `extra` are more gg-server arguments (e.g.
 * --create-key). Returns {server, url, direct, stop}.
 */
export async function startSite(extra = []) {
  const { startStatic } = await import('./serve.js');
  let server = await startServer(extra);
  const res = await fetch(server.url + '/index.html').catch(() => null);
  if (res && res.status === 200) return { server, url: server.url, direct: true, stop: () => server.stop() };
  await server.stop();
  server = await startServer(['--allow-origin', '*', ...extra]);
  const site = await startStatic(server.port);
  return { server, url: site.url, direct: false, stop: async () => { await site.close(); await server.stop(); } };
}
