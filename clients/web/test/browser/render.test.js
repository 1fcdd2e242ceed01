// The pages rendered in Debian's chromium from a real captured game stream
// (test/fixtures, replayed by a stand-in server on a routed WebSocket): both
// layouts, every panel, three languages, the projector's privacy, a reload
// that resumes without doubles, the server's order errors on the draft, and
// axe-core on every page. Screenshots go to $GG_WEB_ARTIFACTS.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, axe, catchCsp, ARTIFACTS, PHONE, LAPTOP } from '../browser.js';
import { startStatic } from '../serve.js';
import { stream, fakeServer } from '../fixture.js';

const KZ = stream('kazakhstan');
const RULES = JSON.parse(fs.readFileSync(new URL('../../public/data/rules.json', import.meta.url), 'utf8'));
const MID = KZ.findIndex((m) => m.t === 'state' && m.turn === 3) + 1; // into turn 3
let browser, site;

before(async () => { browser = await launch(); site = await startStatic(); });
after(async () => { await browser.close(); await site.close(); });

/** A page in a fresh context. */
async function open(viewport, lang = 'en') {
  const ctx = await browser.newContext({ viewport });
  await ctx.addInitScript((l) => localStorage.setItem('gg.lang', l), lang);
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  catchCsp(page, errors);
  page.on('request', (r) => { if (!r.url().startsWith(site.url) && !r.url().startsWith('ws://127.0.0.1')) errors.push('outside request ' + r.url()); });
  return { ctx, page, errors };
}

async function tabs(page, fn) {
  for (const tab of ['orders', 'deals', 'chat', 'news']) {
    await page.click('#tab-' + tab);
    await fn(tab);
  }
}

// A phone in every language: the Russian resource headings and deal buttons
// once ran past the screen's edge.
for (const [size, vp, lang] of [['laptop', LAPTOP, 'en'], ['phone', PHONE, 'en'], ['phone', PHONE, 'ru'], ['phone', PHONE, 'kk']]) {
  test(`player page (${size}, ${lang}): every panel renders, no horizontal scroll, axe clean`, async () => {
    const { ctx, page, errors } = await open(vp, lang);
    await fakeServer(page, KZ, { upto: MID });
    await page.goto(site.url + '/join/8d47 ea2e');
    await page.waitForSelector('.map');
    assert.match(await page.textContent('.topbar'), { en: /Kazakhstan/, ru: /Казахстан/, kk: /Қазақстан/ }[lang]);
    assert.equal(await page.locator('.score-strip li').count(), 4);
    await tabs(page, async (tab) => {
      await page.screenshot({ path: path.join(ARTIFACTS, `player-${tab}-${size}${lang === 'en' ? '' : '-' + lang}.png`), fullPage: size === 'phone' });
      const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
      assert.equal(wide, false, `${tab}: no horizontal scrolling`);
      assert.deepEqual(await axe(page), [], `${tab}: axe`);
    });
    assert.deepEqual(errors, []);
    await ctx.close();
  });
}

for (const lang of ['ru', 'kk']) {
  test(`${lang}: no untranslated interface key on any panel, home or projector`, async () => {
    const { ctx, page, errors } = await open(LAPTOP, lang);
    await fakeServer(page, KZ);
    await page.goto(site.url + '/join/8D47-EA2E');
    await page.waitForSelector('.map');
    assert.equal(await page.getAttribute('html', 'lang'), lang);
    await tabs(page, async (tab) => {
      const text = await page.textContent('body');
      assert.ok(!text.includes('⟦'), `${tab}: ${text.match(/⟦[^⟧]*⟧/g)}`);
      if (tab === 'orders') for (const d of await page.locator('details').all()) await d.evaluate((e) => { e.open = true; });
      const again = await page.textContent('body');
      assert.ok(!again.includes('⟦'), `${tab} (details open): ${again.match(/⟦[^⟧]*⟧/g)}`);
    });
    await page.screenshot({ path: path.join(ARTIFACTS, `player-news-${lang}.png`) });
    // the whole stream ends in game_over: no clock, not "no deadline"
    assert.equal((await page.textContent('.topbar .clock')).trim(), '—');
    await page.goto(site.url + '/');
    await page.waitForSelector('#code');
    assert.ok(!(await page.textContent('body')).includes('⟦'));
    assert.deepEqual(errors, []);
    await ctx.close();
  });
}

