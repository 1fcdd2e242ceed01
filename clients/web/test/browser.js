// test/browser.js — launches Debian's chromium through playwright-core with
// the flags these tests need (no sandbox as root, headless, no network
// chatter; Playwright gives it a fresh temporary profile).
import { chromium } from 'playwright-core';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { PROTOCOL_MAJOR, PROTOCOL_MINOR } from '../public/js/gen/protocol.js';

const AXE_SRC = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export const ARTIFACTS = process.env.GG_WEB_ARTIFACTS || path.join(os.tmpdir(), 'gg-web-artifacts');
fs.mkdirSync(ARTIFACTS, { recursive: true });

export async function launch() {
  return chromium.launch({
    executablePath: process.env.GG_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run'],
  });
}

export const PHONE = { width: 390, height: 844 };
export const LAPTOP = { width: 1280, height: 800 };

/** Runs axe-core on the page; returns its serious and critical violations. */
export async function axe(page) {
  // Evaluated over the DevTools protocol, not as a <script>: the server's
  // Content-Security-Policy (script-src 'self') stays in force for the page.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SRC);
  const res = await page.evaluate(async () => /** @type {any} */ (window).axe.run(document, { resultTypes: ['violations'] }));
  return res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')})`);
}

/**
 * Records in `errors` every Content-Security-Policy violation the page
 * reports (chromium logs "Refused to ... because it violates the following
 * Content Security Policy directive" on the console), so a style="" attribute
 * or an inline script the server's policy blocks fails the test instead of
 * silently drawing a broken page.
 * @param {import('playwright-core').Page} page
 * @param {string[]} errors
 * @param {string} [who]
 */
export function catchCsp(page, errors, who = '') {
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) errors.push(`${who ? who + ': ' : ''}CSP: ${m.text()}`);
  });
}

/**
 * In the page: a raw WebSocket to /ws (not the client's code): hello, join
 * with `code` (if any), then each request of `reqs`; resolves with each
 * request's replies (every part of a parted reply, or one error). The tests
 * and scripts speak to the server as a teacher's second tab would.
 * @param {import('playwright-core').Page} page @param {string} code
 * @param {Record<string, any>[]} reqs
 * @returns {Promise<{join: any, replies: any[][]}>}
 */
export function wsCalls(page, code, reqs) {
  return page.evaluate(async ({ code, reqs, v, vm }) => {
    const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws');
    await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = reject; });
    const waiting = new Map();
    ws.onmessage = (ev) => {
      const m = JSON.parse(ev.data);
      const w = m.rid && waiting.get(m.rid);
      if (!w) return;
      w.got.push(m);
      if (m.t === 'error' || !m.parts || w.got.length === m.parts) { waiting.delete(m.rid); w.done(w.got); }
    };
    let rid = 0;
    const call = (m) => new Promise((done) => { rid++; waiting.set(rid, { got: [], done }); ws.send(JSON.stringify({ ...m, rid })); });
    await call({ t: 'hello', v, vm, name: 'gg-web test', feat: 0 });
    const out = { join: null, replies: [] };
    if (code) out.join = (await call({ t: 'join', code }))[0];
    for (const r of reqs) out.replies.push(await call(r));
    ws.close();
    return out;
  }, { code, reqs, v: PROTOCOL_MAJOR, vm: PROTOCOL_MINOR });
}
