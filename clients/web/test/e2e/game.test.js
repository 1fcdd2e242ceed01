// End to end against a real gg-server on loopback (the game port serves the
// web client and /ws): four browser pages play a whole classroom game to
// game_over — a deal proposed in one page and accepted in another, chat in
// all three channels, orders, ready, a crisis answered — while a projector
// page watches; a reload mid-phase resumes without a missing or doubled
// message; ru and kk pages show no untranslated key; the projector never
// shows private chat or the turn's orders; axe-core on every page; and
// screenshots at 390x844 and 1280x800 go to $GG_WEB_ARTIFACTS.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launch, axe, catchCsp, wsCalls, ARTIFACTS, PHONE, LAPTOP } from '../browser.js';
import { startSite, createGame } from '../server.js';
import { waitPhase, say, readyAll } from '../play.js';

const SEATS = ['china', 'russia', 'west', 'kazakhstan'];
const LANG = { china: 'en', russia: 'ru', west: 'en', kazakhstan: 'kk' };
let browser, site, server;

before(async () => {
  browser = await launch();
  site = await startSite();
  server = site.server;
  if (!site.direct) console.log('# gg-server does not serve the files yet: public/ from a static server, /ws piped to gg-server');
});
after(async () => {
  if (browser) await browser.close();
  if (site) await site.stop();
});

/** The page's game model, read in the page. */
const model = (page) => page.evaluate(() => {
  const g = /** @type {any} */ (window).__gg.game;
  const c = /** @type {any} */ (window).__gg.conn;
  return { turn: g.state && g.state.turn, phase: g.state && g.state.phase, count: g.count, last: c.last,
    dupes: g.dupes, maxSeq: g.maxSeq, early: c.early.size,
    chat: g.chat.map((m) => `${m.seq}|${m.ch}|${m.from}|${m.text}`), over: !!g.over, deals: [...g.deals.values()].map((d) => `${d.id}:${d.st}`) };
});

async function shoot(page, name) {
  await page.screenshot({ path: path.join(ARTIFACTS, `e2e-${name}.png`), fullPage: false });
}