// game_over.by (protocol 1.5): on equal margins the game-over card says which
// criterion decided, in the page's language; decided on margin it says nothing more.
test('game over: the card names the deciding criterion only when the margins tied', async () => {
  const { ctx, page, errors } = await open(LAPTOP, 'en');
  const tied = KZ.map((m) => (m.t === 'game_over' ? { ...m, by: 'ahead_of_pace' } : m));
  await fakeServer(page, tied);
  await page.goto(site.url + '/join/8D47-EA2E');
  await page.waitForSelector('.game-over');
  const line = await page.textContent('.game-over .decided-by');
  assert.ok(line.includes("ahead of par's pace over the game") && line.includes('ended level on margin'), line);
  assert.match(line, /^\p{Lu}/u, 'the line starts as a sentence');
  // once over, the orders panel offers nothing to send
  assert.equal(await page.locator('#send-orders').count(), 0);
  assert.ok((await page.textContent('.orders .over')).includes('The game is over'));
  await page.screenshot({ path: path.join(ARTIFACTS, 'game-over-laptop.png') });
  await ctx.close();
  const again = await open(LAPTOP, 'en');
  await fakeServer(again.page, KZ.map((m) => (m.t === 'game_over' ? { ...m, by: 'margin' } : m)));
  await again.page.goto(site.url + '/join/8D47-EA2E');
  await again.page.waitForSelector('.game-over');
  assert.equal(await again.page.locator('.game-over .decided-by').count(), 0);
  assert.deepEqual([...errors, ...again.errors], []);
  await again.ctx.close();
});

// The map's names never cover each other, a project site, a city's dot or a
// domain badge (labels are larger on phones, and ru/kk names longer).
for (const [size, vp] of [['laptop', LAPTOP], ['phone', PHONE]]) {
  test(`map (${size}): no label overlaps another label, a site, a city or a badge in en, ru, kk`, async () => {
    for (const lang of ['en', 'ru', 'kk']) {
      const { ctx, page } = await open(vp, lang);
      await fakeServer(page, KZ, { upto: MID });
      await page.goto(site.url + '/join/8D47-EA2E');
      await page.waitForSelector('.map');
      const clashes = await page.evaluate(() => {
        const svg = /** @type {SVGSVGElement} */ (document.querySelector('.map'));
        /** @type {{what: string, x0: number, y0: number, x1: number, y1: number}[]} */
        const boxes = [];
        const add = (/** @type {any} */ el, /** @type {string} */ what) => {
          const b = el.getBBox();
          boxes.push({ what, x0: b.x, y0: b.y, x1: b.x + b.width, y1: b.y + b.height });
        };
        svg.querySelectorAll('text').forEach((el) => { if (!el.closest('.dom-badge')) add(el, 'label ' + el.textContent); });
        svg.querySelectorAll('.site > rect:first-of-type').forEach((el) => add(el, 'site ' + (el.parentNode?.querySelector('title')?.textContent || '')));
        svg.querySelectorAll('.dom-badge > rect:first-child').forEach((el) => add(el, 'badge'));
        svg.querySelectorAll('.city circle').forEach((el) => add(el, 'city'));
        const out = [];
        for (let i = 0; i < boxes.length; i++) {
          for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i], b = boxes[j];
            if (a.what === 'badge' && b.what === 'badge') continue;
            const ix = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0), iy = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
            if (ix > 1 && iy > 1) out.push(`${a.what} / ${b.what}`);
          }
        }
        return out;
      });
      assert.deepEqual(clashes, [], `${size} ${lang}`);
      await ctx.close();
    }
  });
}

