// test/play.js — what a player does in a page, as the browser tests and
// scripts/docs-shots.mjs drive it: wait for a phase, say something in a chat
// channel, say ready, fill the orders draft. Each step waits for the page to
// show it done before it returns, so the next step never races a redraw.

/** @typedef {import('playwright-core').Page} Page */

/**
 * Resolves when the page's game is at (turn, phase), or over.
 * @param {Page} page @param {number} turn @param {string} phase
 */
export async function waitPhase(page, turn, phase) {
  await page.waitForFunction(([tn, ph]) => {
    const g = /** @type {any} */ (window).__gg && /** @type {any} */ (window).__gg.game;
    return g && g.state && ((g.state.turn === tn && g.state.phase === ph) || g.over);
  }, [turn, phase], { timeout: 30000 });
}

/**
 * Says `text` in channel `chan` (public, team or a seat) and waits until the
 * server's copy of the line is in the page's log.
 * @param {Page} page @param {string} chan @param {string} text
 */
export async function say(page, chan, text) {
  await page.click('#tab-chat');
  await page.click('#chan-' + chan);
  await page.waitForSelector(`#chan-${chan}[aria-selected=true]`);
  await page.fill('#chat-input', text);
  await page.press('#chat-input', 'Enter');
  await page.locator('.chat-log li .text', { hasText: text }).first().waitFor();
}

/**
 * Each page says Ready (a page that has already said it is left alone).
 * @param {Page[]} pages
 */
export async function readyAll(pages) {
  for (const p of pages) {
    await p.click('#tab-orders');
    if (!(await p.locator('#ready.done').count())) await p.click('#ready:not([disabled])');
  }
}

/**
 * Adds up to `max` affordable actions to the orders draft, in the page's
 * order. An add redraws the cards (what is still affordable) on the next
 * frame: each waits for the draft to hold the order before looking again.
 * @param {Page} page @param {number} max
 */
export async function fillDraft(page, max) {
  for (let i = 0; i < max; i++) {
    const add = page.locator('.cards .add:not([disabled])').first();
    if (!(await add.count())) break;
    const before = await page.locator('.draft-list li').count();
    await add.click();
    await page.waitForFunction((n) => document.querySelectorAll('.draft-list li').length > n, before);
  }
}