test('four pages play a classroom game to game_over; the projector watches', { timeout: 240000 }, async () => {
  const g = createGame(server.port, ['--scenario', 'classroom', '--turns', '2']);
  const ctxs = [];
  /** @type {Record<string, import('playwright-core').Page>} */
  const pages = {};
  const errors = [];
  for (const s of SEATS) {
    const ctx = await browser.newContext({ viewport: s === 'kazakhstan' ? PHONE : LAPTOP });
    await ctx.addInitScript((l) => localStorage.setItem('gg.lang', l), LANG[s]);
    ctxs.push(ctx);
    const page = await ctx.newPage();
    page.on('pageerror', (e) => errors.push(`${s}: ${e.message}`));
    catchCsp(page, errors, s);
    page.on('request', (r) => { if (!r.url().startsWith(site.url) && !r.url().startsWith(site.url.replace('http', 'ws'))) errors.push('outside request ' + r.url()); });
    // The code as a student might type it: lower case, a space for the dash.
    await page.goto(`${site.url}/join/${g.seat_codes[s].toLowerCase().replace('-', ' ')}`);
    pages[s] = page;
  }
  const projCtx = await browser.newContext({ viewport: LAPTOP });
  ctxs.push(projCtx);
  const proj = await projCtx.newPage();
  catchCsp(proj, errors, 'projector');
  await proj.goto(`${site.url}/watch/${g.observer_code}`);
  for (const s of SEATS) await waitPhase(pages[s], 1, 'diplomacy');
  await waitPhase(proj, 1, 'diplomacy');

  // A deal: China proposes through the composer, Kazakhstan accepts.
  const cn = pages.china;
  await cn.click('#tab-deals');
  await cn.check('#party-kazakhstan');
  await cn.selectOption('#clause-kind', 'consent');
  await cn.click('#add-clause');
  await cn.fill('#cl0-fee', '1');
  await cn.press('#cl0-fee', 'Tab');
  await cn.click('#send-deal');
  const kz = pages.kazakhstan;
  await kz.click('#tab-deals');
  await kz.locator('.deals .cards').first().locator('button.primary').click();
  await cn.waitForFunction(() => [.../** @type {any} */ (window).__gg.game.deals.values()].some((d) => d.st === 'accepted'), null, { timeout: 10000 });

  // Chat in all three channels.
  await say(cn, 'public', 'public from China');
  await say(pages.russia, 'west', 'secret from Russia to the West');
  await say(kz, 'team', 'team note from Kazakhstan');
  await pages.west.waitForFunction(() => /** @type {any} */ (window).__gg.game.chat.some((m) => m.text === 'secret from Russia to the West'));
  await cn.waitForFunction(() => /** @type {any} */ (window).__gg.game.chat.some((m) => m.text === 'public from China'));
  await kz.waitForFunction(() => /** @type {any} */ (window).__gg.game.chat.some((m) => m.text === 'team note from Kazakhstan'));
  await proj.waitForFunction(() => /** @type {any} */ (window).__gg.game.chat.some((m) => m.text === 'public from China'));
  const cnChat = (await model(cn)).chat.join('\n');
  assert.ok(!cnChat.includes('secret from Russia'), 'China does not get Russia\'s private line');
  assert.ok(!cnChat.includes('team note'), 'China does not get Kazakhstan\'s team line');
  await pages.west.click('#tab-chat');
  await pages.west.click('#chan-russia');
  // The channel switch redraws on the next animation frame: wait for it.
  await pages.west.waitForSelector('.chat-log li:has-text("secret from Russia to the West")');
  assert.match(await pages.west.textContent('.chat-log'), /secret from Russia to the West/);

  // The teacher injects January 2022: a crisis follows this turn.
  const inj = (await wsCalls(proj, g.moderator_code, [{ t: 'inject_event', ev: 'january_unrest' }])).replies[0][0];
  assert.equal(inj.t, 'ok', JSON.stringify(inj));

  // January 2022 in 2013 is out of its historical year: its card says "what if" where the news is shown.
  await proj.waitForSelector('.news .card.event:has-text("January 2022") .what-if');
  const whatIf = await proj.evaluate(() => /** @type {any} */ (window).__gg.game.state.view.report.whatif || []);
  assert.equal(await proj.locator('.news .card.event .what-if').count(), whatIf.length, 'every card the server marks, and only those');
  for (const s of SEATS) await shoot(pages[s], `${s}-diplomacy`);
  await shoot(proj, 'projector-diplomacy');
  await readyAll(SEATS.map((s) => pages[s]));
  for (const s of SEATS) await waitPhase(pages[s], 1, 'orders');

  // Orders: each seat adds its first affordable action and sends it; China
  // also pays the fee it promised, from the reminder on its Orders panel.
  await cn.click('#tab-orders');
  assert.match(await cn.textContent('.promises'), /Pay Kazakhstan 1 capital/);
  await cn.click('.promises button.pay');
  await cn.waitForSelector('.promises li.kept');
  for (const s of SEATS) {
    const p = pages[s];
    await p.click('#tab-orders');
    await p.locator('.cards .add:not([disabled])').first().click();
    await p.click('#send-orders');
    await p.waitForFunction((n) => { const g = /** @type {any} */ (window).__gg.game; return g.acked && g.acked.o.length === n; }, s === 'china' ? 2 : 1);
  }
  // The projector sees that orders were submitted, never which.
  const projView = await proj.evaluate(() => /** @type {any} */ (window).__gg.game.state.view.orders);
  assert.deepEqual(projView || {}, {});
  assert.equal(await proj.locator('.draft, .acked, .chat-form, #composer, .chat').count(), 0);
  const projText = await proj.textContent('body');
  for (const secret of ['secret from Russia', 'team note from Kazakhstan']) assert.ok(!projText.includes(secret));
  await shoot(proj, 'projector-orders');
  // The projector is read from the back of the room: no heading, par, tag
  // or rule link below 20 px (they once stayed at the players' 12-17 px).
  const small = await proj.evaluate(() => [...document.querySelectorAll('.game.projector :is(h2, h3, .chip .par, .tag, .rule summary)')]
    .filter((e) => /** @type {HTMLElement} */ (e).offsetParent && parseFloat(getComputedStyle(e).fontSize) < 20)
    .map((e) => `${e.tagName} ${e.className} ${getComputedStyle(e).fontSize}`));
  assert.deepEqual(small, [], 'projector: text too small to read from the back');
  for (const s of SEATS) await pages[s].click('#ready:not([disabled])');

  // The crisis: Kazakhstan answers on its phone.
  await waitPhase(kz, 1, 'crisis');
  // (a redraw may replace the card mid-scroll: scroll the current one)
  await kz.waitForSelector('.crisis');
  await kz.evaluate(() => { const el = document.querySelector('.crisis'); if (el) el.scrollIntoView({ block: 'nearest' }); });
  await shoot(kz, 'kazakhstan-crisis');
  await kz.click('#crisis-handle_alone');
  await shoot(kz, 'kazakhstan-crisis-answered');
  for (const s of SEATS) await waitPhase(pages[s], 2, 'diplomacy');
  // China paid as promised: the deal is kept, not broken.
  await cn.waitForFunction(() => [.../** @type {any} */ (window).__gg.game.deals.values()].some((d) => d.by === 'china' && d.st === 'fulfilled'), null, { timeout: 10000 });

  // The score strip reads the server's running score (VP as if scored now,
  // par so far, margin), not the banked VP: after turn 1 it has points.
  const score = await cn.evaluate(() => /** @type {any} */ (window).__gg.game.state.view.score);
  assert.ok(score && SEATS.some((s) => score[s] && score[s].vp > 0), `a running score with points: ${JSON.stringify(score)}`);
  await cn.waitForFunction(() => document.querySelector('.score-strip') !== null);
  for (const s of SEATS) {
    const chip = await cn.textContent(`.score-strip .seat-${s}`);
    assert.ok(chip.includes(`${score[s].vp} VP`) && chip.includes(`par ${score[s].par}`), `${s}: ${chip} vs ${JSON.stringify(score[s])}`);
  }

  // A reload mid-phase: nothing missed, nothing doubled.
  const ru = pages.russia;
  const beforeReload = await model(ru);
  await ru.reload();
  await ru.waitForFunction((n) => { const w = /** @type {any} */ (window); return w.__gg && w.__gg.conn.last >= n; }, beforeReload.last, { timeout: 15000 });
  await say(cn, 'public', 'after the reload');
  await ru.waitForFunction(() => /** @type {any} */ (window).__gg.game.chat.some((m) => m.text === 'after the reload'));
  const afterReload = await model(ru);
  assert.deepEqual(afterReload.chat.slice(0, beforeReload.chat.length), beforeReload.chat, 'the same chat, in order');
  assert.equal(afterReload.chat.length, beforeReload.chat.length + 1, 'one new line, no doubles');
  assert.equal(afterReload.dupes, 0, 'no stream message applied twice');
  assert.equal(afterReload.maxSeq, afterReload.last, 'every stream message up to last applied');
  assert.equal(afterReload.early, 0, 'nothing held back');
  assert.deepEqual(afterReload.deals, beforeReload.deals);

  // Turn 2: everyone holds; the game ends.
  await readyAll(SEATS.map((s) => pages[s]));
  for (const s of SEATS) await waitPhase(pages[s], 2, 'orders');
  for (const s of SEATS) await pages[s].click('#ready:not([disabled])');
  for (const p of [...Object.values(pages), proj]) await p.waitForSelector('.game-over', { timeout: 30000 });
  // Over, the strip shows the result's numbers: a game cut to 2 turns is
  // ranked against the par for its length (vp − rel), not the scenario's
  // whole par, so every chip's margin is the result's margin.
  const over = await cn.evaluate(() => /** @type {any} */ (window).__gg.game.over);
  for (const s of SEATS) {
    const r = over.rel[s];
    const m = r > 0 ? '+' + r : r < 0 ? '−' + -r : '0';
    const chip = await cn.textContent(`.score-strip .seat-${s}`);
    assert.ok(chip.includes(`${over.vp[s]} VP`) && chip.includes(`par ${over.vp[s] - r}`) && chip.includes(m), `${s} over: ${chip} vs ${JSON.stringify(over)}`);
  }
  assert.equal(await cn.locator('.score-strip .chip.lead').count(), 1);
  assert.ok((await cn.getAttribute('.score-strip .chip.lead', 'class')).split(' ').includes('seat-' + over.winner), 'the star is the winner\'s');

  for (const s of SEATS) {
    const p = pages[s];
    for (const tab of ['orders', 'deals', 'chat', 'news']) {
      await p.click('#tab-' + tab);
      const text = await p.textContent('body');
      assert.ok(!text.includes('⟦'), `${s} (${LANG[s]}) ${tab}: ${text.match(/⟦[^⟧]*⟧/g)}`);
      assert.deepEqual(await axe(p), [], `${s} ${tab}`);
    }
    await shoot(p, `${s}-over`);
  }
  // On a phone, in every language, nothing runs past the screen's edge (the
  // resources table's Russian headings once did, "Престиж / легитимность",
  // and a deal's three Russian buttons).
  for (const s of SEATS) {
    const p = pages[s];
    await p.setViewportSize(PHONE);
    for (const tab of ['orders', 'deals', 'chat', 'news']) {
      await p.click('#tab-' + tab);
      const wide = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(wide <= 1, `${s} (${LANG[s]}) ${tab} on a phone: ${wide} px of horizontal scrolling`);
    }
  }
  assert.deepEqual(await axe(proj), []);
  await shoot(proj, 'projector-over');
  assert.deepEqual(errors, []);
  for (const c of ctxs) await c.close();
});