// A bot's reasons on an offer to Kazakhstan (what gg-server's negotiators
// send in deal_update.why), read in the reader's language on the card.
const WHY_TEXT = {
  en: 'China offers 2 capital for your consent to EAEU integration step: the move is worth more to China than the fee.',
  ru: 'Китай предлагает 2 капитала за ваше согласие на «',
  kk: 'Қытай «',
};
for (const lang of ['en', 'ru', 'kk']) {
  test(`${lang}: a bot's reasons on an offer read in the reader's language`, async () => {
    const { ctx, page, errors } = await open(PHONE, lang);
    const offer = { t: 'deal_update', seq: MID + 1, why: { id: 'consent_fee', args: ['china', 2, 'eaeu_step'] },
      deal: { id: 77, st: 'open', by: 'china', parties: ['china', 'kazakhstan'], acc: ['china'], turn: 3, cl: [{ k: 'consent', power: 'china', a: 'any', fee: 2 }] } };
    await fakeServer(page, [...KZ.slice(0, MID), offer]);
    await page.goto(site.url + '/join/8D47-EA2E');
    await page.waitForSelector('.map');
    await page.click('#tab-deals');
    const card = page.locator('.deals .cards .card', { hasText: /77/ }).first();
    await card.locator('.reasons').waitFor();
    const text = await card.locator('.reasons').textContent();
    assert.ok(text.includes(WHY_TEXT[lang]), `${lang}: ${text}`);
    assert.ok(!/eaeu_step|⟦/.test(text), `${lang}: a wire name or a missing key: ${text}`);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(wide <= 1, `${lang}: the offer's buttons run ${wide} px past the phone's edge`);
    if (lang === 'kk') await page.screenshot({ path: path.join(ARTIFACTS, 'player-deals-reason-kk-phone.png'), fullPage: true });
    assert.deepEqual(await axe(page), []);
    assert.deepEqual(errors, []);
    await ctx.close();
  });
}

test('projector: public board only — no private chat, no orders of the turn', async () => {
  const { ctx, page } = await open(LAPTOP);
  // Even fed a seat's stream (private chat, orders_ack), the projector shows neither.
  const upto = KZ.findIndex((m) => m.t === 'orders_ack') + 1;
  await fakeServer(page, KZ, { upto, who: 'observer', role: 'observer' });
  await page.goto(site.url + '/watch/436Y-666C');
  await page.waitForSelector('.map');
  const text = await page.textContent('body');
  for (const m of KZ.slice(0, upto).filter((x) => x.t === 'chat')) assert.ok(!text.includes(m.text), `chat shown: ${m.text}`);
  assert.equal(await page.locator('.orders, .draft, .chat-form, #composer').count(), 0);
  await page.screenshot({ path: path.join(ARTIFACTS, 'projector-laptop.png') });
  assert.deepEqual(await axe(page), []);
  await ctx.close();
});

test('a reload mid-phase rebuilds the page from the stream without doubles', async () => {
  const { ctx, page } = await open(LAPTOP);
  const srv = await fakeServer(page, KZ, { upto: MID });
  await page.goto(site.url + '/join/8D47-EA2E');
  await page.waitForSelector('.map');
  const before = await page.evaluate(() => { const g = /** @type {any} */ (window).__gg.game; return { n: g.count, chat: g.chat.length, deals: g.deals.size }; });
  assert.equal(before.n, MID);
  await page.reload();
  await page.waitForSelector('.map');
  await page.waitForFunction((n) => /** @type {any} */ (window).__gg.game.count >= n, MID);
  const afterReload = await page.evaluate(() => { const g = /** @type {any} */ (window).__gg.game; return { n: g.count, chat: g.chat.length, deals: g.deals.size }; });
  assert.deepEqual(afterReload, before);
  const resumes = srv.sent.filter((m) => m.t === 'resume');
  assert.equal(resumes.length, 1, 'the reload resumed with the token from sessionStorage');
  assert.equal(resumes[0].tok, 'tok-1');
  assert.equal(srv.sent.filter((m) => m.t === 'join').length, 1, 'joined once only');
  await ctx.close();
});

