// The debrief in the browser against a real gg-server with a journal on
// loopback: two parallel tables (same scenario and seed, server bots in
// every seat, one table's Kazakhstan plays differently) run to the end;
// the debrief page's charts carry exactly the numbers of the debrief JSON
// (read from the SVG's data attributes and point coordinates against a
// `debrief` fetched over a separate WebSocket); the exports (Markdown, JSON,
// the replay file, which gg-arena re-simulates); the comparative page of
// both tables; every string translated; axe; phone and laptop. And the
// moderator endpoints of a running game (its debrief with private chat,
// pause, end, inject, export) refuse a seat code, an observer code and no
// code, over the browser's WebSocket.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { launch, axe, wsCalls, ARTIFACTS, LAPTOP, PHONE } from '../browser.js';
import { startServer, createGame, BIN } from '../server.js';

const SEATS = ['china', 'russia', 'west', 'kazakhstan'];
let browser, server, dir, t1, t2, t3;

before(async () => {
  browser = await launch();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gg-web-debrief-'));
  server = await startServer(['--data', path.join(dir, 'data')]);
  const bots = (kz) => SEATS.map((s) => `${s}=${s === 'kazakhstan' ? kz : 'greedy'}`).join(',');
  const common = ['--scenario', 'classroom', '--seed', '4242', '--turns', '4'];
  t1 = createGame(server.port, [...common, '--bots', bots('greedy')]);
  t2 = createGame(server.port, [...common, '--bots', bots('random')]);
  t3 = createGame(server.port, ['--scenario', 'classroom']); // waits for its players
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function open(viewport = LAPTOP) {
  const ctx = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => { if (!r.url().startsWith(server.url) && !r.url().startsWith('ws://127.0.0.1') && !r.url().startsWith('blob:')) errors.push('outside request ' + r.url()); });
  return { ctx, page, errors };
}

/**
 * The charts' labels that run past their SVG's drawing (cut off on screen),
 * as "chart: text" (the route labels in ru and kk once did).
 * @param {import('playwright-core').Page} page
 */
function cutLabels(page) {
  return page.evaluate(() => [...document.querySelectorAll('svg.chart-svg')].flatMap((svg) => {
    const vb = /** @type {SVGSVGElement} */ (svg).viewBox.baseVal;
    return [...svg.querySelectorAll('text')].filter((tx) => {
      const b = /** @type {SVGTextElement} */ (tx).getBBox();
      return b.width > 0 && (b.x < vb.x - 0.5 || b.x + b.width > vb.x + vb.width + 0.5);
    }).map((tx) => `${svg.getAttribute('data-chart')}: ${tx.textContent}`);
  }));
}

/** The debrief JSON of a debrief reply's parts (base64 UTF-8, concatenated). */
function joinParts(parts) {
  return Buffer.concat(parts.map((p) => Buffer.from(p.data, 'base64'))).toString('utf8');
}

/** Waits until the game of `code` (a moderator code) is over; returns its debrief JSON. */
async function finished(page, code) {
  const deadline = Date.now() + 90000;
  for (;;) {
    const r = await wsCalls(page, code, [{ t: 'debrief' }]);
    const parts = r.replies[0];
    assert.equal(parts[0].t, 'debrief_data', JSON.stringify(parts[0]));
    const d = JSON.parse(joinParts(parts));
    if (d.result) return d;
    if (Date.now() > deadline) throw new Error('the game did not end');
    await new Promise((res) => setTimeout(res, 500));
  }
}

/** Reads every chart's marks in the page. */
const readCharts = (page) => page.evaluate(() => {
  const pts = (el) => (el ? el.getAttribute('points').trim().split(/\s+/).map((p) => p.split(',').map(Number)) : []);
  const vp = {};
  for (const g of document.querySelectorAll('[data-chart=vp] .series')) {
    vp[g.dataset.seat] = { values: g.dataset.values, points: pts(g.querySelector('polyline')),
      marks: [...g.querySelectorAll('.pt')].map((m) => [Number(m.dataset.year), Number(m.dataset.value)]) };
  }
  const tracks = {};
  for (const svg of document.querySelectorAll('[data-chart=track]')) {
    const game = svg.querySelector('[data-series=game]'), hist = svg.querySelector('[data-series=history]');
    tracks[svg.dataset.track] = { game: game.dataset.values, years: game.dataset.years, points: pts(game.querySelector('polyline')),
      history: hist ? hist.dataset.values : null, hyears: hist ? hist.dataset.years : null };
  }
  const leaders = {};
  for (const row of document.querySelectorAll('[data-chart=leaders] .domain-row'))
    leaders[row.dataset.domain] = [...row.querySelectorAll('.cell')].map((c) => [Number(c.dataset.year), c.dataset.leader]);
  const routes = {};
  for (const l of document.querySelectorAll('[data-chart=routes] .layer')) routes[l.dataset.route] = { units: l.dataset.units, shares: l.dataset.values };
  const legend = document.querySelector('p.legend');
  return { legend: legend ? legend.textContent : '', vp, tracks, leaders, routes, questions: document.querySelectorAll('.questions li.question').length,
    quotes: document.querySelectorAll('.questions blockquote').length };
});

/** A larger value is drawn higher (smaller y): the points keep the values' order. */
function sameOrder(values, points, what) {
  assert.equal(points.length, values.length, what + ': one point per year');
  for (let i = 0; i < values.length; i++)
    for (let j = 0; j < values.length; j++)
      if (values[i] > values[j]) assert.ok(points[i][1] < points[j][1], `${what}: ${values[i]} drawn above ${values[j]}`);
      else if (values[i] === values[j]) assert.ok(Math.abs(points[i][1] - points[j][1]) < 0.01, `${what}: equal values level`);
  for (let i = 1; i < points.length; i++) assert.ok(points[i][0] > points[i - 1][0], what + ': years left to right');
}

test('the debrief page: charts equal the debrief JSON; exports; languages; phone and laptop', async () => {
  const { ctx, page, errors } = await open();
  await page.goto(server.url + '/');
  const d = await finished(page, t1.moderator_code);
  assert.ok(d.years.length >= 2 && d.history.years.length > 0 && d.questions.length > 0);

  await page.goto(`${server.url}/debrief/${t1.game_id}`);
  await page.waitForSelector('#dcode-0'); // this browser holds no code for it: the page asks
  await page.fill('#dcode-0', t1.moderator_code);
  await page.click('form.card button[type=submit]');
  await page.waitForSelector('[data-chart=vp]');
  const c = await readCharts(page);

  // The VP race: every seat's margin by year.
  for (const s of SEATS) {
    const want = d.years.map((y) => y.margin[s]);
    assert.equal(c.vp[s].values, want.join(','), `vp ${s}`);
    assert.deepEqual(c.vp[s].marks, d.years.map((y) => [y.year, y.margin[s]]), `vp marks ${s}`);
    sameOrder(want, c.vp[s].points, 'vp ' + s);
  }
  // Across seats too: the same scale for every line.
  const lastPts = SEATS.map((s) => [d.years[d.years.length - 1].margin[s], c.vp[s].points[c.vp[s].points.length - 1]]);
  sameOrder(lastPts.map((x) => x[0]), lastPts.map((x, i) => [i, x[1][1]]), 'vp last year across seats');
  // Each Kazakh track (and escalation) by year against the historical line.
  for (const k of ['stability', 'sovereignty', 'sinophobia', 'reform', 'development', 'debt', 'escalation']) {
    const grp = k === 'escalation' ? 'globals' : 'tracks';
    const want = d.years.map((y) => y[grp][k]);
    assert.equal(c.tracks[k].game, want.join(','), `track ${k}`);
    assert.equal(c.tracks[k].years, d.years.map((y) => y.year).join(','));
    sameOrder(want, c.tracks[k].points, 'track ' + k);
    const hist = d.history.years.filter((r) => d.years.some((y) => y.year === r.year));
    assert.equal(c.tracks[k].history, hist.map((r) => r[grp][k]).join(','), `history ${k}`);
  }
  // The legend names the historical line's years as years ("2013", never "2,013").
  assert.ok(c.legend.includes(`${d.history.first}–${d.history.last}`), `legend years: ${c.legend}`);
  // Influence by domain: the leader of every year.
  for (const dom of ['economy', 'security', 'public', 'elite'])
    assert.deepEqual(c.leaders[dom], d.years.map((y) => [y.year, y.leaders[dom] || '']), `leaders ${dom}`);
  // Route shares: the capacities, and shares that add up to the whole.
  for (const r of ['north', 'east', 'caspian']) assert.equal(c.routes[r].units, d.years.map((y) => y.routes[r]).join(','), `route ${r}`);
  d.years.forEach((y, i) => {
    const sum = ['north', 'east', 'caspian'].reduce((a, r) => a + Number(c.routes[r].shares.split(',')[i]), 0);
    const total = y.routes.north + y.routes.east + y.routes.caspian;
    assert.equal(sum, total === 0 ? 0 : 100, `shares of ${y.year} add to 100`);
    for (const r of ['north', 'east', 'caspian'])
      assert.ok(Math.abs(Number(c.routes[r].shares.split(',')[i]) - (100 * y.routes[r]) / total) < 1, `${r} share of ${y.year}`);
  });
  // Questions drawn from the game, each with its paper quote where the papers have one.
  assert.equal(c.questions, d.questions.length);
  assert.ok(c.quotes >= 1, 'the questions show quotes');
  // A teacher's 4-turn game says so: the heading states the length played,
  // never the scenario name's "6 turns"; a line says it was shortened.
  assert.equal(d.turns, 4);
  assert.equal(d.length, 4);
  assert.equal(d.scenario_turns, 6);
  assert.equal(await page.textContent('h1'), 'Debrief: Classroom, 4 turns (2013–2016)');
  assert.match(await page.textContent('main'), /A shortened game: 4 of the scenario’s 6 turns/);
  const text = await page.textContent('main');
  assert.ok(text.toLowerCase().includes(d.result.winner === 'west' ? 'the west' : d.result.winner), 'the story names the winner');
  for (const turn of d.log) assert.ok(text.includes(`${turn.year} (turn ${turn.turn})`), 'every turn told');
  // What each order changed, as its turn report said (the debrief JSON's
  // `chg`): every done order with changes shows them on its line.
  const withChg = d.log[0].orders ? Object.values(d.log[0].orders).flat().filter((o) => o.chg && o.chg.length) : [];
  assert.ok(withChg.length > 0, 'turn 1 orders carry chg');
  const lines = await page.locator('section.turn').first().locator('.chg-line').allTextContents();
  assert.equal(lines.length, withChg.length, `a change line per order that changed something: ${lines}`);
  assert.ok(lines.filter((l) => /[+−]\d/.test(l)).length >= lines.length - 1 && lines.every((l) => !/_|⟦/.test(l)), `changes in words: ${lines}`);
  assert.deepEqual(await axe(page), [], 'debrief: axe');
  await page.screenshot({ path: path.join(ARTIFACTS, 'debrief-laptop.png'), fullPage: true });
  await page.screenshot({ path: path.join(ARTIFACTS, 'debrief-laptop-top.png') });
  await page.screenshot({ path: path.join(ARTIFACTS, 'debrief-story.png'), fullPage: true, clip: { x: 0, y: 0, width: 1280, height: 1330 } });
  for (const id of ['chart-vp', 'chart-leaders', 'chart-routes', 'chart-sinophobia'])
    await page.locator('#' + id).screenshot({ path: path.join(ARTIFACTS, `debrief-${id}.png`) });
  await page.locator('.charts .small-multiples').screenshot({ path: path.join(ARTIFACTS, 'debrief-tracks.png') });
  await page.locator('section.questions').screenshot({ path: path.join(ARTIFACTS, 'debrief-questions.png') });
  await page.locator('section.turn').first().screenshot({ path: path.join(ARTIFACTS, 'debrief-turn1.png') });

  // Exports: JSON (the same data), Markdown (every year), the replay (gg-arena re-simulates it).
  const download = async (sel) => {
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click(sel)]);
    const file = path.join(dir, dl.suggestedFilename());
    await dl.saveAs(file);
    return file;
  };
  assert.deepEqual(JSON.parse(fs.readFileSync(await download('#x-json'), 'utf8')), d);
  const md = fs.readFileSync(await download('#x-md'), 'utf8');
  assert.match(md, /^# Debrief: Classroom, 4 turns \(2013–2016\)\n/);
  for (const y of d.years) assert.ok(md.includes(`| ${y.year} |`), 'markdown has ' + y.year);
  assert.match(md, /## Questions for discussion/);
  const replay = await download('#x-replay');
  const check = JSON.parse(execFileSync(path.join(BIN, 'gg-arena'), ['--replay', replay, '--json'], { encoding: 'utf8' }));
  assert.equal(check.ok, true, 'the exported replay re-simulates: ' + JSON.stringify(check));
  // The same numbers from the file, through gg-arena.
  const again = JSON.parse(execFileSync(path.join(BIN, 'gg-arena'), ['--replay', replay, '--debrief', '--json'], { encoding: 'utf8' }));
  assert.deepEqual(again.years, d.years);

  // Every string is translated (no ⟦key⟧) in Russian and Kazakh.
  for (const lang of ['ru', 'kk']) {
    await page.selectOption('#lang', lang);
    await page.waitForFunction((l) => document.documentElement.lang === l, lang);
    const body = await page.textContent('body');
    assert.ok(!body.includes('⟦'), `${lang}: untranslated ${body.match(/⟦[^⟧]*⟧/g)}`);
    const h1 = await page.textContent('h1');
    assert.ok(h1.includes("2013–2016") && /(^|\D)4(\D|$)/.test(h1) && !/(^|\D)6(\D|$)/.test(h1), `${lang}: heading ${h1}`);
    assert.deepEqual(await cutLabels(page), [], `${lang}: chart labels cut at the edge`);
  }
  await page.selectOption('#lang', 'en');

  // Projected (1920 x 1080): the text grows with the screen (a class reads
  // it from the back; it once stayed at 16 px in a 1100 px column).
  await page.setViewportSize({ width: 1920, height: 1080 });
  const proj = await page.evaluate(() => ({ body: parseFloat(getComputedStyle(document.querySelector('.debrief .lead')).fontSize),
    width: document.querySelector('.debrief').getBoundingClientRect().width, over: document.documentElement.scrollWidth > innerWidth + 1 }));
  assert.ok(proj.body >= 24 && proj.width > 1400 && !proj.over, `projected: ${JSON.stringify(proj)}`);
  await page.screenshot({ path: path.join(ARTIFACTS, 'debrief-projector.png') });
  await page.setViewportSize(LAPTOP);
  assert.ok(await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('.debrief .lead')).fontSize)) < 20, 'a laptop keeps its size');

  // Phone: no horizontal scrolling; print: light, no buttons.
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: path.join(ARTIFACTS, 'debrief-phone.png'), fullPage: true });
  await page.evaluate(() => scrollTo(0, 0));
  await page.screenshot({ path: path.join(ARTIFACTS, 'debrief-phone-top.png') });
  for (const id of ['chart-vp', 'chart-leaders']) {
    await page.locator('#' + id).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, `debrief-phone-${id}.png`) });
  }
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1), false, 'phone: no horizontal scrolling');
  for (const lang of ['ru', 'kk', 'en']) { // the phone's narrower charts
    await page.selectOption('#lang', lang);
    await page.waitForFunction((l) => document.documentElement.lang === l, lang);
    assert.deepEqual(await cutLabels(page), [], `phone ${lang}: chart labels cut at the edge`);
  }
  assert.deepEqual(await axe(page), [], 'debrief phone: axe');
  await page.setViewportSize(LAPTOP);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.isVisible('#x-md'), false, 'print: no buttons');
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(255, 255, 255)');
  await page.screenshot({ path: path.join(ARTIFACTS, 'debrief-print.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('the comparative debrief of two parallel tables', async () => {
  const { ctx, page, errors } = await open();
  await page.goto(server.url + '/');
  const d1 = await finished(page, t1.moderator_code);
  const d2 = await finished(page, t2.moderator_code);
  // A player's code opens a finished game's debrief (reveal-all): table 2 by its Kazakhstan seat.
  await page.goto(`${server.url}/debrief/${t1.game_id},${t2.game_id}`);
  // Table 2's code is typed while table 1 loads: the redraw keeps it.
  await page.fill('#dcode-1', t2.seat_codes.kazakhstan);
  await page.fill('#dcode-0', t1.moderator_code);
  await page.click('form.card:has(#dcode-0) button[type=submit]');
  await page.waitForSelector('#dcode-0', { state: 'detached' });
  assert.equal(await page.inputValue('#dcode-1'), t2.seat_codes.kazakhstan);
  await page.click('form.card:has(#dcode-1) button[type=submit]');
  await page.waitForFunction(() => document.querySelectorAll('[data-chart=compare] .group').length === 2);
  await page.waitForSelector('table.compare-table');
  const bars = await page.evaluate(() => [...document.querySelectorAll('[data-chart=compare] .group')].map((g) =>
    Object.fromEntries([...g.querySelectorAll('.bar')].map((b) => [b.dataset.seat, Number(b.dataset.value)]))));
  const final = (d) => d.years[d.years.length - 1].margin;
  assert.deepEqual(bars, [final(d1), final(d2)]);
  const table = await page.textContent('table.compare-table');
  assert.match(table, /Winner/);
  assert.equal(await page.locator('table.compare-table thead th').count(), 2);
  assert.match(await page.textContent('main'), /seed 4242/, 'same start');
  // Which deals differed: marked where no other table made the same one.
  const key = (d, x) => `${d.year0 + x.turn - 1}/${JSON.stringify(x.clauses)}`;
  const made = (d) => d.deals.filter((x) => ['accepted', 'fulfilled', 'breached'].includes(x.status));
  const only = [d1, d2].map((d, k) => made(d).filter((x) => !made(k ? d1 : d2).some((y) => key(k ? d1 : d2, y) === key(d, x))).length);
  const marked = await page.evaluate(() => [...document.querySelectorAll('.compare-cols > .card')].map((c) => c.querySelectorAll('li.only-here').length));
  assert.deepEqual(marked, only, 'deals only at one table');
  assert.deepEqual(await axe(page), [], 'comparative: axe');
  await page.screenshot({ path: path.join(ARTIFACTS, 'debrief-compare-laptop.png'), fullPage: true });
  await page.setViewportSize(PHONE);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1), false, 'phone: no horizontal scrolling');
  await page.screenshot({ path: path.join(ARTIFACTS, 'debrief-compare-phone.png'), fullPage: true });

  // A player's tab: the code it joined with opens the finished game's
  // debrief without asking (the game-over card links to /debrief/ID).
  const player = await ctx.newPage();
  await player.goto(`${server.url}/join/${t2.seat_codes.west}`);
  await player.waitForFunction(() => { const g = /** @type {any} */ (window).__gg; return g && g.game && g.game.state; });
  await player.goto(`${server.url}/debrief/${t2.game_id}`);
  await player.waitForSelector('[data-chart=vp]');
  assert.equal(await player.locator('#dcode-0').count(), 0, 'no code asked for');
  assert.equal(await player.locator('#x-replay').count(), 0, 'the replay file is the teacher’s');
  assert.match(await player.textContent('.exports'), /teacher’s code/);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('moderator endpoints refuse a seat code, an observer code and no code (running game)', async () => {
  const { ctx, page, errors } = await open();
  await page.goto(server.url + '/');
  // China writes privately to Kazakhstan in the running game.
  const secret = 'meet me at Khorgos ' + Date.now();
  const sent = await wsCalls(page, t3.seat_codes.china, [{ t: 'chat', ch: 'private', to: ['kazakhstan'], text: secret }]);
  assert.equal(sent.replies[0][0].t, 'ok');
  const MOD = [{ t: 'debrief' }, { t: 'pause' }, { t: 'extend', secs: 60 }, { t: 'inject_event', ev: 'oil_slump' },
    { t: 'replace_with_bot', seat: 'west' }, { t: 'export_replay' }, { t: 'end_game' }];
  const refused = (r, name, who) => r.replies.forEach((parts, i) => {
    assert.equal(parts.length, 1, `${who} ${MOD[i].t}: one reply`);
    assert.equal(parts[0].t, 'error', `${who} ${MOD[i].t} refused`);
    assert.equal(parts[0].name, name, `${who} ${MOD[i].t}: ${parts[0].name}`);
    assert.ok(!JSON.stringify(parts[0]).includes(secret));
  });
  const seat = await wsCalls(page, t3.seat_codes.russia, MOD);
  assert.equal(seat.join.role, 'player');
  refused(seat, 'FORBIDDEN', 'seat');
  const kz = await wsCalls(page, t3.seat_codes.kazakhstan, [{ t: 'debrief' }]);
  assert.equal(kz.replies[0][0].name, 'FORBIDDEN', 'even the addressee waits for the end');
  const obs = await wsCalls(page, t3.observer_code, MOD);
  assert.equal(obs.join.role, 'observer');
  refused(obs, 'FORBIDDEN', 'observer');
  const none = await wsCalls(page, '', MOD);
  refused(none, 'NOT_JOINED', 'no code');
  // The game went on untouched; the moderator reads the private line.
  const mod = await wsCalls(page, t3.moderator_code, [{ t: 'debrief' }]);
  const d = JSON.parse(joinParts(mod.replies[0]));
  assert.equal(d.result, null, 'not ended by the refused end_game');
  assert.ok(d.chat.some((m) => m.text === secret && m.ch === 'private'));

  // The page: a seat's code on a running game is told why, and sees nothing.
  await page.goto(`${server.url}/debrief/${t3.game_id}`);
  await page.fill('#dcode-0', t3.seat_codes.russia);
  await page.click('form.card button[type=submit]');
  await page.waitForSelector('[role=alert]');
  assert.match(await page.textContent('[role=alert]'), /once the game is over/);
  assert.equal(await page.locator('[data-chart]').count(), 0);
  assert.ok(!(await page.textContent('body')).includes(secret));
  assert.deepEqual(await axe(page), [], 'refused: axe');
  assert.deepEqual(errors, []);
  await ctx.close();
});
