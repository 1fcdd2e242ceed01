// bench/web/bench_web.mjs — the browser client's budgets, measured in
// Debian's chromium (playwright-core from clients/web/node_modules):
//   first load   bytes of everything /join/CODE loads (raw and gzip -9),
//                and whether any request leaves the page's own server
//   interactive  ms from navigation to the board drawn (map + score strip),
//                median of N loads, loopback
//   render       ms to fold one stream message in and redraw (median)
//   memory       JS heap after a whole captured game, and after it is
//                replayed 10 more times into the same page (flat = bounded)
// With --server URL it loads from a running gg-server (its real /ws: the
// page joins with --code); without, from a static server + the captured
// stream of test/fixtures (the rendering tests' stand-in server).
// Usage: node bench/web/bench_web.mjs [--runs N] [--server URL --code CODE]
import zlib from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const web = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'clients', 'web');
const { launch, LAPTOP } = await import(path.join(web, 'test', 'browser.js'));
const { startStatic } = await import(path.join(web, 'test', 'serve.js'));
const { stream, fakeServer } = await import(path.join(web, 'test', 'fixture.js'));

const arg = (k, d) => { const i = process.argv.indexOf(k); return i > 0 ? process.argv[i + 1] : d; };
const runs = Number(arg('--runs', 9));
const serverUrl = arg('--server', '');
const code = arg('--code', '8D47-EA2E');
const median = (a) => a.slice().sort((x, y) => x - y)[Math.floor(a.length / 2)];

const site = serverUrl ? { url: serverUrl, close: async () => {} } : await startStatic();
const msgs = stream('kazakhstan');
const browser = await launch();

async function page() {
  const ctx = await browser.newContext({ viewport: LAPTOP });
  const p = await ctx.newPage();
  if (!serverUrl) await fakeServer(p, msgs);
  return { ctx, p };
}

// First load: every response body, raw and gzip -9.
{
  const { ctx, p } = await page();
  const files = [];
  const outside = [];
  p.on('request', (r) => { if (!r.url().startsWith(site.url) && !r.url().startsWith('ws:')) outside.push(r.url()); });
  p.on('response', async (r) => {
    if (r.url().startsWith('ws')) return;
    try { const b = await r.body(); files.push({ url: r.url().slice(site.url.length), raw: b.length, gz: zlib.gzipSync(b, { level: 9 }).length }); } catch { /* redirects */ }
  });
  await p.goto(site.url + '/join/' + code);
  await p.waitForSelector('.map');
  await p.waitForTimeout(300);
  const raw = files.reduce((a, f) => a + f.raw, 0), gz = files.reduce((a, f) => a + f.gz, 0);
  console.log(`first load: ${files.length} files, ${raw} bytes raw, ${gz} bytes gzip -9 (budget 204800)`);
  for (const f of files.sort((a, b) => b.gz - a.gz).slice(0, 6)) console.log(`  ${f.url} ${f.raw} raw, ${f.gz} gz`);
  console.log(`requests leaving the server: ${outside.length}`);
  await ctx.close();
}

// Time to interactive: navigation start -> board drawn.
{
  const times = [];
  for (let i = 0; i < runs; i++) {
    const { ctx, p } = await page();
    await p.goto(site.url + '/join/' + code);
    await p.waitForSelector('.map');
    await p.waitForSelector('.score-strip');
    times.push(await p.evaluate(() => performance.now()));
    await ctx.close();
  }
  console.log(`time to interactive (board drawn): median ${median(times).toFixed(0)} ms over ${runs} loads (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)})`);
}

// Render cost and memory over replays (stand-in server only).
if (!serverUrl) {
  const { ctx, p } = await page();
  const cdp = await ctx.newCDPSession(p);
  await cdp.send('Performance.enable');
  await p.goto(site.url + '/join/' + code);
  await p.waitForSelector('.map');
  await p.waitForFunction((n) => /** @type {any} */ (window).__gg.game.count >= n, msgs.length);
  const heap = async () => { await cdp.send('HeapProfiler.collectGarbage'); const m = await cdp.send('Performance.getMetrics'); return m.metrics.find((x) => x.name === 'JSHeapUsedSize').value; };
  const h1 = await heap();
  const per = await p.evaluate(async (all) => {
    const w = /** @type {any} */ (window);
    const out = [];
    for (let rep = 0; rep < 10; rep++) {
      for (const m of all) {
        const t0 = performance.now();
        w.__gg.game.apply({ ...m, seq: m.seq + 1000 * (rep + 1) });
        w.__gg.rerenderNow();
        out.push(performance.now() - t0);
      }
    }
    return out;
  }, msgs);
  const h2 = await heap();
  console.log(`render one stream message (apply + full redraw): median ${median(per).toFixed(2)} ms, p95 ${per.sort((a, b) => a - b)[Math.floor(per.length * 0.95)].toFixed(2)} ms over ${per.length}`);
  console.log(`JS heap after one game (${msgs.length} messages): ${(h1 / 1048576).toFixed(2)} MiB; after 10 more replays (${per.length} messages): ${(h2 / 1048576).toFixed(2)} MiB`);
  await ctx.close();
}
await browser.close();
await site.close();