test('orders: a refused order shows the server error on its draft line', async () => {
  const { ctx, page } = await open(LAPTOP);
  const ordersAt = KZ.findIndex((m) => m.t === 'state' && m.phase === 'orders') + 1;
  const srv = await fakeServer(page, KZ, { upto: ordersAt, reply: (m) => (m.t === 'orders' ? { t: 'error', code: -4, name: 'NO_RESOURCES', re: 'orders', errs: m.o.map((_, i) => (i === m.o.length - 1 ? -4 : 0)) } : null) });
  await page.goto(site.url + '/join/8D47-EA2E');
  await page.waitForSelector('.cards .add');
  await page.locator('.cards .add:not([disabled])').first().click();
  await page.locator('.cards .add:not([disabled])').first().click();
  await page.click('#send-orders');
  await page.waitForSelector('.draft-list li.bad');
  assert.equal(await page.locator('.draft-list li.bad').count(), 1);
  assert.match(await page.textContent('.draft-list li.bad'), /cannot afford/);
  const sent = srv.sent.filter((m) => m.t === 'orders').at(-1);
  assert.equal(sent.o.length, 2);
  assert.equal(sent.turn, KZ[ordersAt - 1].turn);
  await ctx.close();
});

test('home page: code entry normalises, language is remembered, axe clean', async () => {
  const { ctx, page } = await open(PHONE);
  await page.goto(site.url + '/');
  await page.waitForSelector('#code');
  await page.selectOption('#lang', 'kk');
  await page.waitForFunction(() => document.documentElement.lang === 'kk');
  assert.equal(await page.evaluate(() => localStorage.getItem('gg.lang')), 'kk');
  await page.screenshot({ path: path.join(ARTIFACTS, 'home-phone-kk.png') });
  assert.deepEqual(await axe(page), []);
  await page.fill('#code', ' 8d47 ea2e ');
  await Promise.all([page.waitForURL('**/join/8D47-EA2E'), page.press('#code', 'Enter')]);
  await ctx.close();
});

test('keyboard only: reach the panels, add an order and send it; focus is always visible', async () => {
  const { ctx, page } = await open(LAPTOP);
  const ordersAt = KZ.findIndex((m) => m.t === 'state' && m.phase === 'orders') + 1;
  const srv = await fakeServer(page, KZ, { upto: ordersAt });
  await page.goto(site.url + '/join/8D47-EA2E');
  await page.waitForSelector('.cards .add');
  /** Tabs forward until `pred(activeElement)`; checks each stop shows a focus ring. */
  const tabTo = async (pred, max = 200) => {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      const r = await page.evaluate((src) => {
        const el = /** @type {HTMLElement} */ (document.activeElement);
        const cs = getComputedStyle(el);
        return { hit: new Function('el', 'return ' + src)(el), ring: cs.outlineStyle !== 'none' || cs.boxShadow !== 'none', tag: el.tagName + '#' + el.id };
      }, pred);
      assert.ok(r.ring, `no visible focus on ${r.tag}`);
      if (r.hit) return;
    }
    assert.fail('not reached by Tab: ' + pred);
  };
  await tabTo("el.id === 'tab-deals'");
  await page.keyboard.press('Enter');
  assert.equal(await page.getAttribute('#tab-deals', 'aria-selected'), 'true');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');
  assert.equal(await page.getAttribute('#tab-orders', 'aria-selected'), 'true');
  await tabTo("el.classList.contains('add') && !el.disabled");
  await page.keyboard.press('Enter');
  await page.waitForSelector('.draft-list li');
  await page.focus('#tab-orders');
  await tabTo("el.id === 'send-orders'");
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('.draft .ok') !== null);
  assert.equal(srv.sent.filter((m) => m.t === 'orders').at(-1).o.length, 1);
  await ctx.close();
});