test('play now: one person starts a game against three bots from the front page', { timeout: 60000 }, async () => {
  const ctx = await browser.newContext({ viewport: PHONE });
  const page = await ctx.newPage();
  await page.goto(site.url + '/');
  await page.selectOption('#seat', 'west');
  await Promise.all([page.waitForURL(/\/join\//), page.click('#play-now')]);
  await waitPhase(page, 1, 'diplomacy');
  const m = await page.evaluate(() => /** @type {any} */ (window).__gg.game.who);
  assert.equal(m, 'west');
  await shoot(page, 'play-now-phone');
  await ctx.close();
});

test('a wrong code says so and offers the way back', async () => {
  const ctx = await browser.newContext({ viewport: LAPTOP });
  const page = await ctx.newPage();
  await page.goto(site.url + '/join/ZZZZ-ZZZZ');
  await page.waitForSelector('a[href="/"]');
  assert.match(await page.textContent('body'), /unknown or expired join code/);
  await ctx.close();
});

test('a team shares a seat: both laptops see the team chat and the orders one of them sent', { timeout: 90000 }, async () => {
  const g = createGame(server.port, ['--scenario', 'classroom', '--turns', '1', '--teams', '--bots', 'china=greedy,russia=greedy,west=greedy']);
  const ctxs = [];
  const team = [];
  for (let i = 0; i < 2; i++) {
    const ctx = await browser.newContext({ viewport: LAPTOP });
    ctxs.push(ctx);
    const p = await ctx.newPage();
    await p.goto(`${site.url}/join/${g.seat_codes.kazakhstan}`);
    await waitPhase(p, 1, 'diplomacy');
    team.push(p);
  }
  const [a, b] = team;
  await say(a, 'team', 'let us consent to China');
  await b.waitForFunction(() => /** @type {any} */ (window).__gg.game.chat.some((m) => m.ch === 'team' && m.text === 'let us consent to China'));
  await a.click('#tab-orders');
  await a.click('#ready:not([disabled])');
  for (const p of team) await waitPhase(p, 1, 'orders');
  await a.click('#tab-orders');
  await a.locator('.cards .add:not([disabled])').first().click();
  await a.click('#send-orders');
  await b.click('#tab-orders');
  await b.waitForSelector('.acked li');
  assert.equal(await b.locator('.acked li').count(), 1);
  assert.equal(await b.textContent('.acked li'), await a.textContent('.draft-list li span'));
  await shoot(b, 'team-mate-sees-orders');
  for (const c of ctxs) await c.close();
});

// [P6.13] on a real gg-server: Kazakhstan (phone, Kazakh) says ready, then
// China's page proposes; diplomacy stays open, Kazakhstan's page says it
// waits for its answer, and the answer from that notice ends diplomacy.
test('an offer after ready: the table waits, the phone says so, its answer ends diplomacy', { timeout: 90000 }, async () => {
  const g = createGame(server.port, ['--scenario', 'classroom', '--turns', '1', '--bots', 'russia=greedy,west=greedy']);
  const ctxs = [];
  const errors = [];
  const page = async (seat, vp, lang) => {
    const ctx = await browser.newContext({ viewport: vp });
    await ctx.addInitScript((l) => localStorage.setItem('gg.lang', l), lang);
    ctxs.push(ctx);
    const p = await ctx.newPage();
    p.on('pageerror', (e) => errors.push(`${seat}: ${e.message}`));
    catchCsp(p, errors, seat);
    await p.goto(`${site.url}/join/${g.seat_codes[seat]}`);
    await waitPhase(p, 1, 'diplomacy');
    return p;
  };
  const cn = await page('china', LAPTOP, 'en');
  const kz = await page('kazakhstan', PHONE, 'kk');
  const projCtx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  ctxs.push(projCtx);
  const proj = await projCtx.newPage();
  proj.on('pageerror', (e) => errors.push(`projector: ${e.message}`));
  await proj.goto(`${site.url}/watch/${g.observer_code}`);
  await waitPhase(proj, 1, 'diplomacy');
  // The teacher's console, joined with the moderator code.
  const modCtx = await browser.newContext({ viewport: LAPTOP });
  ctxs.push(modCtx);
  const con = await modCtx.newPage();
  con.on('pageerror', (e) => errors.push(`console: ${e.message}`));
  catchCsp(con, errors, 'console');
  await con.goto(`${site.url}/teacher/game/${g.game_id}`);
  await con.fill('#mod-0', g.moderator_code);
  // The console redraws every second (its clocks): what was typed stays.
  await con.waitForTimeout(1200);
  assert.equal(await con.inputValue('#mod-0'), g.moderator_code, 'the typed code survives a redraw');
  await con.click('form.card button[type=submit]');
  await con.waitForSelector('.console-table .map');
  const sent = [];
  kz.on('websocket', (ws) => ws.on('framesent', (f) => { try { sent.push(JSON.parse(String(f.payload))); } catch { /* */ } }));
  await kz.click('#tab-orders');
  await kz.click('#ready:not([disabled])');
  await kz.waitForSelector('#ready.done');
  await cn.click('#tab-deals');
  await cn.check('#party-kazakhstan');
  await cn.selectOption('#clause-kind', 'consent');
  await cn.click('#add-clause');
  await cn.click('#send-deal');
  await cn.waitForSelector('.composer .ok');
  await cn.click('#tab-orders');
  await cn.click('#ready:not([disabled])');
  const bar = kz.locator('.answer-bar');
  await bar.waitFor({ timeout: 15000 });
  assert.match(await bar.locator('h2').textContent(), /Дипломатия сіздің жауабыңызды күтеді/);
  assert.match(await bar.textContent(), /Қытай/);
  // Both said ready, yet diplomacy waits for Kazakhstan's answer.
  await cn.waitForTimeout(500);
  assert.equal((await model(cn)).phase, 'diplomacy', 'diplomacy ended without Kazakhstan\'s answer');
  await shoot(kz, 'kazakhstan-answer-waiting');
  assert.deepEqual(await axe(kz), []);
  // [P6.14] The projector says whom the table waits for, not who offered
  // (the offer is private); China's page says it is its offer.
  await proj.waitForSelector('.wait-note', { timeout: 15000 });
  assert.equal((await proj.textContent('.wait-note')).trim(), 'Diplomacy is waiting for Kazakhstan to answer an offer');
  await cn.waitForSelector('.wait-note');
  assert.match(await cn.textContent('.wait-note'), /Diplomacy is waiting for Kazakhstan to answer your offer/);
  assert.equal(await kz.locator('.wait-note').count(), 0, 'the awaited seat has the answer bar instead');
  await shoot(proj, 'projector-waits-for-kazakhstan');
  assert.deepEqual(await axe(proj), []);
  // The teacher's console names the seat and whose offer it is (a server
  // bot may have offered first: the oldest offer owed is named).
  await con.waitForSelector('.console-wait', { timeout: 15000 });
  assert.match(await con.textContent('.console-wait li'), /^Diplomacy is waiting for Kazakhstan to answer (China|Russia|the West)'s offer$/);
  await shoot(con, 'console-waits-for-kazakhstan');
  assert.deepEqual(await axe(con), []);
  // Answer every offer the bar shows (a server bot may have offered too).
  while (await bar.count()) {
    await bar.locator('button.primary').first().click();
    await kz.waitForTimeout(200);
  }
  await waitPhase(cn, 1, 'orders');
  await waitPhase(kz, 1, 'orders');
  await waitPhase(proj, 1, 'orders');
  assert.equal(await proj.locator('.wait-note').count(), 0, 'the wait is over');
  await con.waitForSelector('.console-wait', { state: 'detached' });
  const deals = (await model(cn)).deals;
  assert.ok(deals.some((d) => d.endsWith(':accepted')), `China's offer accepted: ${deals}`);
  assert.ok(sent.filter((m) => m.t === 'ready').every((m) => Number.isInteger(m.seen) && m.seen > 0), 'ready carries seen');
  assert.deepEqual(errors, []);
  for (const c of ctxs) await c.close();
});

// [P8.3] A student who joins after the negotiator bots made their offers
// (here: Kazakhstan's seat taken over by a second device, whose join
// snapshot is all it gets of them) reads each offer's reason in its Deals
// panel, in its language: before protocol 1.3 the reasons came only in the
// deal_updates a join does not resend.
test('a late-joining student reads the bots\' reasons on their offers', { timeout: 90000 }, async () => {
  const g = createGame(server.port, ['--scenario', 'classroom', '--turns', '1', '--bots', 'china=negotiator,russia=negotiator,west=negotiator']);
  const errors = [];
  const ctxs = [];
  const open = async (lang, vp) => {
    const ctx = await browser.newContext({ viewport: vp });
    await ctx.addInitScript((l) => localStorage.setItem('gg.lang', l), lang);
    ctxs.push(ctx);
    const p = await ctx.newPage();
    p.on('pageerror', (e) => errors.push(e.message));
    catchCsp(p, errors, lang);
    await p.goto(`${site.url}/join/${g.seat_codes.kazakhstan}`);
    await waitPhase(p, 1, 'diplomacy');
    return p;
  };
  // The first device sees the bots' offers arrive (deal_update).
  const first = await open('en', LAPTOP);
  await first.waitForFunction(() => /** @type {any} */ (window).__gg.game.offers().length >= 2, null, { timeout: 20000 });
  const offered = await first.evaluate(() => {
    const g = /** @type {any} */ (window).__gg.game;
    return g.offers().map((/** @type {any} */ d) => ({ id: d.id, why: g.whys.get(d.id) || [] }));
  });
  assert.ok(offered.every((o) => o.why.length), `every bot offer came with a reason: ${JSON.stringify(offered)}`);
  // The late student: a new device, a join — the snapshot alone.
  const late = await open('en', PHONE);
  const got = await late.evaluate(() => {
    const g = /** @type {any} */ (window).__gg.game;
    return { offers: g.offers().map((/** @type {any} */ d) => ({ id: d.id, seq: g.dealSeq.get(d.id), why: g.whys.get(d.id) || [] })) };
  });
  for (const o of offered) {
    const mine = got.offers.find((x) => x.id === o.id);
    assert.ok(mine && mine.seq === 0, `offer ${o.id} in the join snapshot: ${JSON.stringify(mine)}`);
    assert.deepEqual(mine.why, o.why, `offer ${o.id}: the same reasons as its deal_update`);
  }
  await late.click('#tab-deals');
  const card = late.locator('.cards .card.st-open').first();
  await card.waitFor();
  const text = await card.textContent();
  assert.match(text, /Reasons given/);
  assert.match(text, /(offers|proposes)/, `a reason in words: ${text}`);
  assert.ok(!/⟦|consent_fee|eaeu_step|energy_deal/.test(text), `a wire name or a missing key: ${text}`);
  await late.screenshot({ path: path.join(ARTIFACTS, 'e2e-late-join-reasons-phone.png'), fullPage: true });
  assert.deepEqual(await axe(late), []);
  assert.deepEqual(errors.filter((e) => !/TAKEN_OVER/.test(e)), []);
  for (const c of ctxs) await c.close();
});
