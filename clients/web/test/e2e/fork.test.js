// Fork a what-if from the teacher's console, end to end against a real
// gg-server with a journal on loopback: server bots play a table; its
// console (moderator code typed in) watches turns 1..3 resolve; "Fork from
// turn 3" shows the new game's codes, and its first state hash equals the
// turn-3 hash the console saw in the original's turn_result; the fork's
// console opens with the new moderator code and finds the game after turn
// 3; axe on the console with the codes shown; a screenshot to
// $GG_WEB_ARTIFACTS.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch, axe, ARTIFACTS, LAPTOP } from '../browser.js';
import { startServer, createGame } from '../server.js';

let browser, server, dataDir;

before(async () => {
  browser = await launch();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gg-web-fork-'));
  // --data after the harness's --no-journal: forks are made from the journal.
  server = await startServer(['--data', dataDir]);
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Polls fn() in the page until it returns a truthy value (60 s). A throw
 * counts as "not yet": after a navigation the page's modules (and
 * window.__gg) may not have run when the first poll lands. */
async function until(page, fn, arg = null) {
  const deadline = Date.now() + 60000;
  let last = null;
  for (;;) {
    let v = null;
    try { v = await page.evaluate(fn, arg); } catch (e) { last = e; }
    if (v) return v;
    if (Date.now() > deadline) throw new Error('timed out waiting for ' + fn + (last ? ' (last error: ' + last.message + ')' : ''));
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('the console forks a table at turn 3: new codes, the original’s turn-3 hash', async () => {
  const g = createGame(server.port, ['--scenario', 'belt-and-road', '--seed', '31337',
    '--bots', 'china=greedy,russia=greedy,west=greedy,kazakhstan=greedy']);
  const ctx = await browser.newContext({ viewport: LAPTOP });
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}/teacher/game/${g.game_id}`);
  await page.waitForSelector('#mod-0');
  await page.fill('#mod-0', g.moderator_code);
  await page.click('form.card button[type=submit]');
  // Server bots alone: a phase a second. Wait for turn 3's result.
  const hash3 = await until(page, () => {
    const tb = /** @type {any} */ (window).__gg.tables[0];
    const r = tb.game.results.find((m) => m.turn === 3);
    return r ? r.hash : null;
  });
  await page.waitForSelector('#fork-turn-0 option[value="3"]', { state: 'attached' });
  await page.selectOption('#fork-turn-0', '3');
  await page.click('button.fork-go:has-text("Fork from turn 3")');
  await page.waitForSelector('.forked .fork-codes code[data-seat="moderator"]');
  const shown = await page.$$eval('.fork-codes code', (els) =>
    Object.fromEntries(els.map((e) => [e.getAttribute('data-seat'), e.textContent])));
  const forked = await page.evaluate(() => /** @type {any} */ (window).__gg.tables[0].forked);
  assert.equal(forked.turn, 3);
  assert.equal(forked.from, g.game_id);
  assert.notEqual(forked.game, g.game_id);
  assert.equal(forked.hash, hash3, 'the fork starts on the original’s turn-3 hash');
  assert.match(await page.textContent('.forked'), new RegExp(forked.hash));
  for (const s of ['china', 'russia', 'west', 'kazakhstan']) {
    assert.equal(shown[s], forked.codes[s]);
    assert.notEqual(shown[s], g.seat_codes[s], 'new codes');
  }
  assert.equal(shown.observer, forked.obs);
  assert.equal(shown.moderator, forked.mod);
  assert.notEqual(forked.mod, g.moderator_code);
  assert.deepEqual(await axe(page), [], 'console with a fork: axe');
  await page.screenshot({ path: path.join(ARTIFACTS, 'teacher-fork-laptop.png'), fullPage: true });

  // The fork's console: opened from the link, joined with the new moderator
  // code (kept by the page), the game where turn 3 left it.
  await page.click('.forked a');
  await page.waitForURL(new RegExp('/teacher/game/' + forked.game + '$'));
  const st = await until(page, () => {
    const tb = /** @type {any} */ (window).__gg.tables[0];
    return tb.status === 'joined' && tb.game.state ? { turn: tb.game.state.turn, phase: tb.game.state.phase } : null;
  });
  assert.ok(st.turn >= 4 || (st.turn === 3 && st.phase === 'crisis'), `the fork at turn ${st.turn} ${st.phase}`);
  assert.deepEqual(errors, []);
  await ctx.close();
});