// [P6.13] An offer that comes after the seat said ready keeps diplomacy open
// for its answer: the page says so plainly over whichever tab is open, with
// the offer (and the bot's reasons in the reader's language) and Accept ·
// Reject · Counter; `ready` carries `seen`; an offer seen before the ready
// lapses and is not announced; a counter is proposed before the offer is
// declined (the answer may end diplomacy); Ready again lets it lapse.
const ANSWER = {
  en: "Diplomacy is waiting for your answer to Russia's offer",
  ru: 'Дипломатия ждёт вашего ответа: предложение делает Россия',
  kk: 'Дипломатия сіздің жауабыңызды күтеді: Ресей ұсыныс жасады',
};
const WHY_RU = { en: 'Russia offers', ru: 'Россия предлагает', kk: 'Ресей' };
for (const [size, vp, lang] of [['phone', PHONE, 'en'], ['laptop', LAPTOP, 'ru'], ['phone', PHONE, 'kk']]) {
  test(`${size}, ${lang}: an offer after ready — diplomacy waits for my answer, told plainly`, async () => {
    const { ctx, page, errors } = await open(vp, lang);
    const srv = await fakeServer(page, KZ.slice(0, MID));
    await page.goto(site.url + '/join/8D47-EA2E');
    await page.waitForSelector('.map');
    let seq = MID;
    const push = (m) => srv.state.sockets[0].send(JSON.stringify({ ...m, seq: ++seq }));
    const offer = (id, by = 'russia', why = null) => push({ t: 'deal_update', ...(why ? { why } : {}),
      deal: { id, st: 'open', by, parties: [by, 'kazakhstan'], acc: [by], turn: 3, cl: [{ k: 'transfer', from: by, to: 'kazakhstan', r: 'capital', n: 2 }] } });
    const sent = (t) => srv.sent.filter((m) => m.t === t);
    // Seen before ready: it lapses with the phase; nothing to announce.
    offer(70);
    await page.waitForFunction(() => /** @type {any} */ (window).__gg.game.deals.has(70));
    await page.click('#tab-orders');
    await page.click('#ready:not([disabled])');
    await page.waitForSelector('#ready.done');
    assert.equal(sent('ready').at(-1).seen, MID + 1, 'ready carries the last seq received');
    assert.equal(await page.locator('.answer-bar').count(), 0, 'an offer seen before ready does not hold diplomacy');
    // After ready: the table waits for this seat.
    offer(71, 'russia', { id: 'consent_fee', args: ['russia', 2, 'eaeu_step'] });
    const bar = page.locator('.answer-bar');
    await bar.waitFor();
    assert.ok((await bar.locator('h2').textContent()).includes(ANSWER[lang]), await bar.locator('h2').textContent());
    assert.ok((await bar.locator('.reasons').textContent()).includes(WHY_RU[lang]), 'the bot\'s reason in the reader\'s language');
    assert.ok(!/eaeu_step|⟦/.test(await bar.textContent()), await bar.textContent());
    assert.equal(await bar.locator('button').count(), 3, 'Accept · Reject · Counter');
    const box = await bar.boundingBox();
    assert.ok(box && box.y >= 0 && box.y + box.height <= vp.height && box.x >= 0 && box.x + box.width <= vp.width + 1, `in view without scrolling: ${JSON.stringify(box)}`);
    for (const tab of ['deals', 'chat', 'news', 'orders']) {
      await page.click('#tab-' + tab);
      assert.ok(await bar.isVisible(), `shown on ${tab}`);
      // the bar never hides the tab bar (phone) nor the panel's tabs
      const tabBox = await page.locator('#tab-' + tab).boundingBox();
      assert.ok(tabBox && (tabBox.y + tabBox.height <= box.y || tabBox.y >= box.y + box.height || tabBox.x + tabBox.width <= box.x), `the bar covers the ${tab} tab`);
    }
    assert.equal(await page.locator('#ready:not([disabled])').count(), 1, 'Ready again is possible');
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(wide <= 1, `${wide} px of horizontal scrolling`);
    await page.screenshot({ path: path.join(ARTIFACTS, `answer-waiting-${size}-${lang}.png`) });
    assert.deepEqual(await axe(page), []);
    // Accept answers it; the bar goes once the server says so.
    await bar.locator('button.primary').click();
    assert.deepEqual(sent('respond').map((m) => [m.deal, m.acc]), [[71, true]]);
    push({ t: 'deal_update', deal: { id: 71, st: 'accepted', by: 'russia', parties: ['russia', 'kazakhstan'], acc: ['russia', 'kazakhstan'], turn: 3, cl: [] } });
    await bar.waitFor({ state: 'detached' });
    await page.waitForSelector('#ready.done');
    // Counter: the counter-proposal goes first, then the offer is declined.
    offer(72, 'china');
    await bar.waitFor();
    await bar.locator('button').nth(2).click();
    await page.waitForSelector('#composer');
    assert.equal(await page.getAttribute('#tab-deals', 'aria-selected'), 'true');
    assert.equal(sent('respond').length, 1, 'nothing declined before the counter is sent');
    assert.equal(await bar.locator('.cards').count(), 0, 'while countering, the bar only says what to do');
    await page.click('#send-deal');
    await page.waitForSelector('.composer .ok');
    const order = srv.sent.filter((m) => m.t === 'propose' || m.t === 'respond').slice(-2).map((m) => m.t + (m.deal ? ':' + m.deal + ':' + m.acc : ''));
    assert.deepEqual(order, ['propose', 'respond:72:false']);
    push({ t: 'deal_update', deal: { id: 72, st: 'rejected', by: 'china', parties: ['china', 'kazakhstan'], acc: ['china'], turn: 3, cl: [] } });
    await bar.waitFor({ state: 'detached' });
    // Ready again with `seen` covering the offer lets it lapse.
    offer(73, 'west');
    await bar.waitFor();
    await page.click('#tab-orders');
    await page.click('#ready:not([disabled])');
    await bar.waitFor({ state: 'detached' });
    assert.equal(sent('ready').at(-1).seen, seq, 'the second ready has seen the offer');
    assert.deepEqual(errors, []);
    await ctx.close();
  });
}

