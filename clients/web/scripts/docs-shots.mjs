// scripts/docs-shots.mjs — retakes the README's player screenshots (docs/web/)
// from the current build: a real gg-server on loopback (GG_BIN, default
// build/bin) serving clients/web/public, four browser pages (Debian's
// chromium) and a projector playing a classroom game. Turn 1: a deal
// (China offers, Kazakhstan accepts), public and private chat, one order
// each; the teacher brings January 2022 into play; the shots are taken in
// turn 2, when the score track has points: a player on a laptop (orders),
// a player on a phone, the projector, private chat on a laptop, an offer
// the table waits for on a phone (it came after that seat said ready), and
// the crisis step in Kazakh on a phone. Each seat orders up to three
// affordable actions a turn; toasts are closed before a picture.
// Not a test (nothing asserted beyond the game reaching each step):
//   node clients/web/scripts/docs-shots.mjs [OUT_DIR]   (default: docs/web)
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, wsCalls, PHONE, LAPTOP } from '../test/browser.js';
import { startServer, createGame } from '../test/server.js';
import { waitPhase, say, readyAll, fillDraft } from '../test/play.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(process.argv[2] || path.join(here, '..', '..', '..', 'docs', 'web'));
const SEATS = ['china', 'russia', 'west', 'kazakhstan'];
const VIEW = { china: LAPTOP, russia: LAPTOP, west: PHONE, kazakhstan: PHONE };
const LANG = { china: 'en', russia: 'en', west: 'en', kazakhstan: 'kk' };
// A fixed game seed: a retake on an unchanged build draws the same events.
const SEED = 1;

const server = await startServer();
const browser = await launch();
try {
  const g = createGame(server.port, ['--scenario', 'classroom', '--turns', '3', '--seed', String(SEED)]);
  /** @type {Record<string, import('playwright-core').Page>} */
  const pages = {};
  for (const s of SEATS) {
    const ctx = await browser.newContext({ viewport: VIEW[s] });
    await ctx.addInitScript((l) => localStorage.setItem('gg.lang', l), LANG[s]);
    pages[s] = await ctx.newPage();
    await pages[s].goto(`${server.url}/join/${g.seat_codes[s]}`);
  }
  const proj = await (await browser.newContext({ viewport: LAPTOP })).newPage();
  await proj.goto(`${server.url}/watch/${g.observer_code}`);
  const all = async (turn, ph) => { for (const s of SEATS) await waitPhase(pages[s], turn, ph); };
  const readyAllSeats = () => readyAll(SEATS.map((s) => pages[s]));
  // Each seat spends its budget as a class would: up to three affordable
  // actions (one cheap order a turn left every seat below its par); first
  // what the seat promised to pay this turn (kept promises).
  const spend = async (p) => {
    for (const pay of await p.locator('.promises button.pay').all()) await pay.click();
    await fillDraft(p, 3);
  };
  const orderAll = async () => {
    for (const s of SEATS) {
      const p = pages[s];
      await p.click('#tab-orders');
      await spend(p);
      await p.click('#send-orders');
      await p.waitForFunction(() => { const gm = /** @type {any} */ (window).__gg.game; return gm.acked && gm.acked.o.length >= 1; });
      await p.click('#ready:not([disabled])');
    }
  };
  // No toast in a picture for the README (it goes by itself in 8 s); the
  // page from its top (adding orders scrolls it), unless told otherwise.
  const shot = async (page, name, top = true) => {
    for (const b of await page.locator('.toast button').all()) await b.click();
    if (top) await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(out, name) });
  };

  await all(1, 'diplomacy');
  const cn = pages.china, kz = pages.kazakhstan;
  await cn.click('#tab-deals');
  await cn.check('#party-kazakhstan');
  await cn.selectOption('#clause-kind', 'consent');
  await cn.click('#add-clause');
  await cn.fill('#cl0-fee', '1');
  await cn.press('#cl0-fee', 'Tab');
  await cn.click('#send-deal');
  await kz.click('#tab-deals');
  await kz.locator('.deals .cards').first().locator('button.primary').click();
  await say(cn, 'public', 'China will fund the Khorgos dry port. Who wants in?');
  await say(pages.russia, 'west', 'Sanctions or not, we should keep the Caspian route quiet.');
  await say(pages.west, 'russia', 'Agreed, if you stay out of the elite this year.');
  await readyAllSeats();
  await all(1, 'orders');
  await orderAll();
  await all(2, 'diplomacy');

  // Turn 2: the score track has points now.
  const mod = (await wsCalls(proj, g.moderator_code, [{ t: 'inject_event', ev: 'january_unrest' }])).replies[0][0].t;
  if (mod !== 'ok') throw new Error('inject_event: ' + mod);
  await pages.west.click('#tab-chat');
  await pages.west.click('#chan-russia');
  await pages.west.waitForSelector('.chat-log li');
  await pages.russia.click('#tab-chat');
  await pages.russia.click('#chan-west');
  await pages.russia.waitForSelector('.chat-log li:has-text("Agreed")');
  await shot(pages.russia, 'chat-laptop.png');
  // The West says ready, then Russia offers a pledge: diplomacy waits for
  // the West's answer, and its phone says so ([P6.13]).
  const we = pages.west, ru = pages.russia;
  await we.click('#tab-orders');
  await we.click('#ready:not([disabled])');
  await we.waitForSelector('#ready.done');
  await ru.click('#tab-deals');
  await ru.check('#party-west');
  await ru.selectOption('#clause-kind', 'pledge');
  await ru.click('#add-clause');
  await ru.click('#send-deal');
  await we.waitForSelector('.answer-bar');
  await shot(we, 'answer-phone.png');
  await we.locator('.answer-bar button.primary').click();
  await we.waitForSelector('.answer-bar', { state: 'detached' });
  await readyAllSeats();
  await all(2, 'orders');
  await cn.click('#tab-orders');
  await spend(cn);
  await shot(cn, 'player-laptop.png');
  await pages.west.click('#tab-news');
  await shot(pages.west, 'player-phone.png');
  await proj.waitForTimeout(300);
  await shot(proj, 'projector.png');
  await cn.click('#send-orders');
  await readyAllSeats();
  await waitPhase(kz, 2, 'crisis');
  // (a redraw may replace the card mid-scroll: scroll the one on the page)
  await kz.waitForSelector('.crisis');
  await kz.evaluate(() => { const el = document.querySelector('.crisis'); if (el) el.scrollIntoView({ block: 'nearest' }); });
  await shot(kz, 'crisis-phone-kk.png', false);
  console.log(`screenshots in ${out}: player-laptop, player-phone, projector, chat-laptop, answer-phone, crisis-phone-kk`);
} finally {
  await browser.close();
  await server.stop();
}