// What a class sees on the big screen (1280x800 and 1920x1080): the game's
// name and scenario, not the word "Projector"; every seat's chip laid out
// alike (seat and VP, then par and margin); a notice that never covers the
// clock, the scores, the board or the latest news.
for (const vp of [LAPTOP, { width: 1920, height: 1080 }]) {
  test(`projector ${vp.width}x${vp.height}: the game's name, chips alike, notices off the board`, async () => {
    const { ctx, page, errors } = await open(vp);
    const srv = await fakeServer(page, KZ.slice(0, MID), { who: 'observer', role: 'observer' });
    await page.goto(site.url + '/watch/436Y-666C');
    await page.waitForSelector('.map');
    const who = await page.textContent('.topbar .who');
    assert.equal(who, 'New Great Game · Classroom');
    // The year's news as the server flags it (report.whatif): a card drawn
    // out of its historical year says when it happened, one with no year
    // that it is a possible event, and the others carry no flag.
    const rep = KZ.slice(0, MID).filter((m) => m.t === 'state').at(-1).view.report;
    assert.ok(rep.news.length > 0, 'the fixture has news in turn 3');
    for (const [i, id] of rep.news.entries()) {
      const ev = RULES.events.find((/** @type {any} */ e) => e.id === id);
      const tag = page.locator(`.news .card.event:has-text("${ev.name}") .what-if`);
      if ((rep.whatif || []).includes(i)) assert.equal(await tag.textContent(), ev.year ? `what if: it happened in ${ev.year}` : 'what if: a possible event, not history');
      else assert.equal(await tag.count(), 0, `${id} is not flagged by the server`);
    }
    const rows = await page.evaluate(() => [...document.querySelectorAll('.score-strip .chip')].map((c) => {
      const r = (/** @type {string} */ s) => /** @type {HTMLElement} */ (c.querySelector(s)).getBoundingClientRect();
      return { vp: r('.vp').bottom, par: r('.par').top, margin: r('.margin').top, parLeft: r('.par').left, chipLeft: c.getBoundingClientRect().left };
    }));
    for (const [i, r] of rows.entries()) {
      assert.ok(r.par >= r.vp - 1 && Math.abs(r.margin - r.par) < 4, `chip ${i}: par and margin on the line under the VP ${JSON.stringify(r)}`);
      assert.ok(r.parLeft - r.chipLeft < 20, `chip ${i}: the par starts its line ${JSON.stringify(r)}`);
    }
    srv.state.sockets[0].send(JSON.stringify({ t: 'notice', seq: MID + 1, what: 'event', ev: 'january_unrest' }));
    await page.waitForSelector('.toast p');
    const hit = await page.evaluate(() => {
      const toast = /** @type {HTMLElement} */ (document.querySelector('.toast')).getBoundingClientRect();
      return [...document.querySelectorAll('.topbar .phase, .clock, .score-strip, .board, .side h2, .news .card:first-of-type')].map((e) => {
        const b = e.getBoundingClientRect();
        return toast.left < b.right && toast.right > b.left && toast.top < b.bottom && toast.bottom > b.top ? e.className : '';
      }).filter((x) => x);
    });
    assert.deepEqual(hit, [], 'the notice covers the clock, the scores, the board or the latest news');
    await page.screenshot({ path: path.join(ARTIFACTS, `projector-notice-${vp.width}.png`) });
    assert.deepEqual(await axe(page), []);
    assert.deepEqual(errors, []);
    await ctx.close();
  });
}

// [P6.14] The projector says whom diplomacy waits for — the seat, never the
// private offer's author — large, above the news; a seat's page names the
// author when it sees the offer.
for (const [vp, lang, text] of [[{ width: 1920, height: 1080 }, 'en', 'Diplomacy is waiting for Kazakhstan to answer an offer'],
  [LAPTOP, 'ru', 'Дипломатия ждёт, пока Казахстан ответит на предложение'],
  [LAPTOP, 'kk', 'Дипломатия күтіп тұр: Қазақстан ұсынысқа жауап беруі керек']]) {
  test(`projector ${vp.width}x${vp.height} ${lang}: whom diplomacy waits for`, async () => {
    const { ctx, page, errors } = await open(vp, lang);
    const at = KZ.findIndex((m) => m.t === 'state' && m.phase === 'diplomacy' && m.turn === 3);
    const st = { ...KZ[at], seq: at + 2, wait: ['kazakhstan'] };
    delete st.legal;
    const srv = await fakeServer(page, KZ.slice(0, at + 1), { who: 'observer', role: 'observer' });
    await page.goto(site.url + '/watch/436Y-666C');
    await page.waitForSelector('.map');
    assert.equal(await page.locator('.wait-note').count(), 0);
    srv.state.sockets[0].send(JSON.stringify(st));
    await page.waitForSelector('.wait-note');
    assert.equal((await page.textContent('.wait-note')).trim(), text);
    const px = await page.evaluate(() => parseFloat(getComputedStyle(/** @type {Element} */ (document.querySelector('.wait-note'))).fontSize));
    assert.ok(vp.width < 1900 || px >= 28, `readable from the back of the class: ${px}px`);
    await page.screenshot({ path: path.join(ARTIFACTS, `projector-waits-${vp.width}-${lang}.png`) });
    assert.deepEqual(await axe(page), []);
    // The answer ends the wait: the next state has no `wait`.
    srv.state.sockets[0].send(JSON.stringify({ ...st, seq: at + 3, wait: undefined }));
    await page.waitForSelector('.wait-note', { state: 'detached' });
    assert.deepEqual(errors, []);
    await ctx.close();
  });
}

// [P6.14] The teacher's console says whom diplomacy waits for and whose
// offer it is (the moderator sees every deal), above the controls, at the
// laptop and projector sizes, in every language; the overview's "Waiting
// for" column names the seat in diplomacy too.
const CONSOLE_WAIT = {
  en: "Diplomacy is waiting for Kazakhstan to answer Russia's offer",
  ru: 'Дипломатия ждёт, пока Казахстан ответит на предложение (предлагает Россия)',
  kk: 'Дипломатия күтіп тұр: Қазақстан Ресей жасаған ұсынысқа жауап беруі керек',
};
for (const [vp, lang] of [[LAPTOP, 'en'], [{ width: 1920, height: 1080 }, 'en'], [LAPTOP, 'ru'], [LAPTOP, 'kk']]) {
  test(`console ${vp.width}x${vp.height} ${lang}: whom diplomacy waits for, and whose offer`, async () => {
    const { ctx, page, errors } = await open(vp, lang);
    await ctx.addInitScript(() => sessionStorage.setItem('gg.mod.1', 'MODE-RATE'));
    const at = KZ.findIndex((m) => m.t === 'state' && m.phase === 'diplomacy' && m.turn === 3);
    const srv = await fakeServer(page, KZ.slice(0, at + 1), { who: 'moderator', role: 'moderator' });
    await page.goto(site.url + '/teacher/game/1');
    await page.waitForSelector('.console-table .map');
    assert.equal(await page.locator('.console-wait').count(), 0, 'no wait before the offer');
    const send = (m) => srv.state.sockets[0].send(JSON.stringify(m));
    send({ t: 'deal_update', seq: at + 2, deal: { id: 71, st: 'open', by: 'russia', parties: ['russia', 'kazakhstan'], acc: ['russia'], turn: 3,
      cl: [{ k: 'transfer', from: 'russia', to: 'kazakhstan', r: 'capital', n: 2 }] } });
    const st = { ...KZ[at], seq: at + 3, wait: ['kazakhstan'], wait_deal: { kazakhstan: 71 } };
    delete st.legal;
    send(st);
    await page.waitForSelector('.console-wait');
    assert.equal((await page.textContent('.console-wait li')).trim(), CONSOLE_WAIT[lang]);
    // Where the teacher looks: under the scores, above the controls, in view.
    // (measured in one go: the console redraws every second)
    const [banner, ctl] = await page.evaluate(() => ['.console-wait', '.controls'].map((q) => {
      const b = /** @type {Element} */ (document.querySelector(q)).getBoundingClientRect();
      return { y: b.y, height: b.height };
    }));
    assert.ok(banner && ctl && banner.y + banner.height <= ctl.y + 1 && banner.y + banner.height <= vp.height, `${JSON.stringify(banner)} above ${JSON.stringify(ctl)}`);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(wide <= 1, `${wide} px of horizontal scrolling`);
    await page.screenshot({ path: path.join(ARTIFACTS, `console-waits-${vp.width}-${lang}.png`) });
    assert.deepEqual(await axe(page), []);
    // The answer ends the wait.
    send({ ...st, seq: at + 4, wait: undefined, wait_deal: undefined });
    await page.waitForSelector('.console-wait', { state: 'detached' });
    assert.deepEqual(errors, []);
    await ctx.close();
  });
}

// After the first resolution a page holds, "What changed" compares with the
// tracks before it (it said "The tracks did not move" while stability rose).
test('news after turn 1: what changed lists the tracks that moved', async () => {
  const { ctx, page, errors } = await open(LAPTOP);
  const at = KZ.findIndex((m) => m.t === 'turn_result');
  const res = KZ[at];
  const before = KZ.slice(0, at).filter((m) => m.t === 'state').at(-1).view.tracks;
  await fakeServer(page, KZ.slice(0, at + 2));
  await page.goto(site.url + '/join/8D47-EA2E');
  await page.waitForSelector('.map');
  await page.click('#tab-news');
  const moved = Object.keys(res.tracks).filter((k) => res.tracks[k] !== before[k]);
  assert.ok(moved.length > 0, 'the fixture\'s first turn moves a track');
  await page.waitForSelector('.changes li');
  const text = await page.textContent('.changes');
  for (const k of moved) assert.ok(text.includes(`${before[k]} → ${res.tracks[k]}`), `${k} ${before[k]} → ${res.tracks[k]} missing: ${text}`);
  assert.deepEqual(errors, []);
  await ctx.close();
});

// A promise to pay is a transfer order in a non-binding game: the Orders
// panel lists what this seat owes this turn and adds the payment in one
// click (a player who forgot it broke the deal without knowing).
test('orders: the promises of this turn, paid with one click', async () => {
  const { ctx, page, errors } = await open(PHONE);
  const srv = await fakeServer(page, [...KZ.slice(0, MID), { t: 'deal_update', seq: MID + 1,
    deal: { id: 90, st: 'accepted', by: 'china', parties: ['china', 'kazakhstan'], acc: ['china', 'kazakhstan'], turn: 3, cl: [{ k: 'transfer', from: 'kazakhstan', to: 'china', r: 'budget', n: 2 }, { k: 'consent', power: 'china', a: 'any', fee: 1 }] } }]);
  await page.goto(site.url + '/join/8D47-EA2E');
  await page.waitForSelector('.promises');
  const box = page.locator('.promises');
  assert.equal(await box.locator('li').count(), 1, 'only what Kazakhstan pays (the fee is China\'s)');
  assert.match(await box.textContent(), /Pay China 2 budget \(deal 90\)/);
  await box.locator('button.pay').click();
  await page.waitForSelector('.promises li.kept');
  assert.match(await page.textContent('.draft-list'), /Give 2 budget to China/);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(wide <= 1, `${wide} px of horizontal scrolling`);
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(errors, []);
  assert.ok(srv.sent.every((m) => m.t !== 'orders'), 'nothing sent before the player sends');
  await ctx.close();
});
